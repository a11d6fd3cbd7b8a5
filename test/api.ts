/* eslint-disable @typescript-eslint/no-explicit-any -- test responses are inspected field by field */
// Calls a route handler module's export directly with a real Request: the same code path as
// `next start` minus the HTTP server, against the test's real database.
// `params: Promise<any>` so handlers typed with their own params (`{ id: string }`) are accepted.
import { appUrl } from "@/lib/auth/config";

/** An address of 198.18.0.0/15 (reserved for benchmarks, never a real client). */
export function randomTestAddress(): string {
  const n = Math.floor(Math.random() * 2 ** 17);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

type RouteHandler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export async function callRoute(
  handler: RouteHandler,
  options: {
    method?: string;
    path?: string;
    apiKey?: string;
    body?: unknown;
    /** A body sent as is: text, or bytes (invalid UTF-8, say). */
    rawBody?: string | Uint8Array<ArrayBuffer>;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    /** A Cookie header (a signed-in person's session, see test/auth.ts); sent with the app's Origin. */
    cookie?: string;
  } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  // Each call comes from its own address (as the proxy would leave it) unless the test names one, so
  // per-address rate limits only bite in the tests about them.
  const headers: Record<string, string> = { "x-forwarded-for": randomTestAddress(), ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.cookie) {
    headers.cookie = options.cookie;
    headers.origin ??= appUrl();
  }
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const request = new Request(`http://localhost${options.path ?? "/"}`, { method: options.method ?? "GET", headers, body });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
