// `npm run db:seed`: apply pending migrations, then add the demo debate.
import { db, ensurePgliteDataDir } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrate";
import { seedDemo } from "@/lib/server/demo/seed";
import { runCli } from "./lib/run-cli";

async function main() {
  await ensurePgliteDataDir();
  await applyMigrations();
  const { debateId } = await seedDemo(db());
  console.log(`[db] added the demo debate ${debateId}`);
}

runCli(main, { prefix: "[db] " });
