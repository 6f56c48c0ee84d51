// One analysis in a worker thread (analysis-worker.mjs): connect to the server's database, run
// analyseDebate, post its JSON as UTF-8 bytes (their memory moves to the server's thread, not a
// copy), close the pool. The thread ends with it.
import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { closeDb, connectToEndpoint, type DatabaseEndpoint } from "@/lib/server/db/client";
import { analyseDebate } from "@/lib/server/debate/analysis";

const job = workerData as { debateId: string; now: string; endpoint: DatabaseEndpoint };
connectToEndpoint(job.endpoint);
try {
  const analysis = await analyseDebate(job.debateId, new Date(job.now));
  const bytes = new TextEncoder().encode(JSON.stringify(analysis));
  parentPort!.postMessage({ bytes }, [bytes.buffer]);
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  await closeDb();
}
