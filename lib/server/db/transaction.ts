import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

// The one hand-written BEGIN/COMMIT of the code base, for work that runs below Prisma
// (migration scripts, backup and restore). Services use db().$transaction.

/** Queries inside one transaction, the same on PGlite and PostgreSQL. */
export interface TxSession {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements, sent as one simple query (no parameters, `$$` bodies intact). */
  exec(script: string): Promise<void>;
}

export type TxTarget = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; pool: pg.Pool };

/**
 * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back
 * when it throws. `setup` runs first inside the transaction (e.g. SET TRANSACTION …).
 */
export async function withTransaction<T>(target: TxTarget, fn: (s: TxSession) => Promise<T>, options: { setup?: string } = {}): Promise<T> {
  if (target.kind === "pglite") {
    return target.pglite.transaction(async (tx) => {
      if (options.setup) await tx.exec(options.setup);
      return fn({
        query: async <R,>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
        exec: async (script) => {
          await tx.exec(script);
        },
      });
    });
  }
  const client = await target.pool.connect();
  // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of pooling it.
  let broken = false;
  try {
    await client.query("BEGIN");
    try {
      if (options.setup) await client.query(options.setup);
      const result = await fn({
        query: async <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await client.query<R>(sql, params)).rows,
        exec: async (script) => {
          await client.query(script);
        },
      });
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw e;
    }
  } finally {
    client.release(broken);
  }
}
