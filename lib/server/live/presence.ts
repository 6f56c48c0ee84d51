import "server-only";
import { randomUUID } from "node:crypto";
import { log } from "@/lib/server/log";

// Who is viewing a debate right now. Each process knows its own SSE connections;
// with PostgreSQL, processes share their counts by broadcasting a small message on
// the `debate_presence` channel (on change, and as a heartbeat every few seconds).
// Entries of a process that stops heartbeating expire. Nothing is stored.

export const PRESENCE_CHANNEL = "debate_presence";

export interface Viewer {
  userId: string;
  displayName: string;
}

export interface PresenceSnapshot {
  viewers: string[];
  anonymous: number;
}

type PresenceListener = (snapshot: PresenceSnapshot) => void;

interface RemoteEntry {
  viewers: Viewer[];
  anonymous: number;
  expiresAt: number;
}

/** Wire format of one broadcast; kept well under PostgreSQL's 8000-byte NOTIFY limit. */
interface PresenceMessage {
  p: string; // process id
  d: string; // debate id
  v: [string, string][]; // [userId, displayName]
  a: number; // anonymous viewers
  t: number; // time to live, ms
}

/** Sent by a process that just started listening: the others re-broadcast what they have. */
interface SyncRequest {
  p: string;
  sync: true;
}

const MAX_NAMES_PER_MESSAGE = 40;
const MAX_NAME_LENGTH = 60;
const MAX_NAMES_SHOWN = 50;

export class Presence {
  readonly processId = randomUUID();
  private readonly local = new Map<string, Map<string, Viewer | null>>();
  private readonly remote = new Map<string, Map<string, RemoteEntry>>();
  private readonly listeners = new Map<string, Set<PresenceListener>>();
  private readonly lastSent = new Map<string, string>();
  private readonly debounce = new Map<string, ReturnType<typeof setTimeout>>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** Broadcasts to other processes; undefined with PGlite (one process). */
    private broadcast?: (payload: string) => Promise<void>,
    private readonly heartbeatMs = 10_000,
  ) {}

  setBroadcast(broadcast: ((payload: string) => Promise<void>) | undefined) {
    this.broadcast = broadcast;
    if (broadcast && !this.heartbeat) {
      this.heartbeat = setInterval(() => this.tick(), this.heartbeatMs);
      this.heartbeat.unref?.();
    }
  }

  /** Registers a viewer (null: anonymous) and its listener; returns leave(). */
  join(debateId: string, viewer: Viewer | null, listener: PresenceListener): () => void {
    const connId = randomUUID();
    let conns = this.local.get(debateId);
    if (!conns) this.local.set(debateId, (conns = new Map()));
    conns.set(connId, viewer);
    let set = this.listeners.get(debateId);
    if (!set) this.listeners.set(debateId, (set = new Set()));
    set.add(listener);
    const before = this.lastSent.get(debateId);
    this.changed(debateId); // everyone (the newcomer too) hears of a change
    if (this.lastSent.get(debateId) === before) listener(this.snapshot(debateId)); // no change: the newcomer still needs it
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.local.get(debateId)?.delete(connId);
      if (this.local.get(debateId)?.size === 0) this.local.delete(debateId);
      const s = this.listeners.get(debateId);
      s?.delete(listener);
      if (s?.size === 0) {
        this.listeners.delete(debateId);
        this.lastSent.delete(debateId);
      }
      this.changed(debateId);
    };
  }

  snapshot(debateId: string): PresenceSnapshot {
    const byUser = new Map<string, string>();
    let anonymous = 0;
    for (const viewer of this.local.get(debateId)?.values() ?? []) {
      if (viewer) byUser.set(viewer.userId, viewer.displayName);
      else anonymous++;
    }
    const now = Date.now();
    for (const [processId, entry] of this.remote.get(debateId) ?? []) {
      if (entry.expiresAt < now) {
        this.remote.get(debateId)?.delete(processId);
        continue;
      }
      for (const v of entry.viewers) byUser.set(v.userId, v.displayName);
      anonymous += entry.anonymous;
    }
    const viewers = [...byUser.values()].sort((a, b) => a.localeCompare(b)).slice(0, MAX_NAMES_SHOWN);
    return { viewers, anonymous };
  }

  /** A broadcast from another process. */
  receive(payload: string) {
    let message: PresenceMessage | SyncRequest;
    try {
      message = JSON.parse(payload) as PresenceMessage | SyncRequest;
    } catch {
      return;
    }
    if (!message || message.p === this.processId) return;
    if ("sync" in message) {
      this.rebroadcastAll();
      return;
    }
    if (typeof message.d !== "string") return;
    let entries = this.remote.get(message.d);
    if (!entries) this.remote.set(message.d, (entries = new Map()));
    const viewers = Array.isArray(message.v) ? message.v.map(([userId, displayName]) => ({ userId: String(userId), displayName: String(displayName) })) : [];
    const anonymous = Number.isFinite(message.a) ? Math.max(0, message.a) : 0;
    if (viewers.length === 0 && anonymous === 0) entries.delete(message.p);
    else entries.set(message.p, { viewers, anonymous, expiresAt: Date.now() + Math.min(60_000, Math.max(1_000, message.t || 30_000)) });
    if (entries.size === 0) this.remote.delete(message.d);
    this.notifyLocal(message.d);
  }

  /** After the LISTEN connection comes back: tell the others what we have. */
  rebroadcastAll() {
    for (const debateId of this.local.keys()) void this.send(debateId);
  }

  /** After (re)connecting: ask the other processes for their viewers instead of waiting for their heartbeat. */
  requestSync() {
    if (!this.broadcast) return;
    const request: SyncRequest = { p: this.processId, sync: true };
    this.broadcast(JSON.stringify(request)).catch((error: unknown) => log().warn({ err: error }, "[live] presence sync request failed"));
  }

  stop() {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const t of this.debounce.values()) clearTimeout(t);
    this.debounce.clear();
  }

  private changed(debateId: string) {
    this.notifyLocal(debateId);
    if (!this.broadcast || this.debounce.has(debateId)) return;
    const timer = setTimeout(() => {
      this.debounce.delete(debateId);
      void this.send(debateId);
    }, 200);
    timer.unref?.();
    this.debounce.set(debateId, timer);
  }

  private notifyLocal(debateId: string) {
    const set = this.listeners.get(debateId);
    if (!set?.size) return;
    const snapshot = this.snapshot(debateId);
    const key = JSON.stringify(snapshot);
    if (this.lastSent.get(debateId) === key) return;
    this.lastSent.set(debateId, key);
    for (const listener of set) {
      try {
        listener(snapshot);
      } catch {
        // A failing connection cleans itself up.
      }
    }
  }

  private async send(debateId: string) {
    if (!this.broadcast) return;
    const conns = this.local.get(debateId);
    const byUser = new Map<string, string>();
    let anonymous = 0;
    for (const v of conns?.values() ?? []) {
      if (v) byUser.set(v.userId, v.displayName.slice(0, MAX_NAME_LENGTH));
      else anonymous++;
    }
    const message: PresenceMessage = {
      p: this.processId,
      d: debateId,
      v: [...byUser].slice(0, MAX_NAMES_PER_MESSAGE),
      a: anonymous,
      t: this.heartbeatMs * 3,
    };
    try {
      await this.broadcast(JSON.stringify(message));
    } catch (error) {
      log().warn({ err: error }, "[live] presence broadcast failed");
    }
  }

  private tick() {
    for (const debateId of this.local.keys()) void this.send(debateId);
    // Expire silent processes and tell local viewers.
    for (const debateId of this.remote.keys()) this.notifyLocal(debateId);
  }
}
