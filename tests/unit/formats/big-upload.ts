// Uploads near the 20 MB import limit, generated directly as text (exporting a
// generated debate of that size takes longer than parsing it).

import { DEFAULT_IMPORT_LIMITS } from "@/lib/formats/limits";

const AT = "2025-01-01T00:00:00.000Z";

/** A Kialo outline of about `bytes` (default: just under the limit): a thesis, 300 claims under it, the rest two levels down, every other line with our {"bb": …} data. */
export function bigKialo(bytes = DEFAULT_IMPORT_LIMITS.maxBytes - 256 * 1024): string {
  const lines = ["Discussion Title: A large imported discussion", "", "1. The thesis of a large discussion."];
  let size = lines.join("\n").length;
  let n = 0;
  const perParent = new Map<string, number>();
  while (size < bytes - 400 && n < DEFAULT_IMPORT_LIMITS.maxNodes - 1) {
    const parent = n < 300 ? "1" : `1.${(n % 300) + 1}`;
    const k = (perParent.get(parent) ?? 0) + 1;
    perParent.set(parent, k);
    const label = n % 3 === 0 ? "Con" : "Pro";
    const data = n % 2 === 0 ? ` {"bb":{"ref":"k${n}","kind":"${label === "Con" ? "REBUTTAL" : "COMMENT"}","side":"${label === "Con" ? "BREAKER" : "BUILDER"}","author":"imported-builder","createdAt":"${AT}"}}` : "";
    const line = `${parent}.${k}. ${label}: Claim number ${n} says something long enough to read like a real claim, as people write them when they argue at length, with a \\n line break and a \\\\ backslash.${data}`;
    lines.push(line);
    size += line.length + 1;
    n++;
  }
  return lines.join("\n") + "\n";
}

/** A builder-breaker/1 JSON document of about `bytes`: a root and a flat list of replies with long bodies. */
export function bigJson(bytes = DEFAULT_IMPORT_LIMITS.maxBytes - 256 * 1024): string {
  const node = (i: number) => ({
    ref: `n${i}`, parentRef: i === 0 ? null : `n${Math.floor((i - 1) / 8)}`, kind: i === 0 ? "PROPOSAL" : "COMMENT", side: i === 0 ? "BUILDER" : "OBSERVER", authorRef: "u", title: "",
    body: `Node ${i}: ${"a sentence of words in a body ".repeat(4)}`, quote: null, targetVersions: [], answersRefs: [], retractedAt: null, prunedAt: null, acceptedAt: null, acceptedByRef: null,
    resolutionMode: "ARGUMENTATIVE", outcome: null, createdAt: AT, updatedAt: AT, revisions: [], pruneEvents: [], experiment: null, predictions: [], resolutions: [], cruxes: [],
  });
  const perNode = JSON.stringify(node(1000)).length + 1;
  const count = Math.min(DEFAULT_IMPORT_LIMITS.maxNodes, Math.floor((bytes - 1000) / perNode));
  const nodes = Array.from({ length: count }, (_, i) => JSON.stringify(node(i)));
  const head = {
    format: "builder-breaker/1", exportedAt: AT,
    debate: { title: "A large document", context: "", links: [], visibility: "PRIVATE", playMode: "OPEN", createdAt: AT },
    participants: [{ ref: "u", displayName: "U", side: "BUILDER" }],
    versions: [{ number: 1, body: "root", nodeRef: "n0", authorRef: "u", createdAt: AT }],
  };
  return `${JSON.stringify(head).slice(0, -1)},"nodes":[${nodes.join(",")}]}`;
}

/** Longest gap (ms) between ticks of a 5 ms interval while `work` runs: how long the event loop was held at once. */
export async function longestLoopBlock(work: () => Promise<unknown>): Promise<{ blockedMs: number; totalMs: number }> {
  let last = performance.now();
  let blockedMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 30)); // let the interval see a block that ended with the work
    clearInterval(timer);
  }
  return { blockedMs, totalMs: performance.now() - started };
}
