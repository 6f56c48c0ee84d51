import { defineConfig } from "prisma/config";

// Migrations run through scripts/db-migrate.ts (Prisma's WASM schema engine),
// so no datasource URL is needed here; `prisma generate` only reads the schema.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
