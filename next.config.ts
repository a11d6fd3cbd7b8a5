import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that bundlers break; load it from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "undici"],
  // `forbidden()` renders app/forbidden.tsx with a 403 for a role without the page's permission.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
