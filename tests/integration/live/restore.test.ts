// Issue #18, finding 8: a restore beside running servers. On PostgreSQL,
// `npm run restore -- --force` may run while the app serves; seqs issued before
// the restore must not be issued again (hubs and clients skip seqs they have
// seen: 5 of 45 moves reached a watcher), and open streams resync. The embedded
// database refuses the restore while a server holds it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createApiToken } from "@/lib/server/auth/tokens";
import { dbMode } from "@/lib/server/db/client";
import { liveHub, stopLiveHub } from "@/lib/server/live/hub";
import { openEventStream } from "@/lib/server/live/stream";
import { backupToFile, restoreFromFile } from "@/lib/server/ops/backup";
import { addMember, comment, debate, user } from "./helpers";
import { SseReader } from "./sse";
import { bearer, ensureBuild, request, runProjectScript, serverEnv, startServer, withPglite, type Server } from "@/tests/support/servers";

const work = mkdtempSync(path.join(os.tmpdir(), "bb-live-restore-"));
const readers: SseReader[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const r of readers) await r.cancel();
  for (const s of servers) await s.stop();
  await stopLiveHub();
  rmSync(work, { recursive: true, force: true });
});

const MOVES_AFTER_BACKUP = 40;
const MOVES_AFTER_RESTORE = 45;

/** node ids of the "change" events a reader has seen. */
const seenNodes = (reader: SseReader) => new Set(reader.changes().map((c) => c.nodeId));

async function waitForAll(reader: SseReader, ids: string[], timeoutMs = 20_000) {
  await reader
    .waitFor(() => ids.every((id) => seenNodes(reader).has(id)), timeoutMs)
    .catch(() => {
      const got = ids.filter((id) => seenNodes(reader).has(id)).length;
      throw new Error(`the watcher received ${got} of the ${ids.length} moves written after the restore`);
    });
}

describe("a restore while streams are open (in process, on this file's database)", () => {
  it("the open stream resyncs once, then receives every move; a client from before the restore resyncs on reconnect", async () => {
    const owner = await user("Restorer");
    const breaker = await user("Breaker");
    const d = await debate(owner);
    await addMember(d.id, breaker);
    const backup = path.join(work, "in-process.jsonl");
    await backupToFile(backup);

    await liveHub().ready();
    const watcher = new SseReader((await openEventStream({ actor: owner, debateId: d.id, since: null, ip: "127.0.0.1" })).body!);
    readers.push(watcher);
    await watcher.waitFor((ev) => ev.some((e) => e.event === "ready"));
    for (let i = 0; i < MOVES_AFTER_BACKUP; i++) await comment(breaker, d.id, d.rootNodeId, `before ${i}`);
    await watcher.waitFor(() => watcher.changes().length >= MOVES_AFTER_BACKUP);
    const lastBefore = watcher.events.filter((e) => e.event === "change").at(-1)!.id!;

    await restoreFromFile(backup, { force: true });
    const after: string[] = [];
    for (let i = 0; i < MOVES_AFTER_RESTORE; i++) after.push((await comment(breaker, d.id, d.rootNodeId, `after ${i}`)).id);
    await waitForAll(watcher, after);
    const resyncs = watcher.events.filter((e) => e.event === "resync");
    expect(resyncs).toHaveLength(1);
    expect(JSON.parse(resyncs[0]!.data)).toMatchObject({ restored: true });
    // The resync comes before every move written after the restore.
    const order = watcher.events.map((e) => (e.event === "resync" ? "resync" : e.event === "change" ? JSON.parse(e.data).nodeId : null));
    expect(order.indexOf("resync")).toBeLessThan(order.indexOf(after[0]));

    // A client that was away during the restore comes back with an id from before it: reload, not replay.
    const late = new SseReader((await openEventStream({ actor: owner, debateId: d.id, since: BigInt(lastBefore), ip: "127.0.0.1" })).body!);
    readers.push(late);
    const [first] = await late.waitFor((ev) => ev.some((e) => e.event === "resync"));
    expect(first!.event).toBe("resync");
    expect(late.changes()).toEqual([]);
    // Its id is not mistaken for a state from before the restore on the next reconnect.
    const again = new SseReader((await openEventStream({ actor: owner, debateId: d.id, since: BigInt(first!.id!), ip: "127.0.0.1" })).body!);
    readers.push(again);
    const next = (await comment(breaker, d.id, d.rootNodeId, "next")).id;
    await again.waitFor(() => seenNodes(again).has(next));
    expect(again.events.some((e) => e.event === "resync")).toBe(false);
  }, 120_000);
});

describe.skipIf(dbMode() !== "postgres")("npm run restore -- --force beside a running `next start` on PostgreSQL", () => {
  it(`a watcher receives all ${MOVES_AFTER_RESTORE} moves written after the restore`, async () => {
    await ensureBuild(600_000);
    const owner = await user("Owner");
    const breaker = await user("Mover");
    const d = await debate(owner);
    await addMember(d.id, breaker);
    const ownerToken = (await createApiToken(owner.id, "watch")).secret;
    const breakerToken = (await createApiToken(breaker.id, "moves")).secret;
    const backup = path.join(work, "server.jsonl");
    await backupToFile(backup); // the debate, its members and the tokens are in it

    const server = await startServer({ env: serverEnv({ DATABASE_URL: process.env.DATABASE_URL, NEXTAUTH_SECRET: "live-restore-test-secret-0123456789abcdef" }) });
    servers.push(server);
    const response = await fetch(`${server.url}/api/v1/debates/${d.id}/events`, { headers: { ...bearer(ownerToken, false), accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    const watcher = new SseReader(response.body!);
    readers.push(watcher);
    await watcher.waitFor((ev) => ev.some((e) => e.event === "ready"), 10_000);

    const move = async (body: string) => {
      const r = await request(`${server.url}/api/v1/debates/${d.id}/nodes`, {
        method: "POST",
        headers: bearer(breakerToken),
        body: JSON.stringify({ parentId: d.rootNodeId, kind: "COUNTEREXAMPLE", body }),
      });
      expect(r.status, r.text).toBe(201);
      return (r.json as { node: { id: string } }).node.id;
    };
    const before: string[] = [];
    for (let i = 0; i < MOVES_AFTER_BACKUP; i++) before.push(await move(`before ${i}`));
    await waitForAll(watcher, before);

    const restore = await runProjectScript("scripts/restore.ts", [backup, "--force"], { ...process.env, DATABASE_URL: process.env.DATABASE_URL });
    expect(restore.code, restore.stderr).toBe(0);

    const after: string[] = [];
    for (let i = 0; i < MOVES_AFTER_RESTORE; i++) after.push(await move(`after ${i}`));
    await waitForAll(watcher, after);
    expect(watcher.events.filter((e) => e.event === "resync").map((e) => JSON.parse(e.data).restored)).toEqual([true]);
  }, 900_000);
});

describe.skipIf(dbMode() !== "pglite")("npm run restore beside a running `next start` on the embedded database", () => {
  it("is refused while the server holds the folder, says why, and changes nothing", async () => {
    await ensureBuild(600_000);
    const dataDir = path.join(work, "embedded");
    const template = inject("dbTemplate");
    if (template.kind !== "pglite") throw new Error("unreachable");
    cpSync(template.dir, path.join(dataDir, "pglite"), { recursive: true });
    const server = await startServer({ env: serverEnv({ DATA_DIR: dataDir, NEXTAUTH_SECRET: "live-restore-test-secret-0123456789abcdef" }) });
    servers.push(server);
    const backup = path.join(work, "in-process.jsonl"); // a valid backup at these migrations, with users
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const restore = await runProjectScript("scripts/restore.ts", [backup, "--force"], env);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`Another Builder/Breaker process (pid ${server.proc.pid}) is using the database`);
    expect(restore.stderr).toContain("stop the server, then run the restore again");
    expect((await request(`${server.url}/api/v1/debates`)).status).toBe(200);
    await server.stop();
    const users = await withPglite(path.join(dataDir, "pglite"), (q) => q(`SELECT count(*)::int AS n FROM "User"`));
    expect((users as { rows: { n: number }[] }).rows[0]!.n).toBe(0); // the template's: nothing was restored
  }, 900_000);
});
