// Two real app processes (next start, production build) on one PostgreSQL
// database: an event written through process A reaches an SSE client on process
// B through LISTEN/NOTIFY; presence is shared; after B's LISTEN connection is
// killed, the events written while it was down still arrive (catch-up by seq).
//
// Runs only with TEST_DATABASE_URL. Serves the test servers' shared build
// (.next-test, ensureBuild in tests/support/servers.ts: built when it is missing
// or older than a source file, under the lock the fault and security tests
// share), which the e2e server serves too, so `npm test` builds the app once.
// Loopback only; both processes are stopped in afterAll.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/auth/tokens";
import { db, dbMode, pgPool } from "@/lib/server/db/client";
import { LISTENER_APPLICATION_NAME } from "@/lib/server/live/notifier";
import { comment, debate, user } from "./helpers";
import { SseReader } from "./sse";
import { DIST_DIR, ensureBuild, freePort } from "@/tests/support/servers";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const enabled = Boolean(process.env.TEST_DATABASE_URL) && dbMode() === "postgres";

interface App {
  name: string;
  url: string;
  process: ChildProcess;
  output: string;
}

async function startApp(name: string, databaseUrl: string): Promise<App> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    DATABASE_URL: databaseUrl, // this file's own fresh, migrated database, as its own role
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "live-multiprocess-test-secret-0123456789abcdef",
    PORT: String(port),
  };
  const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const app: App = { name, url: `http://127.0.0.1:${port}`, process: child, output: "" };
  child.stdout!.on("data", (d: Buffer) => (app.output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (app.output += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${app.output}`);
    try {
      const r = await fetch(`${app.url}/api/v1/debates?scope=public`, { signal: AbortSignal.timeout(2_000) });
      if (r.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${app.output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return app;
}

async function stopApp(app: App | undefined) {
  if (!app || app.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => app.process.once("exit", () => resolve()));
  app.process.kill("SIGTERM");
  const timer = setTimeout(() => app.process.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

describe.skipIf(!enabled)("several app processes on one PostgreSQL", () => {
  let a: App | undefined;
  let b: App | undefined;
  const streams: { reader: SseReader; controller: AbortController }[] = [];

  // The apps connect as their own role, so the test can refuse their new
  // connections (ALTER ROLE … NOLOGIN) and hold a LISTEN gap open for as long as it needs.
  const role = `bb_live_${randomBytes(4).toString("hex")}`;
  let roleCreated = false;

  beforeAll(async () => {
    await ensureBuild(600_000);
    const pool = pgPool();
    await pool.query(`CREATE ROLE "${role}" LOGIN`);
    roleCreated = true;
    await pool.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
    await pool.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}"`);
    await pool.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
    const url = new URL(process.env.DATABASE_URL!);
    url.username = role;
    url.password = "";
    [a, b] = await Promise.all([startApp("A", url.toString()), startApp("B", url.toString())]);
  }, 900_000);

  afterAll(async () => {
    for (const s of streams) s.controller.abort();
    await Promise.all([stopApp(a), stopApp(b)]);
    if (roleCreated) {
      const pool = pgPool();
      await pool.query(`SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1`, [role]);
      await pool.query(`DROP OWNED BY "${role}"`);
      await pool.query(`DROP ROLE "${role}"`);
    }
  }, 30_000);

  async function subscribe(app: App, debateId: string, secret: string) {
    const controller = new AbortController();
    const response = await fetch(`${app.url}/api/v1/debates/${debateId}/events`, {
      headers: { authorization: `Bearer ${secret}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = new SseReader(response.body!);
    streams.push({ reader, controller });
    await reader.waitFor((ev) => ev.some((e) => e.event === "ready"), 10_000);
    return reader;
  }

  async function post(app: App, secret: string, debateId: string, parentId: string, body: string) {
    const r = await fetch(`${app.url}/api/v1/debates/${debateId}/nodes`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ parentId, kind: "COMMENT", body }),
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as { node?: { id: string }; id?: string });
  }

  it("delivers a write on A to an SSE client on B, and shares presence", async () => {
    const owner = await user("Alpha");
    const viewer = await user("Beta");
    const d = await debate(owner);
    const ownerToken = (await createApiToken(owner.id, "live")).secret;
    const viewerToken = (await createApiToken(viewer.id, "live")).secret;

    const onB = await subscribe(b!, d.id, ownerToken);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = onB.changes().length;
      const t0 = performance.now();
      await post(a!, ownerToken, d.id, d.rootNodeId, `from A ${i}`);
      await onB.waitFor(() => onB.changes().length > before, 10_000);
      latencies.push(performance.now() - t0);
    }
    console.info(`[live multiprocess] POST on A → change event on B, ms: ${latencies.map((l) => l.toFixed(0)).join(", ")}`);
    expect(onB.changes().map((c) => c.type)).toEqual(Array(10).fill("node.created"));

    // A viewer on A shows up in B's presence, and leaves it again.
    const onA = await subscribe(a!, d.id, viewerToken);
    await onB.waitFor((ev) => ev.some((e) => e.event === "presence" && JSON.parse(e.data).viewers.join() === "Alpha,Beta"), 10_000);
    await onA.waitFor((ev) => ev.some((e) => e.event === "presence" && JSON.parse(e.data).viewers.join() === "Alpha,Beta"), 10_000);
    const t1 = performance.now();
    streams.find((s) => s.reader === onA)!.controller.abort();
    await onB.waitFor((ev) => ev.at(-1)?.event === "presence" && JSON.parse(ev.at(-1)!.data).viewers.join() === "Alpha", 20_000);
    console.info(`[live multiprocess] viewer left A → B's presence updated in ${(performance.now() - t1).toFixed(0)} ms`);
  });

  it("a token revoked through A ends its stream on B at once (auth_changes over LISTEN/NOTIFY)", async () => {
    const owner = await user("Delta");
    const d = await debate(owner);
    const ownerToken = (await createApiToken(owner.id, "live")).secret;
    const viewer = await user("Eps");
    const watch = await createApiToken(viewer.id, "live");
    const onB = await subscribe(b!, d.id, watch.secret);
    const t0 = performance.now();
    const revoked = await fetch(`${a!.url}/api/v1/me/tokens/${watch.id}`, { method: "DELETE", headers: { authorization: `Bearer ${watch.secret}` } });
    expect(revoked.status).toBe(204);
    const after = await post(a!, ownerToken, d.id, d.rootNodeId, "after the revocation");
    await onB.waitForEnd(10_000); // far below liveLimits.recheckMs: the announcement did it
    console.info(`[live multiprocess] token revoked on A → stream on B ended in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(onB.events.some((e) => e.event === "revoked")).toBe(true);
    expect(onB.changes().map((c) => c.nodeId)).not.toContain(after.node?.id ?? after.id);
  });

  it("catches up by seq after the LISTEN connection is killed: nothing written during the gap is lost", async () => {
    const owner = await user("Gamma");
    const d = await debate(owner);
    const secret = (await createApiToken(owner.id, "live")).secret;
    const onB = await subscribe(b!, d.id, secret);
    const listeners = () =>
      db().$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM pg_stat_activity WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`;
    expect(Number((await listeners())[0]!.n)).toBe(2);

    // Open a gap: refuse the apps' new connections, kill both LISTEN connections, write
    // three moves (here, as the test's own role), and check nothing arrives while B is deaf.
    await pgPool().query(`ALTER ROLE "${role}" NOLOGIN`);
    let written: string[];
    try {
      await pgPool().query(`SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [
        LISTENER_APPLICATION_NAME,
      ]);
      written = [];
      for (let i = 0; i < 3; i++) written.push((await comment(owner, d.id, d.rootNodeId, `gap ${i}`)).id);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(Number((await listeners())[0]!.n)).toBe(0);
      expect(onB.changes().filter((c) => written.includes(c.nodeId ?? ""))).toEqual([]);
    } finally {
      await pgPool().query(`ALTER ROLE "${role}" LOGIN`);
    }

    // B reconnects (backoff), reads what it missed from DebateEvent; a later write still arrives live.
    const t0 = performance.now();
    await onB.waitFor(() => written.every((id) => onB.changes().some((c) => c.nodeId === id)), 20_000);
    console.info(`[live multiprocess] gap events arrived ${(performance.now() - t0).toFixed(0)} ms after logins were allowed again`);
    expect(onB.changes().slice(-3).map((c) => c.nodeId)).toEqual(written);
    const after = await post(a!, secret, d.id, d.rootNodeId, "after the gap");
    const afterId = after.node?.id ?? after.id;
    await onB.waitFor(() => onB.changes().some((c) => c.nodeId === afterId), 10_000);
    const seqs = onB.changes().map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length); // no duplicates
    expect(b!.output).toContain("[live] LISTEN connection lost");
    for (let i = 0; i < 50 && Number((await listeners())[0]!.n) < 2; i++) await new Promise((r) => setTimeout(r, 200));
    expect(Number((await listeners())[0]!.n)).toBe(2); // both processes listen again
  });
});
