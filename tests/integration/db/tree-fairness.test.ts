import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import {
  ensureBuild,
  insertTokenUsers,
  migratedPgliteDir,
  request,
  serverEnv,
  sleep,
  startServer,
  withPglite,
  type Server,
} from "@/tests/support/servers";

// Big anonymous readers take turns with everyone else (#17): the full tree read goes out in
// short slices (lib/server/debate/tree-pages.ts), so the home page, which needs the database
// too, answers between them instead of after them. Measured as a ratio against the reads'
// own duration, never as an absolute time.

const NODES = 40_000;
const READERS = 4;

let server: Server | undefined;
let dataDir: string;

beforeAll(async () => {
  await ensureBuild();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-fair-"));
  const dir = path.join(dataDir, "pglite");
  await migratedPgliteDir(dir, inject("dbTemplate"));
  await withPglite(dir, async (q) => {
    const [owner] = await insertTokenUsers(q, 1, "fair");
    await q(
      `INSERT INTO "Debate" ("id", "title", "context", "visibility", "ownerId", "inviteCode", "updatedAt", "lastMoveAt")
       VALUES ('big', 'A large debate', '', 'PUBLIC', $1, 'inv-big', timezone('UTC', now()), timezone('UTC', now()))`,
      [owner!.id],
    );
    await q(`INSERT INTO "Membership" ("id", "debateId", "userId", "side", "role") VALUES ('m-big', 'big', $1, 'BUILDER', 'OWNER')`, [owner!.id]);
    // A proposal, 200 branches under it, the rest spread under the branches; a few hundred characters each.
    await q(
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body", "createdAt", "updatedAt")
       SELECT 'n' || i, 'big', CASE WHEN i = 0 THEN NULL WHEN i <= 200 THEN 'n0' ELSE 'n' || (1 + i % 200) END,
              CASE WHEN i = 0 THEN 0 WHEN i <= 200 THEN 1 ELSE 2 END,
              CASE WHEN i = 0 THEN 'PROPOSAL' ELSE 'COUNTEREXAMPLE' END::"NodeKind",
              CASE WHEN i = 0 THEN 'BUILDER' ELSE 'BREAKER' END::"Side", $1, 'Node ' || i,
              repeat('A claim with some words in it, ' || i || '. ', 8),
              timestamp '2026-01-01' + i * interval '1 second', timestamp '2026-01-01' + i * interval '1 second'
       FROM generate_series(0, ${NODES - 1}) AS i`,
      [owner!.id],
    );
  });
  server = await startServer({ env: serverEnv({ DATA_DIR: dataDir }), readyTimeoutMs: 60_000 });
}, 360_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it("the home page answers while four full reads of a 40,000-node debate stream", async () => {
  const s = server!;
  const tree = `${s.url}/api/v1/debates/big/tree`;
  // Warm up: the routes, the pool, the home page's query.
  const warm = await request(tree, { timeoutMs: 120_000 });
  expect(warm.status).toBe(200);
  expect((warm.json as { nodes: unknown[] }).nodes).toHaveLength(NODES);
  expect((await request(`${s.url}/`, { timeoutMs: 60_000 })).status).toBe(200);

  let readsDone = 0;
  const started = Date.now();
  const reads = Array.from({ length: READERS }, () =>
    request(tree, { timeoutMs: 240_000, headers: { "accept-encoding": "identity" } }).then((r) => {
      readsDone++;
      return r;
    }),
  );
  await sleep(300); // the reads are under way
  const homes: { ms: number; status: number; during: boolean }[] = [];
  while (readsDone === 0 && homes.length < 20) {
    const home = await request(`${s.url}/`, { timeoutMs: 120_000 });
    homes.push({ ms: home.ms, status: home.status, during: readsDone === 0 });
    await sleep(100);
  }
  const results = await Promise.all(reads);
  const readsMs = Date.now() - started;
  const during = homes.filter((h) => h.during);
  const slowest = Math.max(...during.map((h) => h.ms));
  console.log(`[fairness] ${READERS} full reads of ${NODES} nodes took ${readsMs} ms; GET / during them: ${during.map((h) => h.ms).join(", ")} ms`);

  for (const r of results) {
    expect(r.status).toBe(200);
    expect((r.json as { nodes: unknown[] }).nodes).toHaveLength(NODES);
  }
  expect(homes.every((h) => h.status === 200)).toBe(true);
  // Several home pages were answered before the first read ended, each in a small part of the reads' time.
  expect(during.length).toBeGreaterThanOrEqual(2);
  expect(slowest * 4).toBeLessThan(readsMs);
}, 600_000);
