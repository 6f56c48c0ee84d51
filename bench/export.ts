// Export of a 100,000-node debate (10,000 with --quick) through exportDebateFor,
// in-process as the API route runs it, one fresh process per format so the
// RSS figures belong to that export: time and peak RSS over the idle process.
// Targets: < 5 s and < 150 MB per format.
import { spawn } from "node:child_process";
import path from "node:path";
import type { Sql } from "./lib/database";
import { seedDebate } from "./lib/seed";
import { round } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

const FORMATS = ["json", "markdown", "argdown"] as const;
const MB = 1024 * 1024;

interface ChildResult {
  ms: number;
  bytes: number;
  idleRss: number;
  peakRss: number;
  maxRss: number;
}

/** Revisions, prune/reopen events, predictions and crux marks on a few percent of the nodes, so every per-batch query has rows. */
export async function seedExtras(sql: Sql, debateId: string): Promise<void> {
  await sql.query(
    `INSERT INTO "NodeRevision" ("id", "nodeId", "revision", "editorId", "title", "body", "createdAt")
     SELECT 'br' || r || n."id", n."id", r, n."authorId", n."title", left(n."body", 80) || ' (revision ' || r || ')', n."createdAt" + r * interval '1 minute'
     FROM "Node" n CROSS JOIN generate_series(1, 2) AS r
     WHERE n."debateId" = $1 AND abs(hashtext(n."id")) % 33 = 0`,
    [debateId],
  );
  await sql.query(
    `INSERT INTO "PruneEvent" ("id", "debateId", "nodeId", "actorId", "action", "category", "reason", "promise", "createdAt")
     SELECT 'bpe' || n."id", $1, n."id", n."authorId", 'PRUNE', 'UNPROMISING', 'Seeded prune: the branch went nowhere.', 20, n."createdAt" + interval '1 hour'
     FROM "Node" n WHERE n."debateId" = $1 AND n."parentId" IS NOT NULL AND abs(hashtext(n."id")) % 50 = 1`,
    [debateId],
  );
  await sql.query(
    `INSERT INTO "Prediction" ("id", "nodeId", "userId", "side", "probability", "createdAt")
     SELECT 'bpr' || n."id", n."id", n."authorId", n."side", (abs(hashtext(n."id")) % 100) / 100.0, n."createdAt" + interval '5 minutes'
     FROM "Node" n WHERE n."debateId" = $1 AND n."kind" IN ('COUNTEREXAMPLE', 'REBUTTAL') AND abs(hashtext(n."id")) % 10 = 2`,
    [debateId],
  );
  await sql.query(
    `INSERT INTO "CruxMark" ("nodeId", "userId", "side", "createdAt")
     SELECT n."id", n."authorId", n."side", n."createdAt" + interval '6 minutes'
     FROM "Node" n WHERE n."debateId" = $1 AND abs(hashtext(n."id")) % 40 = 3`,
    [debateId],
  );
}

function runChild(ctx: BenchContext, env: NodeJS.ProcessEnv, debateId: string, format: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", path.join(ctx.root, "bench/lib/export-child.ts"), debateId, format], {
      cwd: ctx.root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`export child (${format}) exited ${code}: ${err.trim().slice(-500)}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

export const exportBench: Benchmark = {
  name: "export",
  description: "exportDebateFor on a 100,000-node debate (json, markdown, argdown): time and peak RSS over idle, one process per format",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 10_000 : 100_000;
    const database = await ctx.freshDatabase("export");
    const sql = await database.open();
    let debateId: string;
    try {
      const t = performance.now();
      const seeded = await seedDebate(sql, { size });
      await seedExtras(sql, seeded.debateId);
      debateId = seeded.debateId;
      ctx.log(`seeded ${size} nodes (max depth ${seeded.maxDepth}) in ${Math.round(performance.now() - t)} ms`);
    } finally {
      await sql.close(); // PGlite: release the data dir for the child processes
    }
    const env = ctx.appEnv(database);
    const metrics: Metric[] = [];
    const details: Record<string, ChildResult> = {};
    for (const format of FORMATS) {
      const r = await runChild(ctx, env, debateId, format);
      details[format] = r;
      ctx.log(`${format}: ${Math.round(r.ms)} ms, ${(r.bytes / MB).toFixed(1)} MB out, RSS idle ${(r.idleRss / MB).toFixed(0)} MB, peak ${(r.peakRss / MB).toFixed(0)} MB`);
      metrics.push(below(`${format} time`, round(r.ms), "ms", 5_000));
      metrics.push(below(`${format} peak RSS over idle`, round((r.peakRss - r.idleRss) / MB, 1), "MB", 150, `output ${(r.bytes / MB).toFixed(1)} MB; idle ${(r.idleRss / MB).toFixed(0)} MB; process maxRSS ${(r.maxRss / MB).toFixed(0)} MB`));
    }
    return { metrics, details: { size, ...details } };
  },
};
