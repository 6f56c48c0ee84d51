// Export of a 100,000-node debate (10,000 with --quick) downloaded over HTTP from
// `next start`, as a user's browser or curl gets it: time to the last byte, and the
// peak RSS of the server's processes over their idle RSS. One fresh server per format,
// so each peak belongs to one export; "idle" is the server right after it answered its
// first page, so the figure includes everything the first big export costs (compiling
// its code, opening the database, filling PGlite's buffer cache).
// Targets: < 5 s and < 150 MB per format.
import type { Sql } from "./lib/database";
import { seedDebate } from "./lib/seed";
import { groupPids, rssBytes } from "./lib/server";
import { round } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

const FORMATS = ["json", "markdown", "argdown"] as const;
const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 5;
const SETTLE_MS = 1_000;

interface Download {
  ms: number;
  bytes: number;
  idleRss: number;
  peakRss: number;
  /** How many RSS samples the peak is the maximum of. */
  samples: number;
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

/** Downloads one export, sampling the server group's RSS every few ms from just before the request to the last byte. */
async function download(url: string, pids: readonly number[]): Promise<Download> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const idleRss = rssBytes(pids);
  let peakRss = idleRss;
  let samples = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, rssBytes(pids));
    samples++;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  const started = performance.now();
  let bytes = 0;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (res.status !== 200 || !res.body) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    for await (const chunk of res.body) bytes += chunk.byteLength;
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  sample();
  return { ms, bytes, idleRss, peakRss, samples };
}

export const exportBench: Benchmark = {
  name: "export",
  description: "GET …/export of a 100,000-node debate (json, markdown, argdown) from next start: time to the last byte and the server's peak RSS over idle, one fresh server per format",
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
      await sql.close(); // PGlite: release the data dir for the server
    }
    const metrics: Metric[] = [];
    const details: Record<string, Download> = {};
    for (const format of FORMATS) {
      const server = await ctx.startServer(database);
      let r: Download;
      try {
        const pids = groupPids(server.pid);
        if (pids.length === 0) throw new Error("cannot read the server's processes from /proc: RSS is measured on Linux only");
        r = await download(`${server.url}/api/v1/debates/${debateId}/export?format=${format}`, pids);
      } finally {
        await server.stop();
      }
      details[format] = r;
      ctx.log(`${format}: ${Math.round(r.ms)} ms, ${(r.bytes / MB).toFixed(1)} MB out, server RSS idle ${(r.idleRss / MB).toFixed(0)} MB, peak ${(r.peakRss / MB).toFixed(0)} MB (${r.samples} samples)`);
      metrics.push(below(`${format} time`, round(r.ms), "ms", 5_000));
      metrics.push(below(`${format} peak RSS over idle`, round((r.peakRss - r.idleRss) / MB, 1), "MB", 150, `output ${(r.bytes / MB).toFixed(1)} MB; server idle ${(r.idleRss / MB).toFixed(0)} MB`));
    }
    return { metrics, details: { size, ...details } };
  },
};
