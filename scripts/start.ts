// `npm start`: build when needed, migrate and seed the database, then serve.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { env, EnvError } from "@/lib/env";
import { buildIsFresh } from "@/lib/ops/build-freshness";

const ROOT = path.resolve(import.meta.dirname, "..");


function buildIfNeeded() {
  if (buildIsFresh(ROOT, process.env.NEXT_DIST_DIR || ".next") && !process.argv.includes("--rebuild")) return;
  console.log("[start] building the app (first start or sources changed)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
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
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts"], { cwd: ROOT, stdio: "inherit" });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);

  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], { cwd: ROOT, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

void main();
