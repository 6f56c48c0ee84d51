import "server-only";
import { Worker } from "node:worker_threads";
import { diffFromChanges, versionDiff, WORD_DIFF_TIMEOUT_MS, type VersionDiff, type WordChange } from "@/lib/domain/debate/version-diff";
import { log } from "@/lib/server/log";
import { workerScriptPath } from "@/lib/server/ops/worker-script";

// A version's word diff is bounded (WORD_DIFF_TIMEOUT_MS) but synchronous: on two long texts it
// held the event loop for the whole bound and more (tokenising), and every other request waited
// (#17). Long pairs go to one worker thread; short ones stay inline, where a message round trip
// would cost more than the diff. If the worker cannot start or dies, the diff runs inline.
const INLINE_MAX_CHARS = 10_000;

type Reply = { id: number; changes: WordChange[] | null } | { id: number; error: string };
type Pending = { resolve: (changes: WordChange[] | null) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;
let workerDiffs = 0;

const DIFF_WORKER = ["lib", "server", "debate", "diff-worker.mjs"];

function failAll(error: Error) {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
  worker = null;
}

function diffWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(workerScriptPath(import.meta.dirname, DIFF_WORKER));
  started.unref(); // an idle diff worker never keeps the process alive
  started.on("message", (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ("error" in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.changes);
  });
  started.on("error", (error) => failAll(error));
  started.on("exit", (code) => failAll(new Error(`the diff worker exited (${code})`)));
  worker = started;
  return started;
}

/** The word diff of two versions, off the event loop when they are long. */
export async function wordDiff(before: string, after: string): Promise<VersionDiff> {
  if (before.length + after.length <= INLINE_MAX_CHARS) return versionDiff(before, after);
  try {
    const changes = await new Promise<WordChange[] | null>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      diffWorker().postMessage({ id, before, after, timeoutMs: WORD_DIFF_TIMEOUT_MS });
    });
    workerDiffs++;
    return diffFromChanges(changes, before, after);
  } catch (error) {
    log().warn({ err: error }, "diff worker failed; computing the diff inline");
    return versionDiff(before, after);
  }
}

/** How many diffs the worker has computed in this process (tests). */
export function workerDiffCount(): number {
  return workerDiffs;
}
