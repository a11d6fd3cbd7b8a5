import Link from "next/link";

// Next's built-in 404 page styles itself with an inline <style> element, which the
// Content-Security-Policy (nonce-only styles, proxy.ts) refuses; this one uses the app's stylesheet.
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="max-w-md text-sm text-slate-600">There is nothing at this address, or it belongs to another team.</p>
      <Link href="/usage" className="text-sm font-medium hover:underline">
        Back to Usage
      </Link>
    </main>
  );
}
