// Where the embedded database (and the development encryption key beside it) lives by default:
// outside the project, in the user's data folder, one folder per checkout. Inside the project,
// `next dev` saw every database write as a changed file and rebuilt and reloaded the page on each
// one after a restart (issue 18); no watcher looks at ~/.local/share.
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

type Env = Record<string, string | undefined>;

/** The folder under the per-user data home that holds this checkout's data (`…/hookline/<project>-<hash>`). */
export function defaultDataHome(env: Env = process.env, cwd: string = process.cwd()): string {
  const base = env.XDG_DATA_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), ".local", "share");
  const project = path.resolve(cwd);
  const id = createHash("sha256").update(project).digest("hex").slice(0, 10);
  const name = path.basename(project).replace(/[^A-Za-z0-9._-]/g, "_") || "project";
  return path.join(base, "hookline", `${name}-${id}`);
}

/** The embedded database's folder: PGLITE_DIR, else `defaultDataHome()/pglite`. */
export function pgliteDataDir(env: Env = process.env, cwd: string = process.cwd()): string {
  return env.PGLITE_DIR?.trim() || path.join(defaultDataHome(env, cwd), "pglite");
}

/** Where versions before issue 18 kept the embedded database: inside the project. */
export function legacyPgliteDataDir(cwd: string = process.cwd()): string {
  return path.join(cwd, ".data", "pglite");
}
