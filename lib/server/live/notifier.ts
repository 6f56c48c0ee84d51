import "server-only";
import pg from "pg";
import { listenEmbedded } from "@/lib/server/db/client";
import { log } from "@/lib/server/log";

// Wakes the hub when an event is committed. PGlite: its own listen(), inside the
// embedded database's worker, forwarded to this thread (one process). PostgreSQL: ONE dedicated pg.Client per process (never a pooled
// connection: a pool would recycle it and lose the LISTEN), reconnecting with
// backoff; after a reconnect the hub catches up from the last seq it saw, because
// NOTIFY never replays what was sent while nobody listened.

export interface NotifierHandlers {
  onNotification(channel: string, payload: string): void;
  /** Called after every (re)connect, once the LISTENs are active. */
  onConnected(reconnect: boolean): void;
}

export interface Notifier {
  stop(): Promise<void>;
  /** Sends a notification on a channel (used for presence broadcasts). */
  notify?(channel: string, payload: string): Promise<void>;
}

export async function startPgliteNotifier(channels: string[], handlers: NotifierHandlers): Promise<Notifier> {
  const unsubscribes = await Promise.all(channels.map((channel) => listenEmbedded(channel, (payload) => handlers.onNotification(channel, payload))));
  handlers.onConnected(false);
  return {
    async stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}

export const LISTENER_APPLICATION_NAME = "builder-breaker-live";

export interface PostgresNotifierOptions {
  url: string;
  channels: string[];
  handlers: NotifierHandlers;
  /** Pings the connection this often to notice a silently dead socket. */
  healthCheckMs?: number;
  maxBackoffMs?: number;
}

export class PostgresNotifier implements Notifier {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private everConnected = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly healthTimer: ReturnType<typeof setInterval>;

  constructor(private readonly options: PostgresNotifierOptions) {
    this.healthTimer = setInterval(() => void this.healthCheck(), options.healthCheckMs ?? 30_000);
    this.healthTimer.unref?.();
  }

  /** Connects once; on failure keeps retrying in the background (the promise still resolves). */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      log().warn({ err: error }, "[live] LISTEN connection failed; retrying");
      this.scheduleReconnect();
    }
  }

  get connected(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on("notification", (message) => {
      if (message.payload !== undefined) this.options.handlers.onNotification(message.channel, message.payload);
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (error) {
      client.removeAllListeners("end");
      client.on("error", () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.attempt = 0;
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.options.handlers.onConnected(reconnect);
  }

  private lost(client: pg.Client, error?: Error) {
    if (this.client !== client) return;
    this.client = null;
    client.on("error", () => {}); // late errors from the dead socket
    client.end().catch(() => {});
    if (this.stopped) return;
    log().warn({ err: error }, "[live] LISTEN connection lost; reconnecting");
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    const base = Math.min(this.options.maxBackoffMs ?? 5_000, 200 * 2 ** this.attempt);
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: unknown) => {
        log().warn({ err: error }, "[live] LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref?.();
  }

  private async healthCheck() {
    const client = this.client;
    if (!client) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        client.query("SELECT 1"),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("health check timed out")), 5_000);
        }),
      ]);
    } catch (error) {
      this.lost(client, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.healthTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.on("error", () => {});
      await client.end().catch(() => {});
    }
  }
}
