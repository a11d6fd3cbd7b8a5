// /docs/api — the public API's reference, rendered from /api/v1/openapi.json. Behind sign-in like
// every dashboard page: it sits beside the person's API keys, and its "Test Request" calls this team's
// data. (The OpenAPI document itself stays public at /api/v1/openapi.json, for tools.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { connection } from "next/server";
import { ApiReference } from "@/components/docs/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import { getPageWorkspace } from "@/lib/auth/page";

/** The renderer's version: its bundle's URL changes with it, so browsers may cache each one for good. */
const SCALAR_VERSION = (
  JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "package.json"), "utf8")) as { version: string }
).version;

export const metadata = { title: "API reference · Hookline" };

export default async function ApiReferencePage() {
  await connection();
  await getPageWorkspace();
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every /api/v1 route with its parameters and answers. Open a route and press Test Request to call it with an API key (Settings → API keys)."
      />
      <ApiReference bundleUrl={`/docs/api/scalar.js?v=${SCALAR_VERSION}`} />
    </>
  );
}
