import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  // Server modules start with `import "server-only"`, which Next resolves to an empty module on the
  // server and to an error in client bundles; tests run server code, so they take the server side.
  resolve: { alias: { "@": root, "server-only": path.join(root, "node_modules/server-only/empty.js") } },
  test: {
    // Two cores: separate processes (PGlite is WASM with its own heap), at most two at a time.
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          setupFiles: [path.join(root, "tests/setup/console.ts"), path.join(root, "tests/setup/fast-check.ts")],
          // A hang guard, not a speed target (those live in `npm run bench`): the
          // 100k-node format tests need headroom on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Migrates a template database once per run (PGlite dir, or PostgreSQL with TEST_DATABASE_URL).
          globalSetup: [path.join(root, "tests/setup/global-db.ts")],
          // Gives each test file its own clone of the template before any app module loads lib/db.
          setupFiles: [path.join(root, "tests/setup/db.ts"), path.join(root, "tests/setup/console.ts")],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
