import type { NextConfig } from "next";
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
  // Static files skip the proxy (proxy.ts sets every other response's headers, CSP included).
  async headers() {
    const headers = Object.entries(staticSecurityHeaders(process.env.NODE_ENV === "production")).map(([key, value]) => ({ key, value }));
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({ source, headers }));
  },
};

export default nextConfig;
