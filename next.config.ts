import type { NextConfig } from "next";
import { quietRequestPaths } from "./lib/demo/config";
import { staticSecurityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // `next build` also writes .next/standalone/server.js with only the files it needs (Dockerfile,
  // scripts/smoke-standalone.mjs); `npm run build:standalone` copies the static files and migrations beside it.
  output: "standalone",
  // PGlite ships WebAssembly and data files that bundlers break; load it from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "undici", "rate-limiter-flexible"],
  // `forbidden()` renders app/forbidden.tsx with a 403 for a role without the page's permission.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // The demo receivers' requests are logged only with LOG_LEVEL=debug (lib/demo/config.ts).
  logging: { incomingRequests: { ignore: quietRequestPaths() } },
  // `next dev` serves its client resources only to its own origin unless told otherwise: opened at
  // 127.0.0.1 instead of localhost, the page hydrated nothing. Development only; builds ignore it.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  // Static files skip the proxy (proxy.ts sets every other response's headers, CSP included).
  async headers() {
    const headers = Object.entries(staticSecurityHeaders(process.env.NODE_ENV === "production")).map(([key, value]) => ({ key, value }));
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({ source, headers }));
  },
};

export default nextConfig;
