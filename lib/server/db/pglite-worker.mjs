// The embedded database's own thread (docs/decisions/011-pglite-in-a-worker.md).
//
// PGlite answers synchronously in the thread that calls it, so a long statement
// run on the main thread freezes every other request. Here it runs in a
// worker_threads Worker and speaks the PostgreSQL wire protocol on a unix socket
// in a private folder; the main thread reaches it with `pg` exactly like a
// PostgreSQL server. Plain JavaScript on purpose: it is loaded by path from tsx,
// Vitest and `next start` alike, with nothing to compile.
//
// Messages from the main thread: {type:"listen", id, channel} and {type:"close"}.
// Messages to it: {type:"ready"}, {type:"failed", message, code},
// {type:"listening", id}, {type:"notification", channel, payload}, {type:"closed"}.
import { appendFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, socketPath, maxConnections, traceFile } = workerData;
const port = parentPort;

let db;
let server;
let closing;

async function open() {
  try {
    db = new PGlite({ dataDir });
    await db.waitReady;
    // PGlite has no autovacuum, and this one backend lives as long as the server: a cached
    // generic plan is never replanned. A foreign-key check planned while "Node" was small
    // (or its statistics said so) stays a sequential scan as the table grows, and an import
    // into a 50-node database took seconds per batch, growing with every batch (decision 015).
    // Custom plans are made with the table's current size.
    await db.exec("SET plan_cache_mode = force_custom_plan");
    server = new PGLiteSocketServer({ db: withNotificationTap(db), path: socketPath, maxConnections });
    if (traceFile) traceQueue(server.queryQueue);
    await server.start();
    port.postMessage({ type: "ready" });
  } catch (e) {
    await db?.close().catch(() => {});
    port.postMessage({ type: "failed", message: e instanceof Error ? e.message : String(e), code: e?.code });
  }
}

// NOTIFY is not delivered to a LISTEN on another socket connection (they all share
// one backend), so the listening happens here: db.listen() makes the backend LISTEN.
// PGlite calls its listen() callbacks only for queries sent through its own API, and
// the socket server streams raw protocol bytes past that parser; so the tap below
// also reads the NotificationResponse messages out of every socket query's answer.
const listened = new Set();

function post(channel, payload) {
  if (listened.has(channel)) port.postMessage({ type: "notification", channel, payload });
}

async function listen(id, channel) {
  if (!listened.has(channel)) {
    await db.listen(channel, (payload) => post(channel, payload));
    listened.add(channel);
  }
  port.postMessage({ type: "listening", id });
}

// The socket server queues each protocol message on its own and lets another
// connection's message in between unless PGlite is inside a transaction. pg sends a
// parameterised query as Parse, Bind, Describe, Execute, Sync on the unnamed
// statement and portal, which every connection shares here (one backend): another
// connection's Parse between them would replace the statement this Bind binds (seen
// as "portal does not exist", 34000). So from the first extended-protocol message to
// its Sync, the server is told "in a transaction", which keeps it on that connection.
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush
let extendedOpen = false;

/**
 * `db` for the socket server: each answer's NotificationResponse ('A') messages are
 * posted to the main thread, and an open extended-protocol sequence counts as a transaction.
 */
function withNotificationTap(target) {
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === "isInTransaction") return () => extendedOpen || obj.isInTransaction();
      if (prop === "exec") {
        // The server's only own statement: ROLLBACK for a connection that left mid-transaction.
        return (...args) => {
          extendedOpen = false;
          return obj.exec(...args);
        };
      }
      if (prop === "execProtocolRawStream") {
        return (message, options) => {
          const type = message[0];
          if (traceFile) traceStarted(message);
          if (type === SYNC || type === SIMPLE_QUERY) extendedOpen = false;
          else if (EXTENDED.has(type)) extendedOpen = true;
          let carry = null;
          const answer = obj.execProtocolRawStream(message, {
            ...options,
            onRawData(data) {
              if (listened.size > 0) carry = scanForNotifications(carry ? concat(carry, data) : data);
              options.onRawData(data);
            },
          });
          return traceFile ? answer.finally(() => traceEnded(message, obj.isInTransaction())) : answer;
        };
      }
      const value = Reflect.get(obj, prop, obj);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

/** Walks whole protocol messages (type byte, int32 length); returns an incomplete tail to prepend to the next chunk. */
function scanForNotifications(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 5 <= bytes.length) {
    const length = view.getInt32(at + 1);
    if (at + 1 + length > bytes.length) break;
    if (bytes[at] === 0x41) {
      // int32 process id, then channel and payload as NUL-terminated strings.
      const body = bytes.subarray(at + 9, at + 1 + length);
      const end = body.indexOf(0);
      const channel = decoder.decode(body.subarray(0, end));
      const payload = decoder.decode(body.subarray(end + 1, body.indexOf(0, end + 1)));
      post(channel, payload);
    }
    at += 1 + length;
  }
  return at < bytes.length ? bytes.slice(at) : null;
}

const decoder = new TextDecoder();

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---- Diagnostics (DB_TRACE_FILE, lib/server/db/trace.ts): one line per statement (Parse … Sync,
// or a simple Query) with its queue wait and execution time, and one per transaction with how
// long it held the backend. Off unless the main thread passes traceFile.
const traced = new WeakMap(); // message -> { handlerId, queuedAt, queueLength }
const statements = new Map(); // handlerId -> the statement being traced
const transactions = new Map(); // handlerId -> { startedAt, statements }
let traceLines = [];

function traceQueue(queue) {
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = (handlerId, message, onData) => {
    traced.set(message, { handlerId, queuedAt: performance.now(), queueLength: queue.getQueueLength() });
    return enqueue(handlerId, message, onData);
  };
  setInterval(() => {
    if (traceLines.length === 0) return;
    appendFileSync(`${traceFile}.worker`, traceLines.join("\n") + "\n");
    traceLines = [];
  }, 500).unref();
}

function traceStarted(message) {
  const info = traced.get(message);
  if (!info) return;
  const now = performance.now();
  info.startedAt = now;
  const type = message[0];
  let statement = statements.get(info.handlerId);
  if (!statement || type === 0x50 || type === SIMPLE_QUERY) {
    statement = { h: info.handlerId, sql: sqlHead(message), queuedAt: info.queuedAt, startedAt: now, waitMs: 0, execMs: 0, messages: 0, queueLength: info.queueLength };
    statements.set(info.handlerId, statement);
  }
  statement.waitMs += now - info.queuedAt;
}

function traceEnded(message, inTransaction) {
  const info = traced.get(message);
  if (!info?.startedAt) return;
  const now = performance.now();
  const statement = statements.get(info.handlerId);
  if (!statement) return;
  statement.execMs += now - info.startedAt;
  statement.messages++;
  (statement.parts ??= []).push(`${String.fromCharCode(message[0])}${message.length}:${round(now - info.startedAt)}`);
  const type = message[0];
  if (type === SYNC || type === SIMPLE_QUERY) {
    statements.delete(info.handlerId);
    traceLines.push(
      JSON.stringify({
        t: Math.round(performance.timeOrigin + now),
        kind: "stmt",
        h: statement.h,
        sql: statement.sql,
        waitMs: round(statement.waitMs),
        execMs: round(statement.execMs),
        spanMs: round(now - statement.queuedAt),
        q: statement.queueLength,
        tx: inTransaction,
        ...(statement.execMs > 300 ? { parts: statement.parts.join(" ") } : {}),
      }),
    );
    const tx = transactions.get(info.handlerId);
    if (tx) tx.statements++;
    if (!inTransaction) {
      transactions.delete(info.handlerId);
      if (tx && tx.statements > 1) traceLines.push(JSON.stringify({ t: Math.round(performance.timeOrigin + now), kind: "tx", h: info.handlerId, holdMs: round(now - tx.startedAt), statements: tx.statements }));
    } else if (!tx) {
      transactions.set(info.handlerId, { startedAt: statement.startedAt, statements: 1 });
    }
  }
}

/** The first words of a Parse's or Query's SQL text (the statement's name precedes it in Parse). */
function sqlHead(message) {
  const type = message[0];
  let at = 5;
  if (type === 0x50) at = message.indexOf(0, 5) + 1;
  else if (type !== SIMPLE_QUERY) return String.fromCharCode(type);
  const end = message.indexOf(0, at);
  return decoder.decode(message.subarray(at, Math.min(end < 0 ? message.length : end, at + 60))).replace(/\s+/g, " ");
}

const round = (ms) => Math.round(ms * 10) / 10;

function close() {
  closing ??= (async () => {
    // Connections first (an open transaction is rolled back), then the database.
    await server?.stop().catch(() => {});
    if (db && !db.closed) await db.close();
    port.postMessage({ type: "closed" });
  })().catch((e) => port.postMessage({ type: "closed", error: e instanceof Error ? e.message : String(e) }));
  return closing;
}

port.on("message", (message) => {
  if (message.type === "listen") {
    listen(message.id, message.channel).catch((e) =>
      port.postMessage({ type: "listening", id: message.id, error: e instanceof Error ? e.message : String(e) }),
    );
  } else if (message.type === "close") {
    void close();
  }
});

void open();
