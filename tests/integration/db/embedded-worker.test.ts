import { describe, expect, it } from "vitest";
import { dbMode, listenEmbedded, pgPool } from "@/lib/server/db/client";

// The embedded database in its worker (docs/decisions/011), reached through the app's pg pool.
describe.skipIf(dbMode() !== "pglite")("the embedded database's worker", () => {
  it("keeps concurrent parameterised queries from different connections apart (one backend, shared unnamed statement)", async () => {
    const pool = pgPool();
    const values = Array.from({ length: 400 }, (_, i) => i);
    // Each statement's text differs (as the app's do): a Bind reaching another connection's Parse would show.
    const results = await Promise.allSettled(
      values.map((v) => pool.query<{ v: number; t: string }>(`SELECT $1::int AS v, $2::text || ' ${v}' AS t`, [v, "text"]).then((r) => r.rows[0]!)),
    );
    expect(results).toEqual(values.map((v) => ({ status: "fulfilled", value: { v, t: `text ${v}` } })));
  });

  it("forwards NOTIFY from any connection, also on commit of a transaction, and not on rollback", async () => {
    const got: string[] = [];
    const stop = await listenEmbedded("bb_test_channel", (p) => got.push(p));
    const pool = pgPool();
    await pool.query("SELECT pg_notify('bb_test_channel', 'plain')");
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_notify('bb_test_channel', 'committed')");
      await client.query("COMMIT");
      await client.query("BEGIN");
      await client.query("SELECT pg_notify('bb_test_channel', 'rolled back')");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(got).toEqual(["plain", "committed"]);
  });

  it("keeps the event loop free while a long statement runs", async () => {
    let maxLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    await pgPool().query("SELECT count(*) FROM generate_series(1, 2000000)");
    const ms = performance.now() - started;
    clearInterval(timer);
    expect(ms).toBeGreaterThan(300);
    expect(maxLag).toBeLessThan(Math.max(150, ms / 4));
  });
  it("plans a foreign-key check with the table's current size, not the size its statistics had (no autovacuum; decision 015)", async () => {
    const client = await pgPool().connect();
    try {
      await client.query(`CREATE TABLE fk_parent (id int PRIMARY KEY); CREATE TABLE fk_child (parent int REFERENCES fk_parent (id))`);
      // Statistics from when the parent table was tiny, and a check planned (and cached) then.
      await client.query(`INSERT INTO fk_parent VALUES (1); ANALYZE fk_parent`);
      for (let i = 0; i < 10; i++) await client.query(`INSERT INTO fk_child VALUES (1)`);
      await client.query(`INSERT INTO fk_parent SELECT g FROM generate_series(2, 20000) g`);
      await client.query("BEGIN");
      await client.query(`INSERT INTO fk_child SELECT g FROM generate_series(1, 500) g`);
      const { rows } = await client.query<{ seq_scan: string }>(`SELECT seq_scan::text FROM pg_stat_xact_user_tables WHERE relname = 'fk_parent'`);
      await client.query("COMMIT");
      // A cached generic plan scans the 20,000 rows once per checked row (500 here; 11 with custom plans).
      expect(Number(rows[0]!.seq_scan)).toBeLessThan(50);
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      await client.query(`DROP TABLE IF EXISTS fk_child; DROP TABLE IF EXISTS fk_parent`);
      client.release();
    }
  });
});
