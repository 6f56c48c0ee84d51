// `npm run backup -- <file>`: write a logical backup of the whole instance
// (the database DATABASE_URL selects, else the embedded one under DATA_DIR).
import path from "node:path";
import { dbMode } from "@/lib/server/db/client";
import { backupToFile } from "@/lib/server/ops/backup";
import { runCli } from "./lib/run-cli";

async function main() {
  const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("Usage: npm run backup -- <file>   (e.g. npm run backup -- backup-2026-11-22.jsonl)");
    return 2;
  }
  const result = await backupToFile(path.resolve(file));
  const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const kb = (result.bytes / 1024).toFixed(0);
  console.log(`Backed up ${rows} rows from ${Object.keys(result.counts).length} tables (${dbMode()}) to ${file} (${kb} KiB, ${result.ms} ms).`);
  console.log("The file holds password hashes, token hashes and the session secret: keep it private.");
  return 0;
}

runCli(main, { prefix: "Backup failed: ", whenLocked: "stop the server, then run the backup again." });
