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

/** A method a route does not have, answered with a JSON 405 (lib/api/methods.ts marks them). */
export type MethodRefusal = { key: string; handler: any; allowedMethods: string[] };

/** Every exported method handler: the routes, and apart from them the 405s for methods they lack. */
export async function loadAllRoutes(): Promise<{ routes: LoadedRoute[]; refusals: MethodRefusal[] }> {
  const routes: LoadedRoute[] = [];
  const refusals: MethodRefusal[] = [];
  for (const file of filesNamed(path.join(ROOT, "app"), "route.ts").sort()) {
    const routeModule = await import(path.join(ROOT, file));
    for (const method of HTTP_METHODS) {
      const handler = routeModule[method];
      if (typeof handler !== "function") continue;
      const key = `${file} ${method}`;
      if (Array.isArray(handler.allowedMethods)) refusals.push({ key, handler, allowedMethods: handler.allowedMethods });
      else routes.push({ key, file, method, handler, options: handler.workspaceOptions });
    }
  }
  return { routes, refusals };
}

export async function loadRoutes(): Promise<LoadedRoute[]> {
  return (await loadAllRoutes()).routes;
}
