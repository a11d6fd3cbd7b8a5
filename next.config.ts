import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that bundlers break; load it from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "undici"],
};

export default nextConfig;
