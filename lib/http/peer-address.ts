import "server-only";
import { timingSafeEqual, randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

// Route handlers never see the socket, and `next start` is no help: it sets
// `X-Forwarded-For` to the socket's address only when the client sent none
// (`??=` in next/dist/server/base-server.js), so a client can name any address.
// Node publishes every HTTP request on the `http.server.request.start`
// diagnostics channel, with its socket, before the server's request handler
// runs. instrumentation.ts subscribes here once per server process: the
// subscriber overwrites PEER_HEADER with the socket's address, prefixed by a
// random proof made at start-up, so a client-sent PEER_HEADER never survives
// and one that slipped in before the subscriber existed (a request that
// arrived while the server was still starting) fails the proof.

export const PEER_HEADER = "x-builder-breaker-peer";
const STATE = Symbol.for("builder-breaker.peer-address");

type PeerState = { proof: string };
type HeaderSource = Pick<Headers, "get">;

function state(): PeerState | undefined {
  return (globalThis as { [STATE]?: PeerState })[STATE];
}

/** Subscribes to Node's request channel (once per process; instrumentation.ts calls it). */
export function installPeerAddressStamp(): void {
  if (state()) return;
  const peer: PeerState = { proof: randomBytes(16).toString("hex") };
  (globalThis as { [STATE]?: PeerState })[STATE] = peer;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${peer.proof} ${socket.remoteAddress ?? ""}`;
  });
}

/** The socket address stamped on this request by this process, or undefined (not stamped, or forged). */
export function stampedPeerAddress(headers: HeaderSource): string | undefined {
  const peer = state();
  const value = headers.get(PEER_HEADER);
  if (!peer || !value) return undefined;
  const space = value.indexOf(" ");
  if (space < 0) return undefined;
  const proof = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(peer.proof);
  if (proof.length !== expected.length || !timingSafeEqual(proof, expected)) return undefined;
  return value.slice(space + 1).trim() || undefined;
}
