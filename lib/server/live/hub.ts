import "server-only";
import { db, dbMode, pgPool } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { AUTH_CHANNEL } from "@/lib/server/queries/auth";
import { EVENT_CHANNEL } from "@/lib/server/queries/events";
import { PostgresNotifier, startPgliteNotifier, type Notifier } from "@/lib/server/live/notifier";
import { Presence, PRESENCE_CHANNEL } from "@/lib/server/live/presence";
import { parseRestoreNotification, readRestoreMark } from "@/lib/server/live/restore-mark";
import { BoundedSet, liveEventSelect, type LiveEvent } from "@/lib/server/live/types";
import { log } from "@/lib/server/log";

// The in-process event hub: one per process (on globalThis, so Next's dev reloads
// reuse it). A notifier wakes it with {debateId, seq}; it reads the new rows from
// DebateEvent in batches and fans them out to the subscribers of each debate.
//
// Reading "everything after the last seq seen, plus the seqs just notified" makes
// one query serve three cases: a normal wake-up, a burst (many notifications, one
// query), and a catch-up after the LISTEN connection was lost (the notifications
// sent meanwhile are gone, the rows are not). A transaction that commits after a
// later one (seq order != commit order) is still fetched by its own notification.

export interface EventListener {
  event(event: LiveEvent): void;
  /** The history was restored from a backup: whatever the subscriber showed is stale (lib/server/live/restore-mark.ts). */
  restored(mark: bigint): void;
}
/** Called when a user's credentials may have changed (lib/server/queries/auth.ts), or may have while the LISTEN connection was down. */
export type AuthListener = () => void;

const BATCH = 500;
/** After a reconnect, re-read this many seqs below the cursor (late commits); duplicates are skipped. */
const CATCH_UP_OVERLAP = 200n;

export class LiveHub {
  readonly presence = new Presence();
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly authListeners = new Map<string, Set<AuthListener>>();
  private cursor: bigint | null = null;
  private catchUpFrom: bigint | null = null;
  private readonly pending = new Set<bigint>();
  private readonly delivered = new BoundedSet<bigint>(20_000);
  private flushing: Promise<void> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private notifier: Notifier | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  /** The latest restore mark seen (0: none); streams resync when it rises. */
  private restoreMarkSeen = 0n;

  /** Starts the notifier on first use; resolves once events committed from now on will be delivered. */
  ready(): Promise<void> {
    this.starting ??= this.start().catch(async (error: unknown) => {
      // Database unavailable at start: let the next subscriber try again.
      const notifier = this.notifier;
      this.notifier = null;
      this.starting = null;
      await notifier?.stop();
      throw error;
    });
    return this.starting;
  }

  async subscribe(debateId: string, listener: EventListener): Promise<() => void> {
    await this.ready();
    let set = this.listeners.get(debateId);
    if (!set) this.listeners.set(debateId, (set = new Set()));
    set.add(listener);
    return () => {
      const s = this.listeners.get(debateId);
      s?.delete(listener);
      if (s?.size === 0) this.listeners.delete(debateId);
    };
  }

  /** The latest restore's mark this hub knows of (after ready()). */
  get restoreMark(): bigint {
    return this.restoreMarkSeen;
  }

  /** Listens for announced changes to one user's credentials; returns the unsubscribe. */
  watchAuth(userId: string, listener: AuthListener): () => void {
    let set = this.authListeners.get(userId);
    if (!set) this.authListeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      const s = this.authListeners.get(userId);
      s?.delete(listener);
      if (s?.size === 0) this.authListeners.delete(userId);
    };
  }

  subscriberCount(debateId?: string): number {
    if (debateId) return this.listeners.get(debateId)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.presence.stop();
    await this.starting?.catch(() => {});
    await this.notifier?.stop();
    await this.flushing?.catch(() => {});
    this.listeners.clear();
    this.authListeners.clear();
  }

  private async start(): Promise<void> {
    const handlers = {
      onNotification: (channel: string, payload: string) => this.onNotification(channel, payload),
      onConnected: (reconnect: boolean) => {
        if (reconnect) {
          this.authChanged(null); // announcements sent while we were not listening are lost
          if (this.cursor !== null) this.catchUpFrom = this.cursor > CATCH_UP_OVERLAP ? this.cursor - CATCH_UP_OVERLAP : 0n;
          this.presence.rebroadcastAll();
          void this.recheckRestoreMark(); // a restore's notification may have been sent while we were deaf
        }
        this.presence.requestSync();
        this.kick();
      },
    };
    if (dbMode() === "pglite") {
      this.cursor = await this.maxSeq();
      this.restoreMarkSeen = await this.readMark();
      this.notifier = await startPgliteNotifier([EVENT_CHANNEL, AUTH_CHANNEL], handlers);
    } else {
      const notifier = new PostgresNotifier({ url: env().DATABASE_URL!, channels: [EVENT_CHANNEL, PRESENCE_CHANNEL, AUTH_CHANNEL], handlers });
      this.notifier = notifier;
      this.presence.setBroadcast(async (payload) => {
        await pgPool().query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, payload]);
      });
      // LISTEN first, then read the cursor: an event committed in between is
      // fetched twice at worst, and delivered once.
      await notifier.start();
      this.cursor = await this.maxSeq();
      this.restoreMarkSeen = await this.readMark();
      this.kick(); // notifications that arrived before the cursor was known
    }
  }

  private async maxSeq(): Promise<bigint> {
    const row = await db().debateEvent.aggregate({ _max: { seq: true } });
    return row._max.seq ?? 0n;
  }

  private onNotification(channel: string, payload: string) {
    if (channel === PRESENCE_CHANNEL) {
      this.presence.receive(payload);
      return;
    }
    if (channel === AUTH_CHANNEL) {
      // At once, not behind the event reads: a stream queues its re-check ahead of
      // the events committed after the change.
      try {
        const { userId } = JSON.parse(payload) as { userId?: unknown };
        this.authChanged(typeof userId === "string" ? userId : null);
      } catch {
        this.authChanged(null);
      }
      return;
    }
    const mark = parseRestoreNotification(payload);
    if (mark !== null) {
      this.onRestored(mark);
      return;
    }
    try {
      const { seq } = JSON.parse(payload) as { seq?: string };
      if (seq && /^\d+$/.test(seq)) this.pending.add(BigInt(seq));
    } catch {
      // A malformed payload still triggers a catch-up read below.
    }
    this.kick();
  }

  /** Wakes one user's auth listeners, or everyone's (null: we cannot tell whose). */
  private authChanged(userId: string | null) {
    const sets = userId === null ? [...this.authListeners.values()] : [this.authListeners.get(userId) ?? new Set<AuthListener>()];
    for (const set of sets) {
      for (const listener of [...set]) {
        try {
          listener();
        } catch (error) {
          log().warn({ err: error }, "[live] auth listener failed");
        }
      }
    }
  }

  /** Schedules a read; bursts collapse into one query. */
  private kick() {
    if (this.stopped) return;
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.readAndDeliver();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.flushing = null;
    });
  }

  private async readAndDeliver() {
    if (this.cursor === null) return; // not started yet; start() reads the cursor
    const pending = [...this.pending];
    this.pending.clear();
    let from = this.catchUpFrom ?? this.cursor;
    this.catchUpFrom = null;
    try {
      for (;;) {
        const rows = (await db().debateEvent.findMany({
          where: pending.length ? { OR: [{ seq: { gt: from } }, { seq: { in: pending } }] } : { seq: { gt: from } },
          orderBy: { seq: "asc" },
          take: BATCH,
          select: liveEventSelect,
        })) as LiveEvent[];
        for (const row of rows) {
          if (row.seq > from) from = row.seq;
          if (this.cursor === null || row.seq > this.cursor) this.cursor = row.seq;
          if (this.delivered.has(row.seq)) continue;
          this.delivered.add(row.seq);
          this.deliver(row);
        }
        if (rows.length < BATCH) break;
        pending.length = 0;
      }
    } catch (error) {
      // Database unavailable: keep what we owe and retry shortly.
      for (const seq of pending) this.pending.add(seq);
      this.catchUpFrom = this.catchUpFrom === null || from < this.catchUpFrom ? from : this.catchUpFrom;
      log().warn({ err: error }, "[live] reading events failed; retrying");
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.kick(), 1_000);
      this.retryTimer.unref?.();
    }
  }

  /** The stored mark, never below one a notification brought meanwhile. */
  private async readMark(): Promise<bigint> {
    const stored = await readRestoreMark();
    return stored > this.restoreMarkSeen ? stored : this.restoreMarkSeen;
  }

  private async recheckRestoreMark() {
    try {
      this.onRestored(await readRestoreMark());
    } catch (error) {
      log().warn({ err: error }, "[live] reading the restore mark failed");
    }
  }

  /**
   * A restore committed: every subscriber resyncs. Synchronous with the notification,
   * so each subscriber hears of it before any event written after the restore (those
   * are read later, by kick()). Seqs never repeat across a restore, so the cursor and
   * the delivered set stay valid.
   */
  private onRestored(mark: bigint) {
    if (mark <= this.restoreMarkSeen) return;
    this.restoreMarkSeen = mark;
    for (const set of this.listeners.values()) for (const listener of [...set]) this.call(() => listener.restored(mark));
  }

  private deliver(event: LiveEvent) {
    const set = this.listeners.get(event.debateId);
    if (!set) return;
    for (const listener of [...set]) this.call(() => listener.event(event));
  }

  private call(fn: () => void) {
    try {
      fn();
    } catch (error) {
      log().warn({ err: error }, "[live] subscriber failed");
    }
  }
}

const g = globalThis as typeof globalThis & { __builderBreakerLiveHub?: LiveHub };

/** The process's hub. */
export function liveHub(): LiveHub {
  g.__builderBreakerLiveHub ??= new LiveHub();
  return g.__builderBreakerLiveHub;
}

/** Stops the hub (tests, shutdown); the next liveHub() call creates a fresh one. */
export async function stopLiveHub(): Promise<void> {
  const hub = g.__builderBreakerLiveHub;
  g.__builderBreakerLiveHub = undefined;
  await hub?.stop();
}
