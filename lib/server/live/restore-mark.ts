import "server-only";
import { db } from "@/lib/server/db/client";

// A restore replaces the whole history while servers may be streaming it
// (PostgreSQL: `npm run restore -- --force` beside a running app). Event seqs
// stay unique across it: the restore moves DebateEvent's sequence past every
// seq issued before it and every seq it restored, and keeps one value between
// the two, the restore mark, which names the restore itself:
//
//   seq < mark   the history a client may have seen before the restore (its page is stale)
//   seq = mark   issued to nothing; the id a client gets when it resyncs after the restore
//   seq > mark   written after the restore
//
// The mark is stored as an instance setting (for streams that open later: a
// client whose Last-Event-ID is below it resyncs) and sent with pg_notify on
// the event channel when the restore commits (for the hubs' open streams).

export const RESTORE_MARK_KEY = "live_restore_mark";

/** The payload of the restore's notification on EVENT_CHANNEL. */
export function restoreNotification(mark: bigint): string {
  return JSON.stringify({ restoreMark: String(mark) });
}

/** The mark a notification on EVENT_CHANNEL carries, if it is a restore's. */
export function parseRestoreNotification(payload: string): bigint | null {
  try {
    const { restoreMark } = JSON.parse(payload) as { restoreMark?: unknown };
    return typeof restoreMark === "string" && /^\d{1,19}$/.test(restoreMark) ? BigInt(restoreMark) : null;
  } catch {
    return null;
  }
}

/** The latest restore's mark; 0 when this database was never restored into. */
export async function readRestoreMark(): Promise<bigint> {
  const row = await db().instanceSetting.findUnique({ where: { key: RESTORE_MARK_KEY }, select: { value: true } });
  return row && /^\d{1,19}$/.test(row.value) ? BigInt(row.value) : 0n;
}
