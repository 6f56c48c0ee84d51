// Drop everything in the selected database, migrate from scratch, then seed the demo.
// Usage: npm run db:reset -- --yes   (or answer the prompt in a terminal)
import { rmSync } from "node:fs";
import readline from "node:readline/promises";
import pg from "pg";
import { db, dbMode } from "@/lib/server/db/client";
import { acquireLock } from "@/lib/server/db/lock";
import { applyMigrations } from "@/lib/server/db/migrate";
import { seedDemo } from "@/lib/server/demo/seed";
import { env, pgliteDataDir } from "@/lib/server/env";
import { runCli } from "./lib/run-cli";

async function confirm(what: string): Promise<boolean> {
  if (process.argv.includes("--yes") || process.argv.includes("-y")) return true;
  if (!process.stdin.isTTY) {
    console.error(`Refusing to reset ${what} without confirmation: pass --yes.`);
    return false;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`This deletes ALL data in ${what}. Type "yes" to continue: `);
  rl.close();
  return answer.trim().toLowerCase() === "yes";
}

async function main(): Promise<number> {
  const mode = dbMode();
  const what =
    mode === "postgres"
      ? `the PostgreSQL database ${env().DATABASE_URL?.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")}`
      : `the PGlite database in ${pgliteDataDir()}`;
  if (!(await confirm(what))) return 1;

  if (mode === "pglite") {
    const dir = pgliteDataDir();
    const lock = acquireLock(dir); // refuses while the app (or anything else) has it open
    try {
      rmSync(dir, { recursive: true, force: true });
    } finally {
      lock.release();
    }
    console.log(`Removed ${dir}`);
  } else {
    const client = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    } finally {
      await client.end();
    }
    console.log("Dropped and recreated schema public");
  }

  const { applied } = await applyMigrations();
  for (const name of applied) console.log(`  applied ${name}`);

  await seedDemo(db());
  console.log("Seeded the demo data.");
  return 0;
}

runCli(main, { expected: (e) => (e instanceof Error ? e.message : String(e)) });
