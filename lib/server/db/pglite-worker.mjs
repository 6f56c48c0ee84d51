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
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, socketPath, maxConnections } = workerData;
const port = parentPort;

let db;
let server;
let closing;

async function open() {
  try {
    db = new PGlite({ dataDir });
    await db.waitReady;
    server = new PGLiteSocketServer({ db: withNotificationTap(db), path: socketPath, maxConnections });
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
          if (type === SYNC || type === SIMPLE_QUERY) extendedOpen = false;
          else if (EXTENDED.has(type)) extendedOpen = true;
          let carry = null;
          return obj.execProtocolRawStream(message, {
            ...options,
            onRawData(data) {
              if (listened.size > 0) carry = scanForNotifications(carry ? concat(carry, data) : data);
              options.onRawData(data);
            },
          });
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
