// Apply pending migrations to the database the environment selects
// (DATABASE_URL → PostgreSQL, else PGlite under DATA_DIR).
import { dbMode, ensurePgliteDataDir } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrate";
import { env, pgliteDataDir } from "@/lib/server/env";
import { runCli } from "./lib/run-cli";

async function main() {
  const mode = dbMode();
  const where = mode === "postgres" ? redact(env().DATABASE_URL ?? "") : pgliteDataDir();
  console.log(`Migrating ${mode} database at ${where}`);
  const started = Date.now();
  await ensurePgliteDataDir();
  const { applied } = await applyMigrations();
  const ms = Date.now() - started;
  if (applied.length === 0) console.log(`Database is up to date; no migration to apply (${ms} ms).`);
  else {
    for (const name of applied) console.log(`  applied ${name}`);
    console.log(`Applied ${applied.length} migration(s) in ${ms} ms.`);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

runCli(main);
