/* eslint-disable @typescript-eslint/no-explicit-any -- route modules are loaded by path */
// Every route handler under app/, loaded by path: the authorization matrix and the fuzz suite walk
// them all, so a new route is tried without anyone remembering to add it.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Permission } from "@/lib/auth/roles";

const ROOT = process.cwd();
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type LoadedRoute = {
  /** "app/api/v1/webhooks/route.ts POST" */
  key: string;
  file: string;
  method: string;
  handler: any;
  /** withWorkspace's options; undefined for routes outside the team door. */
  options?: { permission: Permission; via: string };
};

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

export async function loadRoutes(): Promise<LoadedRoute[]> {
  const out: LoadedRoute[] = [];
  for (const file of filesNamed(path.join(ROOT, "app"), "route.ts").sort()) {
    const routeModule = await import(path.join(ROOT, file));
    for (const method of HTTP_METHODS) {
      const handler = routeModule[method];
      if (typeof handler === "function") out.push({ key: `${file} ${method}`, file, method, handler, options: handler.workspaceOptions });
    }
  }
  return out;
}
