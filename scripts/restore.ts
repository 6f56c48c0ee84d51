// `npm run restore -- <file> [--force]`: restore a backup made by `npm run backup`
// into the database DATABASE_URL selects (else the embedded one under DATA_DIR).
// One transaction: all rows or nothing. An empty database is migrated first.
import path from "node:path";
import { dbMode, ensurePgliteDataDir } from "@/lib/server/db/client";
import { restoreFromFile } from "@/lib/server/ops/backup";
import { runCli } from "./lib/run-cli";

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("Usage: npm run restore -- <file> [--force]   (--force replaces the data of a database that is not empty)");
    return 2;
  }
  await ensurePgliteDataDir(); // a new embedded folder is created whole and private (0700), as on start
  const result = await restoreFromFile(path.resolve(file), { force: args.includes("--force") });
  for (const m of result.migratedFirst) console.log(`  applied migration ${m}`);
  const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
  console.log(`Restored ${rows} rows into ${Object.keys(result.counts).length} tables (${dbMode()}) from ${file} in ${result.ms} ms.`);
  return 0;
}

runCli(main, { prefix: "Restore failed, nothing was restored: ", whenLocked: "stop the server, then run the restore again." });
