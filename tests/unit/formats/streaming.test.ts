// Streaming: a generated 100,000-node debate exported chunk by chunk.
// No timing assertions; time and memory are printed for the record.
import { describe, expect, it } from "vitest";
import { exportDebate, type ExportFormat } from "@/lib/formats/export";
import { largeSource } from "./large-source";

const NODES = 100_000;

describe("streaming export of 100,000 nodes", () => {
  for (const format of ["json", "markdown", "argdown", "kialo", "aif", "dot", "graphml", "svg"] as ExportFormat[]) {
    it(format, { timeout: 300_000 }, async () => {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const started = performance.now();
      let chunks = 0;
      let chars = 0;
      let tail = "";
      for await (const chunk of exportDebate(largeSource(NODES), format)) {
        chunks++;
        chars += chunk.length;
        tail = chunk.slice(-200);
        if (chunks % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      const ms = performance.now() - started;
      console.info(`[formats] ${format}: ${NODES} nodes, ${(chars / 1e6).toFixed(1)}M chars in ${chunks} chunks, ${ms.toFixed(0)} ms, peak RSS +${((peak - rssBefore) / 1e6).toFixed(1)} MB`);
      expect(chunks).toBeGreaterThan(format === "svg" ? 0 : 10);
      expect(tail.length).toBeGreaterThan(0);
      if (format === "json") expect(tail.trimEnd().endsWith("]\n}") || tail.trimEnd().endsWith("}")).toBe(true);
      if (format === "svg") expect(tail).toContain("Showing the first 400 of 100000 moves");
    });
  }
});
