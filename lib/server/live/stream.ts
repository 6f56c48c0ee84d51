import "server-only";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { loadAccess, permissionContext, requireAccess } from "@/lib/server/debate/access";
import { decide } from "@/lib/domain/debate/permissions";
import { AppError } from "@/lib/domain/errors";
import { liveHub } from "@/lib/server/live/hub";
import type { PresenceSnapshot } from "@/lib/server/live/presence";
import { BoundedSet, liveEventSelect, type LiveEvent } from "@/lib/server/live/types";

// One Server-Sent Events connection on one debate: replay what the client missed
// (Last-Event-ID / ?since=), then live events from the hub, presence and
// heartbeats. Every limit that protects the process lives here.

export const liveLimits = {
  /** Open streams per signed-in user (per process); the next one gets 429. */
  maxConnectionsPerUser: 10,
  /** Open streams per anonymous client address (per process). */
  maxConnectionsPerAnonymousIp: 30,
  /** A client further behind than this gets one "resync" event instead of a replay. */
  resyncGap: 500,
  /** Bytes queued for one connection before it is dropped as too slow. */
  maxQueuedBytes: 256 * 1024,
  /** Events waiting for an access re-check before the connection is dropped. */
  maxPendingEvents: 1_000,
  heartbeatMs: 15_000,
  /** How often a stream resolves its viewer again and re-checks read access (the bound for unannounced changes). */
  recheckMs: 30_000,
  /** Reconnect delay the browser is told to use. */
  retryMs: 2_000,
};

/** Event types after which a viewer's right to read the debate is checked at once. */
const ACCESS_EVENTS = new Set(["member.removed", "member.left", "member.role-changed", "debate.updated"]);
/** Event types that end the named user's streams on the debate, even a public one. */
const DEPARTURE_EVENTS = new Set(["member.removed", "member.left"]);

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

/** The small JSON each "change" event carries; the page re-reads what it needs. */
export function eventData(e: LiveEvent) {
  return { seq: Number(e.seq), type: e.type, nodeId: e.nodeId, actorId: e.actorId, createdAt: e.createdAt.toISOString() };
}

/** Parses a Last-Event-ID header or ?since= value; anything else means "from now". */
export function parseSince(value: string | null | undefined): bigint | null {
  if (!value || !/^\d{1,19}$/.test(value.trim())) return null;
  return BigInt(value.trim());
}

// ---- per-user connection counting (per process) ----

const g = globalThis as typeof globalThis & { __builderBreakerLiveConnections?: Map<string, number> };
const connections = (g.__builderBreakerLiveConnections ??= new Map<string, number>());

function acquireSlot(key: string, limit: number): () => void {
  const count = connections.get(key) ?? 0;
  if (count >= limit) {
    throw new AppError("RATE_LIMITED", `Too many open live connections (limit ${limit}); close a tab and try again`, {
      details: { retryAfterSeconds: 10 },
    });
  }
  connections.set(key, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (connections.get(key) ?? 1) - 1;
    if (n <= 0) connections.delete(key);
    else connections.set(key, n);
  };
}

export function openConnectionCount(key: string): number {
  return connections.get(key) ?? 0;
}

export interface OpenStreamOptions {
  actor: Actor | null;
  /**
   * Resolves the viewer again, the way requests do (the route passes
   * `() => resolveActor(request)`): a revoked token or an ended session closes the
   * stream. Without it the actor stands as given and only read access is re-checked.
   */
  resolveActor?: () => Promise<Actor | null>;
  debateId: string;
  since: bigint | null;
  ip: string;
  signal?: AbortSignal;
}

/** Checks access and opens the stream; throws AppError (404, 429) before any byte is sent. */
export async function openEventStream(options: OpenStreamOptions): Promise<Response> {
  const { actor, debateId, since, signal } = options;
  await requireAccess(debateId, actor, "debate:read");
  const release = actor
    ? acquireSlot(`user:${actor.id}`, liveLimits.maxConnectionsPerUser)
    : acquireSlot(`ip:${options.ip}`, liveLimits.maxConnectionsPerAnonymousIp);

  const encoder = new TextEncoder();
  const cleanups: (() => void)[] = [release];
  const sent = new BoundedSet<bigint>(4_096);
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let pendingEvents = 0;

  const close = (overflow = false) => {
    if (closed) return;
    closed = true;
    for (const fn of cleanups.splice(0)) {
      try {
        fn();
      } catch {
        // keep cleaning up
      }
    }
    try {
      // error() discards what is queued (a slow client's backlog) and makes Next destroy the
      // socket; an AbortError is not logged by Next. close() lets the queue drain.
      if (overflow) controller.error(new DOMException("live connection dropped: client too slow", "AbortError"));
      else controller.close();
    } catch {
      // already closed by the consumer
    }
  };

  const write = (text: string) => {
    if (closed) return;
    const chunk = encoder.encode(text);
    if ((controller.desiredSize ?? 0) < chunk.byteLength) {
      close(true); // the client will reconnect with Last-Event-ID, or re-sync
      return;
    }
    controller.enqueue(chunk);
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: liveLimits.maxQueuedBytes, size: (chunk) => chunk.byteLength },
  );

  // Events at or below the seq this client starts from are already reflected in what
  // it loaded (a notification can arrive after the stream opened for an older event).
  let floor = since ?? -1n;
  const sendChange = (e: LiveEvent) => {
    if (e.seq <= floor || sent.has(e.seq)) return;
    sent.add(e.seq);
    write(`id: ${e.seq}\nevent: change\ndata: ${JSON.stringify(eventData(e))}\n\n`);
  };

  /** The viewer, resolved again through the request's token or session, may still read the debate. */
  const stillAllowed = async (): Promise<boolean> => {
    try {
      const current = actor && options.resolveActor ? await options.resolveActor() : actor;
      if (actor && current?.id !== actor.id) return false; // token revoked, session ended
      const access = await loadAccess(debateId, current);
      return decide("debate:read", permissionContext(access)).allowed;
    } catch {
      return false; // a revoked token (401), the debate gone, or we cannot tell: fail closed
    }
  };
  const revoke = () => {
    if (!closed) write(`event: revoked\ndata: {}\n\n`);
    close();
  };

  // Events and re-checks are handled one at a time, in order: a re-check holds back
  // the events behind it, so nothing committed after a removal or a revocation
  // reaches the viewer it cut off.
  let release0!: () => void;
  let chain: Promise<void> = new Promise<void>((resolve) => (release0 = resolve));
  const handle = (e: LiveEvent) => {
    if (closed) return;
    if (++pendingEvents > liveLimits.maxPendingEvents) {
      close(true);
      return;
    }
    chain = chain.then(async () => {
      pendingEvents--;
      if (closed) return;
      if (ACCESS_EVENTS.has(e.type)) {
        const departed = DEPARTURE_EVENTS.has(e.type) && actor && (e.payload as { userId?: unknown } | null)?.userId === actor.id;
        if (departed || !(await stillAllowed())) return revoke();
      }
      sendChange(e);
    });
  };
  // One queued re-check covers every trigger until it starts: it runs after them all.
  let recheckQueued = false;
  const recheck = () => {
    if (closed || recheckQueued) return;
    recheckQueued = true;
    chain = chain.then(async () => {
      recheckQueued = false;
      if (!closed && !(await stillAllowed())) revoke();
    });
  };

  // A restore replaced the history (lib/server/live/restore-mark.ts): the page reloads its state,
  // and nothing from before the restore is sent after this point.
  const restored = (mark: bigint) => {
    if (closed) return;
    chain = chain.then(() => {
      if (closed) return;
      if (mark > floor) floor = mark; // seqs never repeat across a restore: `sent` stays valid
      write(`id: ${mark}\nevent: resync\ndata: ${JSON.stringify({ seq: Number(mark), restored: true })}\n\n`);
    });
  };

  try {
    cleanups.push(await liveHub().subscribe(debateId, { event: handle, restored }));
    if (actor) cleanups.push(liveHub().watchAuth(actor.id, recheck));
  } catch (error) {
    close();
    throw error;
  }
  if (signal) {
    if (signal.aborted) close();
    else {
      const onAbort = () => close();
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
    }
  }

  write(`retry: ${liveLimits.retryMs}\n\n`);
  try {
    const restoreMark = liveHub().restoreMark;
    if (since !== null && since < restoreMark) {
      // The client's state is from before a restore: reload rather than replay.
      const latest = await latestSeq(debateId);
      floor = latest;
      write(`id: ${latest}\nevent: resync\ndata: ${JSON.stringify({ seq: Number(latest), restored: true })}\n\n`);
    } else if (since !== null) {
      const missed = (await db().debateEvent.findMany({
        where: { debateId, seq: { gt: since } },
        orderBy: { seq: "asc" },
        take: liveLimits.resyncGap + 1,
        select: liveEventSelect,
      })) as LiveEvent[];
      if (missed.length > liveLimits.resyncGap) {
        // Too far behind: one "resync" (the page reloads its state) instead of a flood.
        const latest = await latestSeq(debateId);
        floor = latest;
        write(`id: ${latest}\nevent: resync\ndata: ${JSON.stringify({ seq: Number(latest), missed: `>${liveLimits.resyncGap}` })}\n\n`);
      } else {
        for (const e of missed) sendChange(e);
      }
    } else {
      // A fresh client gets an id now, so a reconnect before the first change still replays.
      const latest = await latestSeq(debateId);
      floor = latest;
      write(`id: ${latest}\nevent: ready\ndata: ${JSON.stringify({ seq: Number(latest) })}\n\n`);
    }
  } catch (error) {
    close();
    throw error;
  }
  release0(); // live events queued during the replay go out now (duplicates skipped)

  const viewer = actor ? { userId: actor.id, displayName: actor.displayName } : null;
  cleanups.push(
    liveHub().presence.join(debateId, viewer, (snapshot: PresenceSnapshot) => {
      write(`event: presence\ndata: ${JSON.stringify(snapshot)}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => write(`: ping\n\n`), liveLimits.heartbeatMs);
  heartbeat.unref?.();
  cleanups.push(() => clearInterval(heartbeat));
  const rechecks = setInterval(recheck, liveLimits.recheckMs);
  rechecks.unref?.();
  cleanups.push(() => clearInterval(rechecks));

  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}

/**
 * The id a client starts from: the debate's latest seq, or the latest restore's mark
 * when that is higher (so that the client's next Last-Event-ID is not taken for a
 * state from before the restore).
 */
async function latestSeq(debateId: string): Promise<bigint> {
  const row = await db().debateEvent.aggregate({ where: { debateId }, _max: { seq: true } });
  const latest = row._max.seq ?? 0n;
  const mark = liveHub().restoreMark;
  return latest > mark ? latest : mark;
}
