// The 10,000-node debate page in Chromium: first-contentful-paint and DOM size.
import { launchChromium, serveSeededDebate } from "./lib/page";
import { expectOk } from "./lib/http";
import { round, summarize } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

export const pageLoad: Benchmark = {
  name: "page-10k",
  description: "/debates/{id} of a 10,000-node debate in Chromium: FCP and DOM element count",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 1_000 : 10_000;
    const loads = ctx.quick ? 2 : 5;
    const { server, debateId } = await serveSeededDebate(ctx, "page", { size, seed: 31, title: "Bench page" });
    const browser = await launchChromium();
    const samples: { fcp: number; load: number; ttfb: number; dom: number; htmlBytes: number; treeReady: number }[] = [];
    let warmHtml;
    try {
      const url = `${server.url}/debates/${debateId}`;
      warmHtml = await expectOk(url); // server-side warm-up; the browser loads below are all measured
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          page.setDefaultTimeout(120_000);
          const started = Date.now();
          await page.goto(url, { waitUntil: "load", timeout: 120_000 });
          // The tree arrives from /overview after the first paint: wait for its rows, then count.
          await page.locator('[role="treeitem"]').first().waitFor();
          const treeReady = Date.now() - started;
          const m = await page.evaluate(() => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
            const fcp = performance.getEntriesByName("first-contentful-paint")[0];
            return {
              fcp: fcp ? fcp.startTime : Number.NaN,
              load: nav ? nav.loadEventEnd || nav.domContentLoadedEventEnd : Number.NaN,
              ttfb: nav ? nav.responseStart : Number.NaN,
              htmlBytes: nav ? nav.transferSize || nav.encodedBodySize : Number.NaN,
              dom: document.getElementsByTagName("*").length,
            };
          });
          samples.push({ ...m, treeReady });
          ctx.log(`load ${i + 1}: FCP ${Math.round(m.fcp)} ms, TTFB ${Math.round(m.ttfb)} ms, tree shown ${treeReady} ms, ${m.dom} elements`);
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser.close();
      await server.stop();
    }
    const fcp = summarize(samples.map((s) => s.fcp));
    const ttfb = summarize(samples.map((s) => s.ttfb));
    const treeReady = summarize(samples.map((s) => s.treeReady));
    const dom = samples[samples.length - 1]!.dom;
    return {
      metrics: [
        below("FCP p50", round(fcp.p50), "ms", 1500),
        below("FCP max", round(fcp.max), "ms", undefined),
        below("TTFB p50", round(ttfb.p50), "ms", undefined, "server render of the page shell (debate header)"),
        below("tree shown p50", round(treeReady.p50), "ms", undefined, "navigation start to the first tree row (overview fetched and rendered)"),
        below("DOM elements (tree shown)", dom, "", 2000),
        below("HTML size", round(warmHtml.bytes / 1024), "KiB", undefined),
      ],
      details: { size, loads, samples, fcp, ttfb, treeReady },
    };
  },
};
