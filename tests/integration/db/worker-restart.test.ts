import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crashEmbeddedWorkerForTests, db, dbMode, listenEmbedded, pgPool } from "@/lib/server/db/client";
import { lockPathFor, parseLockInfo } from "@/lib/server/db/lock";
import { pgliteDataDir } from "@/lib/server/env";
import { createUser } from "../../factories";
import { expectConsoleError } from "../../setup/console";

// When the embedded database's worker thread dies, the main thread starts a new one on the
// same data dir (still holding its lock) after a short backoff: the server heals instead of
// answering 503 until someone restarts it (lib/server/db/client.ts, scheduleRestart).
describe.skipIf(dbMode() !== "pglite")("a dead embedded worker", () => {
  it("is restarted: later queries succeed, data and notifications survive, the lock stays ours", async () => {
    const errors = expectConsoleError();
    const before = await createUser(db(), { displayName: "Before the crash" });
    const got: string[] = [];
    await listenEmbedded("bb_restart_channel", (p) => got.push(p));
    await pgPool().query("SELECT pg_notify('bb_restart_channel', 'before')");

    await crashEmbeddedWorkerForTests();
    // The lock file still names this process: no other opener could take the dir meanwhile.
    expect(parseLockInfo(readFileSync(lockPathFor(pgliteDataDir()), "utf8"))?.pid).toBe(process.pid);

    // Asked at once, while the restart waits out its backoff: the query waits for the new worker.
    const found = await db().user.findUnique({ where: { id: before.id }, select: { displayName: true } });
    expect(found?.displayName).toBe("Before the crash");
    const after = await createUser(db(), { displayName: "After the crash" });
    expect(await db().user.count({ where: { id: { in: [before.id, after.id] } } })).toBe(2);

    // The listener registered before the crash hears the new worker.
    await pgPool().query("SELECT pg_notify('bb_restart_channel', 'after')");
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(["before", "after"]);
    expect(existsSync(lockPathFor(pgliteDataDir()))).toBe(true);
    // One log line says what happened and when the restart comes.
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining("worker stopped; restarting it in 250 ms")]);
  }, 120_000);

  it("is restarted again after a second death (backoff), and pooled connections from the old worker are replaced", async () => {
    const errors = expectConsoleError();
    await crashEmbeddedWorkerForTests();
    await db().user.count();
    await crashEmbeddedWorkerForTests();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pgPool().query<{ v: number }>("SELECT $1::int AS v", [i])));
    expect(results.map((r) => r.rows[0]!.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The backoff doubles while the worker keeps dying.
    const delays = errors.mock.calls.map((c) => Number(/restarting it in (\d+) ms/.exec(String(c[0]))?.[1]));
    expect(delays).toHaveLength(2);
    expect(delays[1]).toBe(delays[0]! * 2);
  }, 120_000);
});
