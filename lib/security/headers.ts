// Security headers of every response (proxy.ts for pages and routes; next.config.ts for the static
// files the proxy does not see). Pure functions of their inputs: unit-tested in proxy.test.ts.
//
// The Content-Security-Policy of a page allows only scripts carrying the request's nonce (Next puts
// it on its own scripts when it finds it in the request's CSP header) and what they load
// ('strict-dynamic'). Styles: stylesheets and <style> elements need the nonce too, but style
// *attributes* are allowed ('unsafe-inline' in style-src-attr only): recharts positions and colours
// its SVG with them, and React's `style` props are attributes. An attribute cannot run script or
// load anything; the nonce keeps injected <style> elements out. Development adds what `next dev`
// needs: 'unsafe-eval' (React rebuilds server error stacks with eval) and inline styles (CSS hot
// reload inserts <style> elements without the nonce).
// API responses are JSON, never a document: their CSP forbids everything.

/** The request header carrying the page's nonce (for a server component that renders a <Script>). */
export const NONCE_HEADER = "x-nonce";

export type CspOptions = {
  /** The request's nonce; null for API responses. */
  nonce: string | null;
  isDevelopment: boolean;
  /** Ask browsers to fetch http: subresources over https (when the app is served over https). */
  upgradeInsecureRequests: boolean;
  /**
   * Allow <style> elements without the nonce: only the API reference page (API_REFERENCE_PATH), whose
   * renderer (Scalar) injects its stylesheet at run time and cannot be given a nonce. Scripts keep
   * needing the nonce there too; a style cannot run code.
   */
  allowInlineStyles?: boolean;
};

/** The API reference page: the one page whose CSP allows inline <style> (see CspOptions.allowInlineStyles). */
export const API_REFERENCE_PATH = "/docs/api";

export function contentSecurityPolicy(options: CspOptions): string {
  if (options.nonce === null) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  const nonce = `'nonce-${options.nonce}'`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${nonce} 'strict-dynamic'${options.isDevelopment ? " 'unsafe-eval'" : ""}`,
    // A nonce in style-src would make browsers ignore 'unsafe-inline': it is one or the other.
    options.isDevelopment || options.allowInlineStyles ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' ${nonce}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    options.isDevelopment ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.upgradeInsecureRequests) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable, and fresh for every request. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The headers that do not depend on the request. HSTS only in production (a development server is plain http). */
export function staticSecurityHeaders(isProduction: boolean): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // frame-ancestors 'none' says the same to browsers that read CSP; this is for those that do not.
    "x-frame-options": "DENY",
    ...(isProduction ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export function applySecurityHeaders(headers: Headers, options: { csp: string; isProduction: boolean }): void {
  headers.set("content-security-policy", options.csp);
  for (const [name, value] of Object.entries(staticSecurityHeaders(options.isProduction))) headers.set(name, value);
}
