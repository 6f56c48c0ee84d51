// `npm start`: build when needed, migrate and seed the database, then serve.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { env, EnvError } from "@/lib/server/env";
import { ensureProductionBuild, ProductionBuildError } from "@/lib/server/ops/build-freshness";
import { serverProcessEnv } from "@/lib/server/ops/server-process";

const ROOT = path.resolve(import.meta.dirname, "..");

// `generate: true` runs `npm run generate` before `next build`, as `npm run build`
// does: someone who pulls a schema change and runs `npm start` without
// `npm install` (whose postinstall generates) would otherwise build against a
// stale Prisma client. The test and benchmark builds skip it, as they always
// have: they run in a developer's checkout, where `npm run generate` follows a
// schema change (docs/CONTRIBUTING.md).
function buildIfNeeded() {
  try {
    ensureProductionBuild(ROOT, process.env.NEXT_DIST_DIR || ".next", {
      force: process.argv.includes("--rebuild"),
      generate: true,
      log: (m) => console.log(`[start] ${m}`),
    });
  } catch (error) {
    if (!(error instanceof ProductionBuildError)) throw error;
    console.error(`[start] ${error.message}`);
    process.exit(error.exitCode);
  }
}

async function main() {
  let port: number;
  try {
    port = env().PORT;
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  buildIfNeeded();
  const prepared = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/prepare-db.ts"], { cwd: ROOT, stdio: "inherit" });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);

  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], { cwd: ROOT, stdio: "inherit", env: serverProcessEnv(process.env) });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

void main();
