// ensureProductionBuild decides whether to build and how a build runs and fails,
// here against a stand-in for `next build` in a throwaway project root (the real
// build takes minutes; the integration tests' servers and the e2e server exercise it).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIsFresh, ensureProductionBuild, ProductionBuildError } from "@/lib/server/ops/build-freshness";

// Records each run (its environment) and writes BUILD_ID, or fails when FAKE_BUILD_FAIL is set.
const FAKE_NEXT = `
const fs = require("node:fs");
const path = require("node:path");
const dist = path.join(process.cwd(), process.env.NEXT_DIST_DIR);
fs.appendFileSync(path.join(process.cwd(), "runs.jsonl"), JSON.stringify({ argv: process.argv.slice(2), env: process.env }) + "\\n");
if (process.env.FAKE_BUILD_FAIL) {
  console.log("Creating an optimized production build ...");
  console.error("Type error: something broke");
  process.exit(3);
}
if (process.env.FAKE_EDIT_DURING_BUILD) {
  // Someone saves a source file while the build runs (after it read its sources).
  const file = path.join(process.cwd(), "app/page.tsx");
  const now = new Date();
  fs.utimesSync(file, now, now);
  const until = Date.now() + 50; // the build goes on a little after the save
  while (Date.now() < until);
}
fs.mkdirSync(dist, { recursive: true });
fs.writeFileSync(path.join(dist, "BUILD_ID"), "fake");
`;

let root: string;
const runs = () =>
  existsSync(path.join(root, "runs.jsonl"))
    ? readFileSync(path.join(root, "runs.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { argv: string[]; env: Record<string, string> })
    : [];
const past = (seconds: number) => new Date(Date.now() - seconds * 1000);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "bb-build-freshness-"));
  mkdirSync(path.join(root, "node_modules/next/dist/bin"), { recursive: true });
  writeFileSync(path.join(root, "node_modules/next/dist/bin/next"), FAKE_NEXT);
  mkdirSync(path.join(root, "app"));
  writeFileSync(path.join(root, "app/page.tsx"), "export default function Page() {}\n");
  utimesSync(path.join(root, "app/page.tsx"), past(60), past(60));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("ensureProductionBuild", () => {
  it("builds when there is no build, into the dist dir, as production, with the caller's environment", () => {
    const logs: string[] = [];
    const built = ensureProductionBuild(root, ".next-x", { env: { ...process.env, NODE_ENV: "test", SOME_SETTING: "kept" }, log: (m) => logs.push(m), output: "capture" });
    expect(built).toBe(true);
    expect(buildIsFresh(root, ".next-x")).toBe(true);
    const [run] = runs();
    expect(run!.argv).toEqual(["build"]);
    expect(run!.env).toMatchObject({ NEXT_DIST_DIR: ".next-x", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", SOME_SETTING: "kept" });
    expect(logs[0]).toBe("building into .next-x (no build yet)…");
    expect(logs[1]).toMatch(/^built in \d+\.\d s$/);
  });

  it("reuses a build newer than every source file, and rebuilds when a source file is newer", () => {
    ensureProductionBuild(root, ".next-x", { output: "capture" });
    const logs: string[] = [];
    expect(ensureProductionBuild(root, ".next-x", { log: (m) => logs.push(m), output: "capture" })).toBe(false);
    expect(logs).toEqual(["reusing the build in .next-x (newer than every source file)"]);
    expect(runs()).toHaveLength(1);

    utimesSync(path.join(root, ".next-x/BUILD_ID"), past(30), past(30));
    utimesSync(path.join(root, "app/page.tsx"), past(10), past(10));
    logs.length = 0;
    expect(ensureProductionBuild(root, ".next-x", { log: (m) => logs.push(m), output: "capture" })).toBe(true);
    expect(logs[0]).toBe("building into .next-x (sources changed)…");
    expect(runs()).toHaveLength(2);
  });

  it("a source file saved while the build ran makes that build stale", () => {
    // Without the BUILD_ID dated back to the build's start, the next run would serve a build
    // that lacks the edit (seen: a CSS change saved during a 12-minute build never shipped).
    ensureProductionBuild(root, ".next-x", { output: "capture", env: { ...process.env, FAKE_EDIT_DURING_BUILD: "1" } });
    expect(buildIsFresh(root, ".next-x")).toBe(false);
  });

  it("force builds over a fresh build; reuseStale keeps a stale one but builds a missing one", () => {
    ensureProductionBuild(root, ".next-x", { output: "capture" });
    expect(ensureProductionBuild(root, ".next-x", { force: true, output: "capture" })).toBe(true);
    expect(runs()).toHaveLength(2);

    utimesSync(path.join(root, ".next-x/BUILD_ID"), past(300), past(300));
    expect(buildIsFresh(root, ".next-x")).toBe(false);
    expect(ensureProductionBuild(root, ".next-x", { reuseStale: true, output: "capture" })).toBe(false);
    expect(runs()).toHaveLength(2);
    expect(ensureProductionBuild(root, ".next-y", { reuseStale: true, output: "capture" })).toBe(true);
    expect(runs()).toHaveLength(3);
  });

  it("throws a ProductionBuildError with the exit code, and with the build's output when it was captured", () => {
    const env = { ...process.env, FAKE_BUILD_FAIL: "1" };
    let error: unknown;
    try {
      ensureProductionBuild(root, ".next-x", { env, output: "capture" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProductionBuildError);
    expect((error as ProductionBuildError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/^next build for \.next-x failed \(exit code 3\)\n/);
    expect((error as Error).message).toContain("Creating an optimized production build");
    expect((error as Error).message).toContain("Type error: something broke");
    expect(existsSync(path.join(root, ".next-x/BUILD_ID"))).toBe(false);
  });

  it("with generate, runs `npm run generate` first and does not build when it fails", () => {
    const script = (body: string) => JSON.stringify({ name: "fake", private: true, scripts: { generate: `node -e ${JSON.stringify(body)}` } });
    writeFileSync(path.join(root, "package.json"), script(`require("fs").writeFileSync("generated.txt", String(Date.now()))`));
    utimesSync(path.join(root, "package.json"), past(60), past(60));
    expect(ensureProductionBuild(root, ".next-x", { generate: true, output: "capture" })).toBe(true);
    expect(existsSync(path.join(root, "generated.txt"))).toBe(true);
    expect(runs()).toHaveLength(1);

    writeFileSync(path.join(root, "package.json"), script("process.exit(5)"));
    expect(() => ensureProductionBuild(root, ".next-x", { generate: true, output: "capture" })).toThrow(/^npm run generate for \.next-x failed \(exit code 5\)/);
    expect(runs()).toHaveLength(1);
  });
});
