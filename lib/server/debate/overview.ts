import "server-only";
import { Worker } from "node:worker_threads";
import type { Actor } from "@/lib/domain/actor";
import { requireAccess } from "@/lib/server/debate/access";
import { databaseEndpoint, db } from "@/lib/server/db/client";
import { latestEventSeq } from "@/lib/server/queries/tree";
import { workerScriptPath } from "@/lib/server/ops/worker-script";
import { log } from "@/lib/server/log";
import { analyseDebate, type DebateAnalysis } from "@/lib/server/debate/analysis";
import { OUTLINE_WHOLE_MAX } from "@/lib/server/debate/outline-view";

export type { DebateAnalysis };

// ---- Computed once per debate state, shared by every reader

/**
 * Ages and idle days move with the clock, not only with events: an analysis is also
 * recomputed when this much time has passed (the overview's validator turns over with it).
 */
export const ANALYSIS_CLOCK_MS = 10 * 60_000;
/** Debates whose latest analysis is kept, as UTF-8 JSON: a 100,000-node debate's is ~8 MB. */
const ANALYSIS_CACHE_DEBATES = 4;

/** Analyses computed since start, and how many of them in a worker (tests read it). */
export const analysisStats = { computed: 0, inWorker: 0 };

interface CachedAnalysis {
  key: string;
  bytes: Promise<Uint8Array>;
}
const analyses = new Map<string, CachedAnalysis>();

function analysisKey(seq: string, now: Date): string {
  return `${seq}@${Math.floor(now.getTime() / ANALYSIS_CLOCK_MS)}`;
}

/**
 * The debate's analyses at its latest event, as UTF-8 JSON: computed once per change and shared by
 * concurrent readers (a 100,000-node debate takes seconds; three viewers must not take three times
 * that, nor hold three copies), and sent as these bytes, never parsed or encoded again. The caller
 * has checked the reader's access. A large debate (`large`: past OUTLINE_WHOLE_MAX nodes; counted
 * when not given) is analysed in a worker thread: its seconds of work never hold this thread's
 * event loop, and the memory of 100,000 rows goes back when the worker ends.
 */
export async function debateAnalysisBytes(debateId: string, opts: { seq?: string; now?: Date; large?: boolean } = {}): Promise<Uint8Array> {
  const now = opts.now ?? new Date();
  const key = analysisKey(opts.seq ?? (await latestEventSeq(debateId)), now);
  const cached = analyses.get(debateId);
  if (cached?.key === key) {
    analyses.delete(debateId); // most recently used last
    analyses.set(debateId, cached);
    return cached.bytes;
  }
  analysisStats.computed++;
  const compute = async () => {
    const large = opts.large ?? (await db().node.count({ where: { debateId } })) > OUTLINE_WHOLE_MAX;
    return large ? analyseInWorker(debateId, now) : new TextEncoder().encode(JSON.stringify(await analyseDebate(debateId, now)));
  };
  // In the cache before any await, so a concurrent reader finds it.
  const entry: CachedAnalysis = { key, bytes: compute() };
  entry.bytes.catch(() => analyses.get(debateId) === entry && analyses.delete(debateId));
  analyses.set(debateId, entry);
  while (analyses.size > ANALYSIS_CACHE_DEBATES) analyses.delete(analyses.keys().next().value!);
  return entry.bytes;
}

/** debateAnalysisBytes as an object. */
export async function debateAnalysis(debateId: string, opts: { seq?: string; now?: Date; large?: boolean } = {}): Promise<DebateAnalysis> {
  return JSON.parse(new TextDecoder().decode(await debateAnalysisBytes(debateId, opts))) as DebateAnalysis;
}

/** The viewer's membership and the debate's analyses (the debate page's data without its rows). */
export async function debateOverview(actor: Actor | null, debateId: string, now = new Date()) {
  const access = await requireAccess(debateId, actor, "debate:read");
  return { me: access.membership, ...(await debateAnalysis(debateId, { now })) };
}

// ---- The worker

const ANALYSIS_WORKER = ["lib", "server", "debate", "analysis-worker.mjs"];

/**
 * analyseDebate in a worker thread of its own, on the same database (its own small pool), ended
 * when done. The worker runs the TypeScript sources through tsx, as `npm start` runs its scripts.
 */
export function analyseInWorker(debateId: string, now: Date): Promise<Uint8Array> {
  analysisStats.inWorker++;
  return new Promise<Uint8Array>((resolve, reject) => {
    const worker = new Worker(workerScriptPath(import.meta.dirname, ANALYSIS_WORKER), {
      workerData: { debateId, now: now.toISOString(), endpoint: databaseEndpoint() },
      execArgv: ["--conditions=react-server"],
    });
    let settled = false;
    worker.once("message", (m: { bytes?: Uint8Array; error?: string }) => {
      settled = true;
      if (m.bytes instanceof Uint8Array) resolve(m.bytes);
      else reject(new Error(`The analysis worker failed: ${m.error ?? "no answer"}`));
    });
    worker.once("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`The analysis worker stopped (exit code ${code}) before answering`));
      settled = true;
    });
  }).catch((error: unknown) => {
    log().error({ err: error, debateId }, "[analysis] the worker failed");
    throw error;
  });
}
