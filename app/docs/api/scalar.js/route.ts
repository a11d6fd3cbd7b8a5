// GET /docs/api/scalar.js — the API reference's renderer (Scalar's browser bundle, from node_modules),
// served by the app itself: the page's CSP allows scripts from 'self' only, never a CDN.
import { readFile } from "node:fs/promises";
import path from "node:path";

const BUNDLE = path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");
let bundle: Promise<Buffer> | null = null;

export async function GET() {
  bundle ??= readFile(BUNDLE).catch((error) => {
    bundle = null;
    throw error;
  });
  return new Response(new Uint8Array(await bundle), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      // The page asks for it with the package's version in the query: a new version is a new URL.
      "cache-control": "public, max-age=604800, immutable",
    },
  });
}
