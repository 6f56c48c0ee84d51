// The heap-growth bound is held while any export iterates and released when the
// last one ends, however it ends (V8's flag itself cannot be read back; the export
// benchmark measures its effect).
import { describe, expect, it } from "vitest";
import { boundedHeapGrowthHolders, withBoundedHeapGrowth } from "@/lib/server/ops/heap-growth";

async function* chunks(n: number, failAt?: number) {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error("source failed");
    yield `chunk ${i}`;
  }
}

describe("withBoundedHeapGrowth", () => {
  it("passes every chunk through and holds the bound only while iterating", async () => {
    const wrapped = withBoundedHeapGrowth(chunks(3));
    expect(boundedHeapGrowthHolders()).toBe(0); // nothing until the first chunk is asked for
    const seen: string[] = [];
    for await (const c of wrapped) {
      expect(boundedHeapGrowthHolders()).toBe(1);
      seen.push(c);
    }
    expect(seen).toEqual(["chunk 0", "chunk 1", "chunk 2"]);
    expect(boundedHeapGrowthHolders()).toBe(0);
  });

  it("counts overlapping exports and releases after the last, also on early return and on errors", async () => {
    const a = withBoundedHeapGrowth(chunks(5));
    const b = withBoundedHeapGrowth(chunks(5, 2));
    await a.next();
    await b.next();
    expect(boundedHeapGrowthHolders()).toBe(2);
    await a.return(undefined); // a client that disconnects
    expect(boundedHeapGrowthHolders()).toBe(1);
    await b.next();
    await expect(b.next()).rejects.toThrow("source failed");
    expect(boundedHeapGrowthHolders()).toBe(0);
  });
});
