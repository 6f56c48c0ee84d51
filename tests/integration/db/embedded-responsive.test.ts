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

// The embedded database runs in a worker thread (docs/decisions/011): while it
// works on long statements, the server's event loop stays free, so a request
// that needs no database answers at once. With PGlite on the main thread, each
// statement held the whole process for its duration.

const NODES = 40_000;
const READERS = 2;

let server: Server | undefined;
let dataDir: string;
let debateId: string;

beforeAll(async () => {
  await ensureBuild();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-responsive-"));
  const dir = path.join(dataDir, "pglite");
  await migratedPgliteDir(dir, inject("dbTemplate"));
  debateId = await withPglite(dir, async (q) => {
    const [owner] = await insertTokenUsers(q, 1, "resp");
    await q(
      `INSERT INTO "Debate" ("id", "title", "context", "visibility", "ownerId", "inviteCode", "updatedAt", "lastMoveAt")
       VALUES ('big', 'A large debate', '', 'PUBLIC', $1, 'inv-big', timezone('UTC', now()), timezone('UTC', now()))`,
      [owner!.id],
    );
    await q(`INSERT INTO "Membership" ("id", "debateId", "userId", "side", "role") VALUES ('m-big', 'big', $1, 'BUILDER', 'OWNER')`, [owner!.id]);
    // A root and NODES-1 counterexamples under it, a few hundred characters each.
    await q(
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body", "createdAt", "updatedAt")
       SELECT 'n' || i, 'big', CASE WHEN i = 0 THEN NULL ELSE 'n0' END, CASE WHEN i = 0 THEN 0 ELSE 1 END,
              CASE WHEN i = 0 THEN 'PROPOSAL' ELSE 'COUNTEREXAMPLE' END::"NodeKind",
              CASE WHEN i = 0 THEN 'BUILDER' ELSE 'BREAKER' END::"Side", $1, 'Node ' || i,
              repeat('A claim with some words in it, ' || i || '. ', 8),
              timestamp '2026-01-01' + i * interval '1 second', timestamp '2026-01-01' + i * interval '1 second'
       FROM generate_series(0, ${NODES - 1}) AS i`,
      [owner!.id],
    );
    return "big";
  });
  server = await startServer({ env: serverEnv({ DATA_DIR: dataDir }), readyTimeoutMs: 60_000 });
}, 360_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it("answers a request that needs no database while the embedded database runs long reads", async () => {
  const s = server!;
  // Warm up both routes (first requests compile nothing under next start, but open the database and caches).
  expect((await request(`${s.url}/api/v1/debates/${debateId}/tree`, { timeoutMs: 60_000 })).status).toBe(200);
  expect((await request(`${s.url}/api/v1/openapi.json`)).status).toBe(200);

  let readsDone = 0;
  const started = Date.now();
  const reads = Array.from({ length: READERS }, () =>
    request(`${s.url}/api/v1/debates/${debateId}/tree`, { timeoutMs: 120_000 }).then((r) => {
      readsDone++;
      return r;
    }),
  );
  await sleep(150); // the first read's statement is running in the database by now
  const light = await request(`${s.url}/api/v1/openapi.json`, { timeoutMs: 60_000 });
  const lightMs = Date.now() - started - 150;
  const stillReading = readsDone < READERS;
  const results = await Promise.all(reads);
  const allReadsMs = Date.now() - started;
  console.log(`[responsive] light request ${lightMs} ms (measured ${light.ms} ms); ${READERS} tree reads of ${NODES} nodes took ${allReadsMs} ms`);

  for (const r of results) {
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(NODES * 200);
  }
  expect(light.status).toBe(200);
  // The heavy reads were still going when the light one was answered, and it did not wait for them.
  expect(stillReading).toBe(true);
  expect(light.ms).toBeLessThan(1_000);
  expect(allReadsMs).toBeGreaterThan(light.ms * 2);
}, 240_000);
