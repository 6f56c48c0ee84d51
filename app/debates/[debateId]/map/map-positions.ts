// Where the map's layout runs: in a Web Worker when the browser has one (the page stays
// responsive while dagre works on a big branch), on the main thread otherwise (no Worker,
// the worker failed to start, or it crashed). Same pure function either way.
import { positionMapGraph, type MapGraph, type MapPositions } from "@/lib/domain/debate/map-layout";
import type { LayoutReply, LayoutRequest } from "./map-layout.worker";

type Pending = { resolve: (positions: MapPositions) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
/** Set once the worker cannot be used: every later layout runs on the main thread. */
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error) {
  workerBroken = true;
  worker?.terminate();
  worker = null;
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function layoutWorker(): Worker | null {
  if (worker || workerBroken) return worker;
  // Rendered on the server: no decision yet (the browser decides on its own).
  if (typeof window === "undefined") return null;
  if (typeof Worker === "undefined") {
    workerBroken = true;
    return null;
  }
  try {
    // The bundler sees this exact form and emits the worker as its own chunk.
    worker = new Worker(new URL("./map-layout.worker.ts", import.meta.url), { name: "map-layout" });
  } catch {
    // A Content-Security-Policy or a browser without workers refused it.
    workerBroken = true;
    return null;
  }
  worker.onmessage = (event: MessageEvent<LayoutReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ("error" in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.positions);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`map layout worker failed: ${event.message || "could not load"}`));
  };
  return worker;
}

/** Whether layouts go to the worker (false: callers may lay out synchronously at once). */
export function hasLayoutWorker(): boolean {
  return layoutWorker() !== null;
}

/** Positions the graph in the worker; on the main thread when there is none or it fails. */
export function positionInBackground(graph: MapGraph): Promise<MapPositions> {
  const w = layoutWorker();
  if (!w) return Promise.resolve(positionMapGraph(graph));
  const id = nextId++;
  return new Promise<MapPositions>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, graph } satisfies LayoutRequest);
  }).catch(() => positionMapGraph(graph));
}
