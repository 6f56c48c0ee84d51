import "server-only";
import { log } from "@/lib/server/log";

/**
 * Wraps a cleanup (deleting expired rows) so that calling it often runs it at most once per
 * `intervalMs` in this process; a failure is logged, never thrown at the request that called it.
 * Rate-limit buckets and idempotency keys are swept this way, after the write that needs them.
 */
export function atMostEvery(intervalMs: number, label: string, cleanup: () => Promise<unknown>): () => Promise<void> {
  let nextAt = 0;
  return async () => {
    if (Date.now() < nextAt) return;
    nextAt = Date.now() + intervalMs;
    try {
      await cleanup();
    } catch (error) {
      log().warn({ err: error }, `[${label}] sweeping expired rows failed`);
    }
  };
}
