// Format throughput, in-process (pure CPU, no database or server): every exporter
// over a generated debate and every importer over the exporter's text, at 10× and
// 100× a base size (1,000 nodes: 10,000 and 100,000; --quick: 1,000 and 10,000),
// as thousands of nodes per second (MB/s in the note; the fastest of 2–3 runs).
// A linear parser or writer keeps its rate from 10× to 100×; the
// "per-node cost 100×/10×" figure is ~1 for linear code and ~10 for quadratic.
// Then the import service's sliced parse (lib/formats/steps.ts) of 20 MB uploads:
// the longest the event loop was held at once, beside the synchronous parse.
// Pure CPU, so it runs in the PGlite pass only.
import { parseImport, parseImportSliced, type ImportFormat } from "@/lib/formats/import";
import { collect, EXPORT_FORMATS, exportDebate, type ExportFormat } from "@/lib/formats/export";
import { bigJson, bigKialo, longestLoopBlock } from "../tests/unit/formats/big-upload";
import { largeSource } from "../tests/unit/formats/large-source";
import { round } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

// The formats we also export (an import of our own export); aif and thread are measured by the scaling tests.
const IMPORTS = ["json", "argdown", "kialo"] as const satisfies readonly ImportFormat[];
/** Throughput is measured on texts beyond the 20 MB upload limit too. */
const NO_SIZE_LIMIT = { limits: { maxBytes: Number.MAX_SAFE_INTEGER } };

/** The fastest of `runs` exports (the machine is shared: the fastest run is the least disturbed). */
async function timedExport(nodes: number, format: ExportFormat, runs: number): Promise<{ ms: number; chars: number }> {
  let best = { ms: Infinity, chars: 0 };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    let chars = 0;
    for await (const chunk of exportDebate(largeSource(nodes), format)) chars += chunk.length;
    const ms = performance.now() - started;
    if (ms < best.ms) best = { ms, chars };
  }
  return best;
}

function timedParse(text: string, format: ImportFormat, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parseImport(text, format, NO_SIZE_LIMIT);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Thousands of nodes per second (the SVG writer draws at most 400 nodes, so text rates would mislead). */
function rate(nodes: number, ms: number): number {
  return round(nodes / ms, 1);
}

const runsAt = (nodes: number, base: number) => (nodes > 10 * base ? 2 : 3);

export const formatsBench: Benchmark = {
  name: "formats",
  description: "export and import throughput of every format at 10× and 100× (in-process), and the longest event-loop block while a 20 MB upload is parsed",
  async run(ctx: BenchContext): Promise<BenchResult> {
    if (ctx.mode !== "pglite") {
      ctx.log("pure CPU: measured once, in the PGlite pass");
      return { metrics: [] };
    }
    const base = ctx.quick ? 100 : 1_000;
    const sizes = [10 * base, 100 * base];
    const metrics: Metric[] = [];
    const details: Record<string, unknown> = {};

    for (const format of EXPORT_FORMATS) {
      await timedExport(base, format, 1); // warm-up
      const runs = [];
      for (const nodes of sizes) runs.push({ nodes, ...(await timedExport(nodes, format, runsAt(nodes, base))) });
      const [small, large] = runs as [(typeof runs)[0], (typeof runs)[0]];
      const perNode = (large.ms / large.nodes) / (small.ms / small.nodes);
      for (const r of runs) metrics.push({ metric: `export ${format} ${r.nodes.toLocaleString("en-US")} nodes`, value: rate(r.nodes, r.ms), unit: "k nodes/s", note: `${Math.round(r.ms)} ms, ${(r.chars / 1e6).toFixed(1)} MB, ${(r.chars / 1e3 / r.ms).toFixed(1)} MB/s` });
      metrics.push(below(`  per-node cost 100×/10×`, round(perNode, 2), "×", 3));
      details[`export-${format}`] = runs;
      ctx.log(`export ${format}: ${runs.map((r) => `${r.nodes} nodes ${Math.round(r.ms)} ms`).join(", ")}`);
    }

    for (const format of IMPORTS) {
      parseImport(await collect(exportDebate(largeSource(base), format)), format, NO_SIZE_LIMIT); // warm-up
      const runs = [];
      for (const nodes of sizes) {
        const text = await collect(exportDebate(largeSource(nodes), format));
        runs.push({ nodes, ms: timedParse(text, format, runsAt(nodes, base)), chars: text.length });
      }
      const [small, large] = runs as [(typeof runs)[0], (typeof runs)[0]];
      const perNode = (large.ms / large.nodes) / (small.ms / small.nodes);
      for (const r of runs) metrics.push({ metric: `import ${format} ${r.nodes.toLocaleString("en-US")} nodes`, value: rate(r.nodes, r.ms), unit: "k nodes/s", note: `${Math.round(r.ms)} ms, ${(r.chars / 1e6).toFixed(1)} MB, ${(r.chars / 1e3 / r.ms).toFixed(1)} MB/s` });
      metrics.push(below(`  per-node cost 100×/10×`, round(perNode, 2), "×", 3));
      details[`import-${format}`] = runs;
      ctx.log(`import ${format}: ${runs.map((r) => `${r.nodes} nodes ${Math.round(r.ms)} ms`).join(", ")}`);
    }

    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    for (const [format, text] of [["kialo", bigKialo()], ["json", bigJson()]] as const) {
      const sync = await longestLoopBlock(async () => parseImport(text, format));
      const sliced = await longestLoopBlock(() => parseImportSliced(text, format, { pause }));
      const mb = (text.length / 1e6).toFixed(1);
      metrics.push({ metric: `${mb} MB ${format} upload: loop held, parse in one go`, value: Math.round(sync.blockedMs), unit: "ms" });
      metrics.push(below(`${mb} MB ${format} upload: loop held, sliced parse`, Math.round(sliced.blockedMs), "ms", 500, `parse ${Math.round(sliced.totalMs)} ms in all`));
      details[`upload-${format}`] = { chars: text.length, sync, sliced };
    }
    return { metrics, details };
  },
};
