// `npm run db:seed`: apply pending migrations, then add the demo debate.
import { closeDb, db, ensurePgliteDataDir } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/demo/seed";
import { describeStartError } from "@/lib/ops/start-errors";

async function main() {
  await ensurePgliteDataDir();
  await applyMigrations();
  const { debateId } = await seedDemo(db());
  console.log(`[db] added the demo debate ${debateId}`);
}

main()
  .then(async () => {
    await closeDb();
    process.exit(0);
  })
  .catch(async (e: unknown) => {
    console.error(`[db] ${describeStartError(e)}`);
    await closeDb().catch(() => {});
    process.exit(1);
  });
