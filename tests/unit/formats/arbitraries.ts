// fast-check generator of varied, valid builder-breaker/1 documents.

import fc from "fast-check";
import {
  EXPERIMENT_STATUSES,
  NODE_KINDS,
  OUTCOMES,
  PRUNE_CATEGORIES,
  RESOLUTION_ACTIONS,
  RESOLUTION_MODES,
  SIDES,
  type DebateDocument,
  type NodeRecord,
} from "@/lib/formats/document";

const TRICKY = [
  "<script>alert(1)</script>",
  "[link](javascript:alert(1))",
  "**bold** _it_ `code` # not a heading",
  "a]: [b] <c> {d} #tag @[x]",
  "line one\nline two\n\n- list",
  "tab\tand  double  space",
  "  leading and trailing  ",
  "100% & \"quotes\" 'single'",
  "-> +> <- <+ >< _ // comment /* c */ <!-- c -->",
  "back\\slash \\n not a newline",
  "Ünïcödé 中文 עברית 🧪👩‍🔬",
  "=== front matter? ===",
  "1.1. Pro: looks like kialo",
  "",
];

export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 3 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

const timeArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());
const linkArb = fc.record({ url: fc.oneof(fc.constant("https://example.org/x?a=1&b=2"), fc.constant("javascript:alert(1)"), textArb), title: textArb });

interface Seed {
  parentPick: number;
  chain: boolean;
  kind: (typeof NODE_KINDS)[number];
  side: (typeof SIDES)[number];
  author: number;
  title: string;
  body: string;
  quote: boolean;
  retracted: boolean;
  pruned: boolean;
  accepted: boolean;
  empirical: boolean;
  outcome: (typeof OUTCOMES)[number] | null;
  created: string;
  updatedLater: boolean;
  extras: number; // how many history records of each kind
}

const seedArb: fc.Arbitrary<Seed> = fc.record({
  parentPick: fc.nat(),
  chain: fc.boolean(),
  kind: fc.constantFrom(...NODE_KINDS.filter((k) => k !== "PROPOSAL")),
  side: fc.constantFrom(...SIDES),
  author: fc.nat(),
  title: textArb,
  body: textArb,
  quote: fc.boolean(),
  retracted: fc.boolean(),
  pruned: fc.boolean(),
  accepted: fc.boolean(),
  empirical: fc.boolean(),
  outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
  created: timeArb,
  updatedLater: fc.boolean(),
  extras: fc.nat({ max: 2 }),
});

export function debateDocumentArb(options: { maxNodes?: number } = {}): fc.Arbitrary<DebateDocument> {
  return fc
    .record({
      title: textArb,
      context: textArb,
      links: fc.array(linkArb, { maxLength: 2 }),
      refPrefix: fc.oneof(fc.constant(""), fc.string({ maxLength: 5 })),
      people: fc.array(fc.record({ name: textArb, side: fc.constantFrom(...SIDES) }), { minLength: 1, maxLength: 4 }),
      root: seedArb,
      seeds: fc.array(seedArb, { maxLength: options.maxNodes ?? 25 }),
      created: timeArb,
      exported: timeArb,
      visibility: fc.constantFrom("PUBLIC", "UNLISTED", "PRIVATE" as const),
      playMode: fc.constantFrom("OPEN", "STRICT" as const),
    })
    .map(({ title, context, links, refPrefix, people, root, seeds, created, exported, visibility, playMode }) => {
      const participants = people.map((p, i) => ({ ref: `${refPrefix}u${i}`, displayName: p.name, side: p.side }));
      const person = (k: number) => participants[k % participants.length]!.ref;
      const nodes: NodeRecord[] = [];
      const all = [root, ...seeds];
      all.forEach((s, i) => {
        const ref = `${refPrefix}#${i}`;
        const parentIndex = i === 0 ? -1 : s.chain ? i - 1 : s.parentPick % i;
        const at = (extra: number) => new Date(Date.parse(s.created) + extra * 60_000).toISOString();
        nodes.push({
          ref,
          parentRef: parentIndex < 0 ? null : nodes[parentIndex]!.ref,
          kind: i === 0 ? "PROPOSAL" : s.kind,
          side: i === 0 ? "BUILDER" : s.side,
          authorRef: person(s.author),
          title: s.title,
          body: s.body,
          quote: s.quote && parentIndex >= 0 ? { text: s.title, start: 3, end: 3 + s.title.length } : null,
          targetVersions: s.kind === "COUNTEREXAMPLE" ? [1] : [],
          answersRefs: s.kind === "PATCH" && parentIndex >= 0 ? [nodes[parentIndex]!.ref] : [],
          retractedAt: s.retracted ? at(5) : null,
          prunedAt: s.pruned ? at(6) : null,
          acceptedAt: s.accepted ? at(7) : null,
          acceptedByRef: s.accepted ? person(s.author + 1) : null,
          resolutionMode: s.empirical ? "EMPIRICAL" : RESOLUTION_MODES[s.extras % 2 === 0 ? 0 : 2]!,
          outcome: s.outcome,
          createdAt: s.created,
          updatedAt: s.updatedLater ? at(30) : s.created,
          revisions: Array.from({ length: s.extras }, (_, r) => ({ revision: r + 1, editorRef: person(s.author), title: s.title, body: s.body + r, createdAt: at(r) })),
          pruneEvents: Array.from({ length: s.pruned ? s.extras + 1 : 0 }, (_, r) => ({
            action: r % 2 === 0 ? ("PRUNE" as const) : ("REOPEN" as const),
            category: r % 2 === 0 ? PRUNE_CATEGORIES[(i + r) % PRUNE_CATEGORIES.length]! : null,
            reason: s.body,
            promise: r === 1 ? null : (i * 7 + r) % 101,
            duplicateOfRef: r === 2 ? (nodes[0]?.ref ?? ref) : null,
            actorRef: person(s.author + r),
            createdAt: at(6 + r),
          })),
          experiment: s.empirical
            ? {
                question: s.title,
                method: s.body,
                supportIf: "support " + s.title,
                refuteIf: "refute " + s.body,
                ownerRef: s.extras === 0 ? null : person(s.author),
                status: EXPERIMENT_STATUSES[(i + s.extras) % EXPERIMENT_STATUSES.length]!,
                links: s.extras ? [{ url: "https://example.org/run", title: s.title }] : [],
                createdAt: at(1),
                updatedAt: at(2),
              }
            : null,
          predictions: Array.from({ length: s.empirical ? s.extras + 1 : 0 }, (_, r) => ({
            userRef: person(s.author + r),
            side: SIDES[r % 3]!,
            probability: ((i * 13 + r * 29) % 101) / 100,
            createdAt: at(3 + r),
          })),
          resolutions: Array.from({ length: s.empirical ? s.extras : 0 }, (_, r) => ({
            action: RESOLUTION_ACTIONS[r % 3]!,
            outcome: r % 2 === 0 ? s.outcome : null,
            summary: s.body,
            evidence: r === 0 ? [{ url: "https://example.org/e", title: "e" }] : [],
            actorRef: person(s.author + r),
            createdAt: at(10 + r),
          })),
          cruxes: s.extras === 2 ? [{ userRef: person(s.author), side: s.side, createdAt: at(4) }] : [],
        });
      });
      const patches = nodes.filter((n) => n.kind === "PATCH");
      const versions = [nodes[0]!, ...patches].map((n, k) => ({ number: k + 1, body: n.body, nodeRef: n.ref, authorRef: n.authorRef, createdAt: n.createdAt }));
      return {
        format: "builder-breaker/2" as const,
        exportedAt: exported,
        debate: { title, context, links, visibility, playMode, createdAt: created },
        participants,
        versions,
        links: [],
        nodes,
      };
    });
}
