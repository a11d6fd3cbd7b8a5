import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDataHome, pgliteDataDir } from "./data-dir";

describe("the embedded database's default folder", () => {
  it("is outside the project, in the user's data home, one per checkout", () => {
    const project = "/home/ana/code/hookline";
    const dir = pgliteDataDir({ HOME: "/home/ana" }, project);
    expect(dir.startsWith(`${project}${path.sep}`)).toBe(false);
    expect(dir).toMatch(/^\/home\/ana\/\.local\/share\/hookline\/hookline-[0-9a-f]{10}\/pglite$/);
    expect(pgliteDataDir({ HOME: "/home/ana" }, "/home/ana/other/hookline")).not.toBe(dir);
    expect(pgliteDataDir({ HOME: "/home/ana" }, project)).toBe(dir);
  });

  it("follows XDG_DATA_HOME and PGLITE_DIR", () => {
    expect(defaultDataHome({ XDG_DATA_HOME: "/data", HOME: "/home/ana" }, "/srv/app")).toMatch(/^\/data\/hookline\/app-[0-9a-f]{10}$/);
    expect(pgliteDataDir({ PGLITE_DIR: "memory://", HOME: "/home/ana" }, "/srv/app")).toBe("memory://");
    expect(pgliteDataDir({ PGLITE_DIR: "/tmp/db", HOME: "/home/ana" }, "/srv/app")).toBe("/tmp/db");
  });
});
