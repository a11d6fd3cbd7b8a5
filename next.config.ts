import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that bundlers break; load these from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "undici"],
  // Lets several builds (e2e runs in parallel work trees, benchmarks) live side by side.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
