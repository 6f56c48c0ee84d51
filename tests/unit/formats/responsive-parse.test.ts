// Parsing a 20 MB upload gives the event loop back: parseImportSliced never
// holds it for long (the only long step left is JSON.parse itself), where the
// synchronous parse holds it for the whole parse (4–5 s for this Kialo file
// on a 2-core machine). The sync runs are the control: they show the
// measurement sees a blocked loop.
import { describe, expect, it } from "vitest";
import { parseImport, parseImportSliced } from "@/lib/formats/import";
import { bigJson, bigKialo, longestLoopBlock } from "./big-upload";

/**
 * The p99 target for a small request during heavy work on the embedded database. Measured:
 * 70–110 ms on a quiet machine, up to 224 ms at a load average of 25 on 2 cores; 4.7–6.7 s in one go.
 */
const KIALO_MAX_BLOCK_MS = 500;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("parsing a 20 MB upload in slices", () => {
  it("kialo: the loop is never held for more than a few slices", { timeout: 120_000 }, async () => {
    const text = bigKialo();
    expect(text.length).toBeGreaterThan(19_000_000);
    let nodes = 0;
    // Sliced first: the synchronous run leaves hundreds of MB of garbage for the next major GC.
    const sliced = await longestLoopBlock(async () => {
      nodes = (await parseImportSliced(text, "kialo", { pause })).nodes.length;
    });
    const sync = await longestLoopBlock(async () => parseImport(text, "kialo"));
    console.info(`[responsive] kialo ${(text.length / 1e6).toFixed(1)} MB, ${nodes} nodes: sync holds the loop ${sync.blockedMs.toFixed(0)} ms; sliced at most ${sliced.blockedMs.toFixed(0)} ms (total ${sliced.totalMs.toFixed(0)} ms)`);
    expect(nodes).toBeGreaterThan(80_000);
    // The control holds the loop for the whole parse (0.9–9 s on this machine, by its speed and load):
    // slicing must cut the longest hold by a wide margin, whatever the machine.
    expect(sync.blockedMs).toBeGreaterThan(4 * sliced.blockedMs);
    // On a machine so loaded that the synchronous parse takes 9 s (load average 25 on 2 cores), one
    // descheduling or major GC can exceed the target: the bound grows with the control then.
    expect(sliced.blockedMs).toBeLessThan(Math.max(KIALO_MAX_BLOCK_MS, sync.blockedMs / 8));
  });

  it("json: only JSON.parse itself holds the loop", { timeout: 120_000 }, async () => {
    const text = bigJson();
    expect(text.length).toBeGreaterThan(19_000_000);
    const sliced = await longestLoopBlock(() => parseImportSliced(text, "json", { pause }));
    const sync = await longestLoopBlock(async () => parseImport(text, "json"));
    console.info(`[responsive] json ${(text.length / 1e6).toFixed(1)} MB: sync holds the loop ${sync.blockedMs.toFixed(0)} ms; sliced at most ${sliced.blockedMs.toFixed(0)} ms (total ${sliced.totalMs.toFixed(0)} ms)`);
    expect(sliced.blockedMs).toBeLessThan(sync.blockedMs / 2);
    expect(sliced.blockedMs).toBeLessThan(1_000);
  });

  it("gives the same document and the same errors as the synchronous parse", async () => {
    const text = bigKialo(400_000);
    expect(await parseImportSliced(text, "kialo", { now: new Date(0) })).toEqual(parseImport(text, "kialo", { now: new Date(0) }));
    const broken = `${text}1.1.1.1.1. orphan\n`;
    const syncError = (() => {
      try {
        parseImport(broken, "kialo");
      } catch (error) {
        return error;
      }
    })();
    await expect(parseImportSliced(broken, "kialo")).rejects.toEqual(syncError);
    expect(String(syncError)).toMatch(/appears before its parent/);
  });
});
