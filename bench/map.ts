// The argument map (#13) on big debates. In-process: the map's layout (lib/domain/debate/map-layout.ts)
// of the bench's tree shape at 1,000 and 10,000 nodes — the budgeted layout the page draws on
// opening, the worst case a reader can reach by opening branches (the hard cap), and dagre given a
// whole 1,000-node debate (why the budget exists). In Chromium: the 10,000-node debate page,
// Outline → Map: time until the map is drawn, the longest main-thread task meanwhile, and the
// frame time while the map is dragged.
import { buildForest } from "@/lib/domain/debate/tree";
import { layoutMap, MAP_HARD_CAP, MAP_NODE_BUDGET } from "@/lib/domain/debate/map-layout";
import { generateTree } from "./lib/seed";
import { launchChromium, serveSeededDebate } from "./lib/page";
import { round, summarize } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark, type Metric } from "./lib/types";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function forestOf(size: number) {
  const rows = generateTree(size, { seed: 7 }).map((n) => ({
    id: `n${n.index}`,
    parentId: n.parent < 0 ? null : `n${n.parent}`,
    createdAt: new Date(T0 + n.index * 1000),
    prunedAt: null as Date | null,
  }));
  return buildForest(rows);
}

/** Median and fastest of `runs` timings (the machine is shared: the fastest is the least disturbed). */
function timed(runs: number, fn: () => unknown): { p50: number; min: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  const s = summarize(samples);
  return { p50: round(s.p50), min: round(Math.min(...samples)) };
}

export function inProcess(ctx: BenchContext): { metrics: Metric[]; details: Record<string, unknown> } {
  const metrics: Metric[] = [];
  const details: Record<string, unknown> = {};
  const runs = ctx.quick ? 3 : 5;
  for (const size of [1_000, 10_000]) {
    const forest = forestOf(size);
    const drawn = layoutMap({ forest }).nodes.length;
    const open = timed(runs, () => layoutMap({ forest }));
    const everything = new Set([...forest.byId.keys()]);
    const capped = layoutMap({ forest, expandedIds: everything }).nodes.length;
    const cap = timed(ctx.quick ? 1 : 3, () => layoutMap({ forest, expandedIds: everything }));
    const build = timed(runs, () => buildForest([...forest.byId.values()].map((n) => n.row)));
    ctx.log(`${size} nodes: opening layout ${open.p50} ms (${drawn} drawn), hard cap ${cap.p50} ms (${capped} drawn), forest ${build.p50} ms`);
    const k = `${size / 1000}k`;
    metrics.push(
      below(`layout ${k}, as opened`, open.p50, "ms", 250, `p50 of ${runs}; fastest ${open.min} ms; ${drawn} of ${size} nodes drawn (budget ${MAP_NODE_BUDGET}), the rest folded`),
      below(`layout ${k}, all opened`, cap.p50, "ms", undefined, `every branch opened by hand: ${capped} nodes drawn (hard cap ${MAP_HARD_CAP}); fastest ${cap.min} ms`),
    );
    details[k] = { open, cap, drawn, capped, buildForest: build };
  }
  if (!ctx.quick) {
    const forest = forestOf(1_000);
    const whole = timed(1, () => layoutMap({ forest, budget: 1_000, hardCap: 1_000 }));
    metrics.push(below("dagre, whole 1k debate", whole.p50, "ms", undefined, "no budget: why the map folds big debates (10k whole not attempted)"));
    details.whole1k = whole;
  }
  return { metrics, details };
}

async function inChromium(ctx: BenchContext): Promise<{ metrics: Metric[]; details: Record<string, unknown> }> {
  const size = ctx.quick ? 1_000 : 10_000;
  const { server, debateId } = await serveSeededDebate(ctx, "map", { size, seed: 31, title: "Bench map" });
  const browser = await launchChromium();
  const samples: { mapShown: number; longestTask: number; frameP50: number; frameMax: number; drawn: number }[] = [];
  try {
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(120_000);
        await page.goto(`${server.url}/debates/${debateId}`, { waitUntil: "load", timeout: 120_000 });
        await page.locator('[role="treeitem"]').first().waitFor();
        await page.evaluate(() => {
          const w = window as unknown as { __longest: number };
          w.__longest = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
          }).observe({ type: "longtask" });
        });
        const started = Date.now();
        await page.getByRole("tab", { name: "Map" }).click();
        await page.getByRole("tree", { name: "Argument map" }).getByRole("treeitem").first().waitFor();
        const mapShown = Date.now() - started;
        const drawn = await page.getByRole("tree", { name: "Argument map" }).getByRole("treeitem").count();
        // Drag the map for ~1 s while counting animation frames.
        const box = (await page.getByTestId("argument-map").boundingBox())!;
        // A string, not a function: tsx's keepNames would wrap a named function in a __name() the page lacks.
        await page.evaluate(`(() => {
          window.__frames = [];
          let last = performance.now();
          const tick = (t) => {
            window.__frames.push(t - last);
            last = t;
            if (window.__frames.length < 400) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })()`);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        for (let step = 0; step < 30; step++) await page.mouse.move(box.x + box.width / 2 + step * 8, box.y + box.height / 2 + step * 3);
        await page.mouse.up();
        const { frames, longest } = await page.evaluate(() => {
          const w = window as unknown as { __frames: number[]; __longest: number };
          return { frames: w.__frames.slice(1), longest: w.__longest };
        });
        const f = summarize(frames);
        samples.push({ mapShown, longestTask: round(longest), frameP50: round(f.p50), frameMax: round(f.max), drawn });
        ctx.log(`run ${i + 1}: map shown ${mapShown} ms, longest task ${round(longest)} ms, frames p50 ${round(f.p50)} / max ${round(f.max)} ms, ${drawn} nodes drawn`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const shown = summarize(samples.map((s) => s.mapShown));
  const longest = summarize(samples.map((s) => s.longestTask));
  const frameP50 = summarize(samples.map((s) => s.frameP50));
  const frameMax = summarize(samples.map((s) => s.frameMax));
  const k = `${size / 1000}k page`;
  return {
    metrics: [
      below(`${k}: Map tab to map drawn p50`, round(shown.p50), "ms", 1000, `click on "Map" to the first node of ${samples[0]?.drawn ?? "?"} drawn`),
      below(`${k}: longest task p50`, round(longest.p50), "ms", undefined, "longest main-thread task from the click through the drag"),
      below(`${k}: frame time while dragging p50`, round(frameP50.p50), "ms", 50),
      below(`${k}: worst frame while dragging p50`, round(frameMax.p50), "ms", undefined),
    ],
    details: { size, samples },
  };
}

export const mapBench: Benchmark = {
  name: "map",
  description: "argument map: layout time at 1k and 10k nodes (in-process) and, in Chromium, the 10k debate's Map tab (time to draw, longest task, frame time while dragging)",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const own = ctx.mode === "pglite" ? inProcess(ctx) : { metrics: [], details: {} };
    const browser = await inChromium(ctx);
    return { metrics: [...own.metrics, ...browser.metrics], details: { layout: own.details, chromium: browser.details } };
  },
};
