import Link from "next/link";
import { NavLinks } from "@/components/layout/nav-links";

export default function DashboardLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 border-r border-slate-200 bg-white p-4">
        <Link href="/usage" className="mb-6 flex items-center gap-2 px-3 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-blue-600" />
          Hookline
        </Link>
        <NavLinks />
      </aside>
      <main className="min-w-0 flex-1 p-8">{children}</main>
    </div>
  );
}
