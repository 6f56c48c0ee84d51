// The environment `next start` runs with, wherever it is started (`npm start`, the benchmarks,
// the end-to-end server): one place, so what is measured is what users run.
import "server-only";

/**
 * glibc gives each thread that allocates its own malloc arena (up to 8 per core), and memory freed
 * in one rarely goes back to the system. The server's threads (the embedded database's worker, the
 * analyses' worker, libuv's pool) each left an arena behind: on a 100,000-node debate, two arenas
 * cut the server's memory above idle after three page loads from +103 MB to +67 MB (+30 MB with
 * one arena). Set only when the operator has not chosen (docs/decisions/017-malloc-arenas.md).
 */
export const MALLOC_ARENAS = "2";

export function serverProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || MALLOC_ARENAS };
}
