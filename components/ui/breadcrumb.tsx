import Link from "next/link";
import { Fragment } from "react";

/** Trail above a page title; every item but the last is a link. */
export function Breadcrumb({ items }: { items: Array<{ label: string; href?: string }> }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
      {items.map((item, index) => (
        <Fragment key={`${index}-${item.label}`}>
          {index > 0 ? <span className="mx-1.5">/</span> : null}
          {item.href ? (
            <Link href={item.href} className="hover:text-slate-900 hover:underline">
              {item.label}
            </Link>
          ) : (
            <span className="text-slate-700">{item.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}
