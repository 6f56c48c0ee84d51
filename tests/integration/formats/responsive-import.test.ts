// The import service parses a 20 MB upload without holding the event loop:
// a timer keeps firing while importDebateText's parse (parseImportText) runs.
// Before, the parse ran in one go and held the loop for all of it (4–5 s for
// this file here). Writing the rows is another matter (issue 17, the embedded
// database and import batching), so only the parse is timed.
import { describe, expect, it } from "vitest";
import { parseImport } from "@/lib/formats";
import { parseImportText } from "@/lib/server/transfer/import";
import { bigKialo, longestLoopBlock } from "../../unit/formats/big-upload";

describe("import service parse of a 20 MB upload", () => {
  it("keeps the event loop answering", { timeout: 120_000 }, async () => {
    const text = bigKialo();
    let nodes = 0;
    const { blockedMs, totalMs } = await longestLoopBlock(async () => {
      nodes = (await parseImportText(text, undefined)).nodes.length; // format detected, as from the upload form
    });
    // Control: the same parse in one go (what the service did before) holds the loop for all of it.
    const sync = await longestLoopBlock(async () => parseImport(text, "kialo"));
    console.info(`[responsive] import service, kialo ${(text.length / 1e6).toFixed(1)} MB, ${nodes} nodes: loop held at most ${blockedMs.toFixed(0)} ms of ${totalMs.toFixed(0)} ms (in one go: ${sync.blockedMs.toFixed(0)} ms)`);
    expect(nodes).toBeGreaterThan(80_000);
    // The control's hold depends on the machine (0.9–5 s seen): the service's must be far shorter.
    expect(sync.blockedMs).toBeGreaterThan(4 * blockedMs);
    // The p99 target on the embedded database (measured 130–160 ms here; 5.3 s with the parse
    // inline), or an eighth of the control when the machine is so loaded that everything is slower.
    expect(blockedMs).toBeLessThan(Math.max(500, sync.blockedMs / 8));
  });
});
