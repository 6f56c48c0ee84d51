// The server Playwright tests run against (playwright.config.ts `webServer`):
// a production build in a separate dist dir, served by `next start` on a fresh
// PGlite data dir with the demo seed. Never touches the dev `.next` or `./data`.
//
//   E2E_PORT (3111)  E2E_DIST_DIR (.next-test)  E2E_DATA_DIR (data/e2e)
//   E2E_REBUILD=1 forces a build; otherwise the build is reused while it is
//   newer than every source file (lib/server/ops/build-freshness.ts). .next-test is
//   the integration tests' servers' build too (tests/support/servers.ts), so in
//   `npm test` the integration pass has built it and this reuses it.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureProductionBuild, ProductionBuildError } from "../lib/server/ops/build-freshness";
import { serverProcessEnv } from "../lib/server/ops/server-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = process.env.E2E_PORT ?? "3111";
const DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-test";
const DATA_DIR = path.resolve(ROOT, process.env.E2E_DATA_DIR ?? "data/e2e");

const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_DIST_DIR: DIST_DIR,
  DATA_DIR,
  SEED_DEMO: "true",
  // Tests sign up and post far more than a person would; the rate-limit rules
  // themselves are covered by integration tests.
  RATE_LIMIT_MULTIPLIER: process.env.E2E_RATE_LIMIT_MULTIPLIER ?? "1000",
  NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
// Always the embedded database, on its own fresh dir.
delete serverEnv.DATABASE_URL;
delete serverEnv.TEST_DATABASE_URL;
delete serverEnv.NEXTAUTH_SECRET;


function log(message: string) {
  console.log(`[e2e-server] ${message}`);
}

function buildIfNeeded() {
  try {
    const built = ensureProductionBuild(ROOT, DIST_DIR, { force: process.env.E2E_REBUILD === "1", env: serverEnv, log });
    if (!built) log("E2E_REBUILD=1 forces a new build");
  } catch (error) {
    if (!(error instanceof ProductionBuildError)) throw error;
    log(error.message);
    process.exit(error.exitCode);
  }
}

function main() {
  buildIfNeeded();

  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const prepared = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/prepare-db.ts"], { cwd: ROOT, stdio: "inherit", env: serverEnv });
  if (prepared.status !== 0) {
    log("preparing the database failed");
    process.exit(prepared.status ?? 1);
  }

  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  log(`serving on http://127.0.0.1:${PORT} (data: ${path.relative(ROOT, DATA_DIR)})`);
  const server = spawn(process.execPath, [nextBin, "start", "-p", PORT, "-H", "127.0.0.1"], { cwd: ROOT, stdio: "inherit", env: serverProcessEnv(serverEnv) });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main();
