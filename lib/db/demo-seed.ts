import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "./client";
import { ROOT } from "./migrate";

type SeedModule = { seedDemo?: (db: Db) => Promise<unknown> };

/** The demo seed module (lib/demo/seed.ts, exporting seedDemo(db)), if this checkout has one. */
export async function loadDemoSeed(): Promise<((db: Db) => Promise<unknown>) | undefined> {
  const candidates = ["seed.ts", "seed.js"].map((f) => path.join(ROOT, "lib", "demo", f));
  const file = candidates.find((f) => existsSync(f));
  if (!file) return undefined;
  // A computed specifier: the module is optional, so it is not part of the type graph.
  const mod = (await import(pathToFileURL(file).href)) as SeedModule;
  if (typeof mod.seedDemo !== "function") {
    throw new Error(`${path.relative(ROOT, file)} does not export seedDemo(db)`);
  }
  return mod.seedDemo;
}
