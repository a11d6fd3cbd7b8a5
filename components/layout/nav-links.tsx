"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useAllowed } from "@/components/auth/workspace-context";
import type { Permission } from "@/lib/auth/roles";

// Settings pages a role cannot open are left out (the pages refuse them anyway).
// The API reference opens as a full page load: its renderer needs that page's own CSP (inline styles),
// and a client-side navigation would keep the previous page's.
const LINKS: ReadonlyArray<{ href: string; label: string; permission?: Permission; isDocument?: boolean }> = [
  { href: "/usage", label: "Usage" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/events", label: "Events" },
  { href: "/searches", label: "Searches" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/api-keys", label: "API keys", permission: "api_key.manage" },
  { href: "/settings/audit-log", label: "Audit log", permission: "audit.read" },
  { href: "/docs/api", label: "API reference", isDocument: true },
];

export function NavLinks() {
  const pathname = usePathname();
  const allowed = useAllowed();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {LINKS.filter((link) => !link.permission || allowed[link.permission]).map((link) => {
        const isCurrent = pathname === link.href || pathname.startsWith(`${link.href}/`);
        const props = {
          href: link.href,
          "aria-current": isCurrent ? ("page" as const) : undefined,
          className: `rounded-md px-3 py-2 text-sm font-medium transition-colors ${isCurrent ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200"}`,
        };
        return link.isDocument ? (
          <a key={link.href} {...props}>
            {link.label}
          </a>
        ) : (
          <Link key={link.href} {...props}>
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
