// Cold start: prepare-db (migrations + demo seed) then `next start` until the first 200 on `/`,
// for a fresh data dir / database and again for the now-existing one.
import { runScript } from "./lib/server";
import { round } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

export const startup: Benchmark = {
  name: "start",
  description: "prepare-db + next start to the first 200 on /, fresh and existing database",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const database = await ctx.freshDatabase("start", { migrated: false });
    const env = ctx.appEnv(database, { SEED_DEMO: "true" });
    const phases: Record<string, { prepareMs: number; serverMs: number }> = {};
    for (const phase of ["fresh", "existing"] as const) {
      const prepareMs = runScript(ctx.root, "scripts/prepare-db.ts", env);
      const server = await ctx.startServer(database, { SEED_DEMO: "true" }, { readyPath: "/" });
      await server.stop();
      phases[phase] = { prepareMs, serverMs: server.readyMs };
      ctx.log(`${phase}: prepare-db ${Math.round(prepareMs)} ms, server ${Math.round(server.readyMs)} ms`);
    }
    const metrics: Metric[] = [];
    for (const [phase, p] of Object.entries(phases)) {
      metrics.push(
        below(`${phase}: prepare-db`, round(p.prepareMs, 0), "ms", undefined),
        below(`${phase}: next start → 200 /`, round(p.serverMs, 0), "ms", undefined),
        below(`${phase}: total`, round(p.prepareMs + p.serverMs, 0), "ms", undefined),
      );
    }
    return { metrics, details: { phases } };
  },
};
