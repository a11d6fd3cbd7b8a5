// The incoming request's headers for server actions and pages (next/headers). Integration tests run
// actions outside a Next request, so they supply the headers of the request they stand for.
import { AsyncLocalStorage } from "node:async_hooks";

const suppliedHeaders = new AsyncLocalStorage<Headers>();

export async function requestHeaders(): Promise<Headers> {
  const supplied = suppliedHeaders.getStore();
  if (supplied) return supplied;
  const { headers } = await import("next/headers");
  return new Headers(await headers());
}

/** Runs `work` as if it were a request carrying `headers` (cookies included). */
export function withRequestHeaders<T>(headers: HeadersInit, work: () => Promise<T>): Promise<T> {
  return suppliedHeaders.run(new Headers(headers), work);
}
