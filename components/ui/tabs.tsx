// Tabs that are links, so the selected tab lives in the URL (?status=failed) and survives a reload.
import Link from "next/link";

export type TabLinkItem = { href: string; label: string; count?: number; isActive: boolean; dotColor?: string };

export function TabLinks({ items, label }: { items: TabLinkItem[]; label: string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          scroll={false}
          aria-current={item.isActive ? "page" : undefined}
          className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
            item.isActive ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
          }`}
        >
          {item.dotColor ? <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: item.dotColor }} /> : null}
          {item.label}
          {item.count !== undefined ? (
            <span className={`rounded-full px-1.5 text-xs tabular-nums ${item.isActive ? "bg-slate-100" : "bg-slate-200/70"}`}>
              {item.count.toLocaleString("en-US")}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
