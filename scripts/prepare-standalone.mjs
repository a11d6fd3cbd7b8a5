// npm run build:standalone — after `next build` (output: "standalone"), puts beside
// .next/standalone/server.js what Next leaves out of it: the static assets (.next/static), public/
// (if any) and the SQL migrations the server applies at start (db/migrations, found from the server's
// working directory; MIGRATIONS_DIR overrides it). The result is self-contained: copy
// .next/standalone anywhere and run `node server.js` (the Dockerfile does).
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const standalone = path.join(root, ".next", "standalone");
if (!existsSync(path.join(standalone, "server.js"))) {
  console.error('No .next/standalone/server.js: run `next build` with output: "standalone" first.');
  process.exit(1);
}
const copies = [
  [path.join(root, ".next", "static"), path.join(standalone, ".next", "static")],
  [path.join(root, "public"), path.join(standalone, "public")],
  [path.join(root, "db", "migrations"), path.join(standalone, "db", "migrations")],
];
for (const [from, to] of copies) {
  if (!existsSync(from)) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
// A development database or key that the build's file tracing picked up never ships.
rmSync(path.join(standalone, ".data"), { recursive: true, force: true });
console.log(`standalone server ready: node ${path.relative(root, path.join(standalone, "server.js"))}`);
