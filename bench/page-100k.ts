// #17: the 100,000-node debate page in Chromium. Time from navigation to the first outline
// rows, first contentful paint, DOM size, bytes transferred (every response, as sent), and
// the server's resident memory with one viewer beside its idle figure.
import { launchChromium, serveSeededDebate } from "./lib/page";
import { expectOk } from "./lib/http";
import { groupPids, rssBytes } from "./lib/server";
import { round, summarize } from "./lib/stats";
import { below, type BenchContext, type BenchResult, type Benchmark } from "./lib/types";

export const page100k: Benchmark = {
  name: "page-100k",
  description: "/debates/{id} of a 100,000-node debate in Chromium: first outline rows, FCP, DOM, bytes, server memory",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = ctx.quick ? 10_000 : 100_000;
    const loads = ctx.quick ? 2 : 3;
    const { server, debateId } = await serveSeededDebate(ctx, "page-100k", { size, seed: 41, title: "Bench page 100k" });
    const browser = await launchChromium();
    const samples: { rows: number; fcp: number; dom: number; bytes: number; overviewBytes: number }[] = [];
    let idleRss = Number.NaN;
    let viewerRss = Number.NaN;
    let peakRss = 0;
    let settledRss = Number.NaN;
    // The resident set every 50 ms through the loads: the analyses' worker (decision 016) runs
    // for a few seconds after the first rows, and its memory counts while it runs.
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssBytes(groupPids(server.pid)));
    }, 50);
    try {
      const url = `${server.url}/debates/${debateId}`;
      await expectOk(`${server.url}/`);
      idleRss = rssBytes(groupPids(server.pid));
      peakRss = idleRss;
      await expectOk(url);
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          page.setDefaultTimeout(180_000);
          // Bytes as sent (gzip counted gzipped): the sizes Chromium reports per response.
          let bytes = 0;
          let overviewBytes = 0;
          page.on("requestfinished", (request) => {
            void request.sizes().then((s) => {
              bytes += s.responseBodySize + s.responseHeadersSize;
              if (request.url().includes("/overview")) overviewBytes += s.responseBodySize;
            }).catch(() => {});
          });
          const started = Date.now();
          await page.goto(url, { waitUntil: "commit" });
          await page.locator('[role="treeitem"]').first().waitFor();
          const rows = Date.now() - started;
          await page.waitForLoadState("load");
          const m = await page.evaluate(() => ({
            fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
            dom: document.getElementsByTagName("*").length,
          }));
          viewerRss = Math.max(Number.isNaN(viewerRss) ? 0 : viewerRss, rssBytes(groupPids(server.pid)));
          // The analyses have come when the plan shows its standing.
          await page.getByTestId("current-status").waitFor();
          await new Promise((r) => setTimeout(r, 300)); // the last sizes() promises
          samples.push({ rows, fcp: m.fcp, dom: m.dom, bytes, overviewBytes });
          ctx.log(`load ${i + 1}: first rows ${rows} ms, FCP ${Math.round(m.fcp)} ms, ${m.dom} elements, ${(bytes / 1e6).toFixed(2)} MB transferred (overview ${(overviewBytes / 1e6).toFixed(2)} MB)`);
        } finally {
          await context.close();
        }
      }
      // Settled: the loads' pages closed, the worker ended, a moment for the allocator.
      await new Promise((r) => setTimeout(r, 3_000));
      settledRss = rssBytes(groupPids(server.pid));
    } finally {
      clearInterval(sampler);
      await browser.close();
      await server.stop();
    }
    const rows = summarize(samples.map((s) => s.rows));
    const fcp = summarize(samples.map((s) => s.fcp));
    const last = samples[samples.length - 1]!;
    return {
      metrics: [
        below("first outline rows p50", round(rows.p50), "ms", 3000, "navigation to the first tree row; #17's target is < 2,000 ms"),
        below("first outline rows max", round(rows.max), "ms", undefined),
        below("FCP p50", round(fcp.p50), "ms", 1500),
        below("DOM elements", last.dom, "", 2000),
        below("bytes transferred", round(last.bytes / 1e6, 2), "MB", undefined, "every response of one load, as sent"),
        below("  of which the overview", round(last.overviewBytes / 1e6, 2), "MB", undefined),
        below("server memory above idle", round((settledRss - idleRss) / 1e6), "MB", 100, "resident set of the server's processes 3 s after the loads (analyses done, their worker ended) vs before"),
        below("  at the first rows of each load", round((viewerRss - idleRss) / 1e6), "MB", undefined, "sampled as each load's first rows show (the analyses' worker may be running)"),
        below("  peak during the loads", round((peakRss - idleRss) / 1e6), "MB", undefined, "sampled every 50 ms: the analyses' worker while it runs, once per debate state"),
      ],
      details: { size, loads, samples, rows, fcp, idleRss, viewerRss, peakRss, settledRss },
    };
  },
};
