import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiDebate,
  bearer,
  ensureBuild,
  hasPostgresBinaries,
  insertTokenUsers,
  migratedPostgres,
  request,
  runFaultTests,
  runMoveLoad,
  serverEnv,
  sleep,
  startServer,
  withPg,
  type OwnPostgres,
  type Reply,
  type Server,
  type TokenUser,
} from "@/tests/support/servers";

// PostgreSQL goes away under load: the API answers 503 {error:{code:"UNAVAILABLE"}}
// quickly while it is down, and the same server process recovers by itself once
// PostgreSQL is back. Runs on a private cluster, so stopping it disturbs nobody.

let pgServer: OwnPostgres | undefined;
let app: Server | undefined;
let users: TokenUser[] = [];
let debate: { id: string; rootNodeId: string };

describe.skipIf(!runFaultTests || !hasPostgresBinaries())("PostgreSQL stopped during load", () => {
  beforeAll(async () => {
    await ensureBuild();
    pgServer = await migratedPostgres();
    users = await withPg(pgServer.url("bb"), (q) => insertTokenUsers(q, 4, "pgdown"));
    app = await startServer({ env: serverEnv({ DATABASE_URL: pgServer.url("bb") }) });
    const started = app;
    debate = await apiDebate(app.url, users[0]!, users.slice(1)).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}\nserver log:\n${started.output().slice(-3000)}`);
    });
  }, 360_000);

  afterAll(async () => {
    await app?.stop();
    pgServer?.destroy(); // stops it if still running
  }, 60_000);

  it("fails fast with 503 UNAVAILABLE while PostgreSQL is down, then recovers without a restart", async () => {
    const base = app!.url;
    const post = (u: TokenUser, body: string) =>
      request(`${base}/api/v1/debates/${debate.id}/nodes`, {
        method: "POST",
        headers: bearer(u.token),
        body: JSON.stringify({ parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body }),
        timeoutMs: 15_000,
      });
    const load = runMoveLoad(() => base, debate, users.slice(1), { maxPerClient: 400, maxMs: 40_000, tag: "pgdown" });
    await sleep(1_000);

    const stoppedAt = Date.now();
    pgServer!.stop();
    const stopMs = Date.now() - stoppedAt;

    // While it is down: every API call (bearer write, bearer read, anonymous read) is a quick 503 UNAVAILABLE.
    const down: Reply[] = [];
    let firstDown: number | undefined;
    for (let i = 0; i < 12; i++) {
      const replies = await Promise.all([
        post(users[1]!, `while-down-${i}`),
        request(`${base}/api/v1/debates/${debate.id}/tree`, { headers: bearer(users[2]!.token, false), timeoutMs: 15_000 }),
        request(`${base}/api/v1/debates`, { timeoutMs: 15_000 }),
      ]);
      firstDown ??= Date.now() - stoppedAt;
      down.push(...replies);
      await sleep(150);
    }
    for (const r of down) {
      expect(r.status, r.text).toBe(503);
      expect((r.json as { error?: { code?: string } }).error?.code).toBe("UNAVAILABLE");
      expect(r.headers.get("retry-after")).toBe("5");
      expect(r.ms).toBeLessThan(3_000);
    }

    // Back up: the same process serves 201/200 again by itself.
    const startedAt = Date.now();
    pgServer!.start();
    const startMs = Date.now() - startedAt;
    let recovered: number | undefined;
    for (let i = 0; i < 100 && recovered === undefined; i++) {
      const r = await post(users[3]!, `after-${i}`);
      if (r.status === 201) recovered = Date.now() - startedAt;
      else {
        expect(r.status, r.text).toBe(503);
        await sleep(100);
      }
    }
    expect(recovered, "no 201 within ~10 s of PostgreSQL being back").toBeDefined();
    const tree = await request(`${base}/api/v1/debates/${debate.id}/tree`, { headers: bearer(users[2]!.token, false) });
    expect(tree.status).toBe(200);
    expect(app!.proc.exitCode).toBeNull(); // never restarted

    load.stop();
    const result = await load.done;
    // Every move acknowledged before, during or after the outage is stored exactly once.
    const bodies = await withPg(pgServer!.url("bb"), async (q) =>
      ((await q(`SELECT "body", "id" FROM "Node" WHERE "debateId" = $1`, [debate.id])) as { rows: { body: string; id: string }[] }).rows,
    );
    for (const [body, id] of result.acked) expect(bodies.filter((b) => b.body === body).map((b) => b.id)).toEqual([id]);

    // Requests caught mid-query when PostgreSQL went away are 503 too, never 500.
    const output = app!.output();
    const at = output.indexOf("INTERNAL");
    expect(result.statuses.get(500) ?? 0, at >= 0 ? output.slice(at - 200, at + 3000) : "(no INTERNAL in the server log)").toBe(0);
    const maxDown = Math.max(...down.map((r) => r.ms));
    console.log(
      `[faults] pg stop took ${stopMs} ms; first 503 batch answered ${firstDown} ms after stop began; ` +
        `slowest 503 ${maxDown} ms; pg start took ${startMs} ms; first 201 ${recovered} ms after start began; ` +
        `load sent ${result.sent}, statuses ${JSON.stringify(Object.fromEntries(result.statuses))}`,
    );
  }, 60_000);
});
