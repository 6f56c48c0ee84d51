import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { lockPathFor, parseLockInfo } from "@/lib/server/db/lock";
import {
  apiDebate,
  bearer,
  ensureBuild,
  hasPostgresBinaries,
  insertTokenUsers,
  migratedPgliteDir,
  migratedPostgres,
  request,
  runFaultTests,
  runMoveLoad,
  serverEnv,
  sleep,
  startServer,
  withPg,
  withPglite,
  type Query,
  type Server,
} from "@/tests/support/servers";

// kill -9 of `next start` in the middle of a write load, then a restart on the
// same data: every move the server acknowledged (201 with an id) is there,
// exactly once. On PGlite the dead process's lock file must be taken over.

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
}, 60_000);

beforeAll(async () => {
  if (runFaultTests) await ensureBuild();
}, 360_000);

type Db = { env: Record<string, string>; withDb: <T>(fn: (q: Query) => Promise<T>) => Promise<T> };

async function crashAndRestart(label: string, target: Db, checkLock?: (deadPid: number, livePid: number) => void) {
  const users = await target.withDb((q) => insertTokenUsers(q, 5, `k9${label}`));
  const env = serverEnv(target.env);
  const t0 = Date.now();
  const log = (m: string) => console.log(`[faults] ${label} +${Date.now() - t0} ms: ${m}`);
  let a: Server | undefined = await startServer({ env });
  log("started");
  cleanups.push(() => a?.kill9());
  const debate = await apiDebate(a.url, users[0]!, users.slice(1));

  log("debate created");
  const base = a.url;
  const load = runMoveLoad(() => base, debate, users.slice(1), { maxPerClient: 300, maxMs: 20_000, tag: `k9${label}` });
  // Let writes flow (at least a few acknowledged), then crash the server mid-load.
  const until = Date.now() + 10_000;
  while (Date.now() < until && load.acked.size < 20) await sleep(100);
  log("crashing");
  const deadPid = a.proc.pid!;
  await a.kill9();
  a = undefined;
  load.stop();
  const result = await load.done;
  expect(result.acked.size, `no move was acknowledged before the crash: ${JSON.stringify(Object.fromEntries(result.statuses))}`).toBeGreaterThan(5);

  // Restart on the same data.
  log(`killed with ${result.acked.size} acked`);
  const b = await startServer({ env });
  log("restarted");
  cleanups.push(() => b.stop());
  checkLock?.(deadPid, b.proc.pid!);
  const after = await request(`${b.url}/api/v1/debates/${debate.id}/nodes`, {
    method: "POST",
    headers: bearer(users[1]!.token),
    body: JSON.stringify({ parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: "after the restart" }),
  });
  expect(after.status, after.text).toBe(201);
  await b.stop();
  log("stopped");

  const rows = await target.withDb(
    async (q) => ((await q(`SELECT "id", "body" FROM "Node" WHERE "debateId" = $1`, [debate.id])) as { rows: { id: string; body: string }[] }).rows,
  );
  const byBody = new Map<string, string[]>();
  for (const r of rows) byBody.set(r.body, [...(byBody.get(r.body) ?? []), r.id]);
  for (const [body, id] of result.acked) expect(byBody.get(body), `acknowledged move ${body}`).toEqual([id]);
  console.log(
    `[faults] kill -9 on ${label}: ${result.sent} sent, ${result.acked.size} acknowledged, all present once; ` +
      `${rows.length - 1 - result.acked.size - 1} unacknowledged writes also landed; statuses ${JSON.stringify(Object.fromEntries(result.statuses))}`,
  );
}

describe.skipIf(!runFaultTests)("kill -9 of next start during a write load", () => {
  it("PGlite: the stale lock is taken over and every acknowledged move is stored exactly once", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-k9-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const dir = path.join(dataDir, "pglite");
    await migratedPgliteDir(dir, inject("dbTemplate"));
    await crashAndRestart("pglite", { env: { DATA_DIR: dataDir }, withDb: (fn) => withPglite(dir, fn) }, (deadPid, livePid) => {
      // The killed process could not remove its lock; the new one replaced it.
      const info = parseLockInfo(readFileSync(lockPathFor(dir), "utf8"));
      expect(info?.pid).toBe(livePid);
      expect(livePid).not.toBe(deadPid);
    });
    expect(existsSync(lockPathFor(dir))).toBe(false); // released by the clean stop
  }, 90_000); // ~30 s alone; two cold PGlite server starts can take longer on a busy 2-core machine

  it.skipIf(!hasPostgresBinaries())("PostgreSQL: every acknowledged move is stored exactly once", async () => {
    const server = await migratedPostgres();
    cleanups.push(() => server.destroy());
    await crashAndRestart("postgres", { env: { DATABASE_URL: server.url("bb") }, withDb: (fn) => withPg(server.url("bb"), fn) });
  }, 60_000);
});
