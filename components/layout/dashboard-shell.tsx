"use client";
// The dashboard's frame: a sidebar from the md breakpoint up; below it, a top bar whose Menu button
// opens the same sidebar over the page (closed again on navigation, Escape, or a tap outside).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useState } from "react";

export function DashboardShell({ sidebar, children }: { sidebar: React.ReactNode; children: React.ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const pathname = usePathname();
  const menuId = useId();
  // A navigation closes the menu: it is open only while the path it was opened on is shown.
  const isMenuShown = isOpen && openedAt === pathname;

  useEffect(() => {
    if (!isMenuShown) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setIsOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [isMenuShown]);

  return (
    <div className="min-h-screen md:flex">
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 md:hidden">
        <Link href="/usage" className="flex items-center gap-2 text-base font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-blue-600" />
          Hookline
        </Link>
        <button
          type="button"
          aria-expanded={isMenuShown}
          aria-controls={menuId}
          onClick={() => {
            setOpenedAt(pathname);
            setIsOpen(!isMenuShown);
          }}
          className="inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:outline-none"
        >
          <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
            <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
          </svg>
          Menu
        </button>
      </header>
      {isMenuShown ? <div aria-hidden className="fixed inset-0 z-30 bg-slate-900/30 md:hidden" onClick={() => setIsOpen(false)} /> : null}
      <aside
        id={menuId}
        className={`${isMenuShown ? "fixed inset-y-0 left-0 z-40 flex w-64 max-w-[85vw] overflow-y-auto shadow-xl" : "hidden"} flex-col border-r border-slate-200 bg-white p-4 md:sticky md:top-0 md:flex md:h-screen md:w-56 md:shrink-0 md:shadow-none`}
      >
        {sidebar}
      </aside>
      <main className="min-w-0 flex-1 p-4 sm:p-6 lg:p-8">{children}</main>
    </div>
  );
}
