// A lazily generated debate of any size, delivered in depth-first pre-order
// without ever holding the tree: complete 4-ary tree, children numbered
// i*4+1 … i*4+4 (so depth ~ log4 n).

import type { NodeRecord } from "@/lib/formats/document";
import { emptyNode } from "@/lib/formats/import/common";
import type { DebateSource } from "@/lib/formats/source";

const FAN_OUT = 4;
const KINDS = ["COUNTEREXAMPLE", "PATCH", "REBUTTAL", "QUESTION", "COMMENT"] as const;

export function largeSource(total: number): DebateSource {
  const base = Date.UTC(2025, 0, 1);
  const node = (i: number, parent: number | null): NodeRecord => {
    const kind = parent === null ? "PROPOSAL" : KINDS[i % KINDS.length]!;
    const side = kind === "COUNTEREXAMPLE" || kind === "REBUTTAL" ? "BREAKER" : kind === "QUESTION" || kind === "COMMENT" ? "OBSERVER" : "BUILDER";
    const at = new Date(base + i * 1000).toISOString();
    return emptyNode({
      ref: `n${i}`,
      parentRef: parent === null ? null : `n${parent}`,
      kind,
      side,
      authorRef: `u${i % 3}`,
      title: i % 2 ? `Move ${i}` : "",
      body: `Generated move ${i} with *markdown*, [brackets] and <angle> text.\nSecond line ${i}.`,
      prunedAt: i % 97 === 0 && parent !== null ? at : null,
      resolutionMode: i % 50 === 0 ? "EMPIRICAL" : "ARGUMENTATIVE",
      createdAt: at,
    });
  };
  async function* nodes(): AsyncGenerator<NodeRecord> {
    const stack: [number, number | null][] = [[0, null]];
    while (stack.length) {
      const [i, parent] = stack.pop()!;
      yield node(i, parent);
      for (let c = FAN_OUT; c >= 1; c--) {
        const child = i * FAN_OUT + c;
        if (child < total) stack.push([child, i]);
      }
    }
  }
  return {
    exportedAt: new Date(base).toISOString(),
    debate: { title: "Generated debate", context: "", links: [], visibility: "PUBLIC", playMode: "OPEN", createdAt: new Date(base).toISOString() },
    participants: [0, 1, 2].map((k) => ({ ref: `u${k}`, displayName: `User ${k}`, side: (["BUILDER", "BREAKER", "OBSERVER"] as const)[k]! })),
    versions: [],
    nodes: nodes(),
  };
}
