// The debate tree against the real database: the flat/recursive reads, proposal
// versions from patches, move validation, version diffs, the overview's
// scoreboard for a realistic sequence, and full-text search.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, dbMode, driverStats, pgPool } from "@/lib/server/db/client";
import { acceptRebuttal, createNode, searchNodes } from "@/lib/server/debate/nodes";
import { applyResolution, setResolutionMode } from "@/lib/server/empirical/service";
import { debateOverview } from "@/lib/server/debate/overview";
import { readAncestorIds, readDebateRows, readSubtreeRows } from "@/lib/server/queries/tree";
import { getVersion, listVersions } from "@/lib/server/debate/versions";
import { createDebate, insertNode, insertNodeChain, type DebateFixture } from "@/tests/factories";
import { outcomeOf, readTree, readTreeText } from "@/tests/support/services";
import { coverageCell, type ScoreboardSummary } from "@/lib/domain/debate/scoreboard";

/** A version's row of the coverage table, as the page works it out from the sent scoreboard. */
const coverageAt = (s: ScoreboardSummary, version: number) => s.counterexamples.map((c) => ({ counterexampleId: c.id, cell: coverageCell(c, version) }));

const d = db();

async function nodeCount(debateId: string) {
  return d.node.count({ where: { debateId } });
}

describe("tree reads", () => {
  let fx: DebateFixture<"breaker">;
  let ce: string;
  let patch: string;
  let deep: string[];
  let other: string;

  beforeAll(async () => {
    fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    await d.user.update({ where: { id: fx.members.breaker.id }, data: { displayName: "Bea Breaker" } });
    ce = (await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: fx.members.breaker, kind: "COUNTEREXAMPLE", targetVersions: [1] })).id;
    patch = (
      await insertNode(d, {
        debateId: fx.id,
        parentId: ce,
        author: fx.owner,
        kind: "PATCH",
        answersNodeIds: [ce],
        version: { number: 2, body: "Proposal v2" },
      })
    ).id;
    deep = await insertNodeChain(d, fx.id, patch, [
      { author: fx.members.breaker, kind: "COUNTEREXAMPLE", targetVersions: [2] },
      { author: fx.owner, kind: "REBUTTAL" },
      { author: fx.members.breaker, kind: "COMMENT" },
    ]);
    other = (await insertNode(d, { debateId: fx.id, parentId: fx.rootNodeId, author: fx.owner, kind: "QUESTION" })).id;
    // A second debate whose nodes must never leak into this one's reads.
    const noise = await createDebate(d);
    await insertNode(d, { debateId: noise.id, parentId: noise.rootNodeId, author: noise.owner, kind: "COMMENT" });
  });

  it("readDebateRows returns every node in one query, parents first, with author names and version numbers", async () => {
    const spy = vi.spyOn(d, "$queryRaw");
    const findMany = vi.spyOn(d.node, "findMany");
    let rows;
    try {
      rows = await readDebateRows(fx.id);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(findMany).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      findMany.mockRestore();
    }
    expect(rows.map((r) => r.id)).toEqual([fx.rootNodeId, ce, patch, ...deep, other]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(fx.rootNodeId)).toMatchObject({ kind: "PROPOSAL", versionNumber: 1, parentId: null, depth: 0, authorName: "Owner" });
    expect(byId.get(ce)).toMatchObject({ kind: "COUNTEREXAMPLE", side: "BREAKER", versionNumber: null, authorName: "Bea Breaker", targetVersions: [1] });
    expect(byId.get(patch)).toMatchObject({ kind: "PATCH", versionNumber: 2, answersNodeIds: [ce], depth: 2 });
    expect(byId.get(deep[2]!)).toMatchObject({ depth: 5, parentId: deep[1] });
    // Types survive the raw query on both backends.
    for (const r of rows) {
      expect(r.createdAt).toBeInstanceOf(Date);
      expect(typeof r.revision).toBe("number");
      expect(Array.isArray(r.targetVersions)).toBe(true);
    }
    const seen = new Set<string>();
    for (const r of rows) {
      if (r.parentId) expect(seen.has(r.parentId)).toBe(true);
      seen.add(r.id);
    }
  });

  it("the /tree JSON (read through the driver) carries the same values as readDebateRows, timestamps as UTC ISO strings", async () => {
    await d.node.update({ where: { id: other }, data: { prunedAt: new Date("2026-01-02T03:04:05.678Z"), quoteText: "q", quoteStart: 0, quoteEnd: 1 } });
    try {
      const rows = await readDebateRows(fx.id);
      const tree = JSON.parse(await readTreeText(null, fx.id)) as { nodes: Record<string, unknown>[] };
      const asJson = rows.map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);
      expect(tree.nodes).toEqual(asJson);
      expect(tree.nodes.find((n) => n.id === other)).toMatchObject({ prunedAt: "2026-01-02T03:04:05.678Z", quoteStart: 0, quoteEnd: 1 });
      const branch = JSON.parse(await readTreeText(null, fx.id, patch)) as { nodes: { id: string }[] };
      expect(branch.nodes.map((n) => n.id)).toEqual([patch, ...deep]);
    } finally {
      await d.node.update({ where: { id: other }, data: { prunedAt: null, quoteText: null, quoteStart: null, quoteEnd: null } });
    }
  });

  it("readSubtreeRows returns the subtree root and its descendants only", async () => {
    const rows = await readSubtreeRows(fx.id, patch);
    expect(rows.map((r) => r.id)).toEqual([patch, ...deep]);
    expect(await readSubtreeRows(fx.id, other)).toHaveLength(1);
    expect(await readSubtreeRows(fx.id, "no-such-node")).toEqual([]);
    expect((await readTree(null, fx.id, ce)).map((r) => r.id)).toEqual([ce, patch, ...deep]);
  });

  it("readAncestorIds lists the path root first, and nothing for a node of another debate", async () => {
    expect(await readAncestorIds(fx.id, deep[2]!)).toEqual([fx.rootNodeId, ce, patch, deep[0], deep[1], deep[2]]);
    expect(await readAncestorIds(fx.id, fx.rootNodeId)).toEqual([fx.rootNodeId]);
    const noise = await createDebate(d);
    expect(await readAncestorIds(noise.id, deep[2]!)).toEqual([]);
  });
});

describe("moves through createNode", () => {
  let fx: DebateFixture<"breaker">;

  beforeAll(async () => {
    fx = await createDebate(d, {
      proposal: "Cats are the best pets because they are quiet and clean.",
      members: { breaker: { side: "BREAKER" } },
    });
  });

  it("patches create versions 2 and 3 in order, each with its own text", async () => {
    const ce = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Cats scratch furniture." });
    expect(ce.version).toBeNull();
    const p2 = await createNode(fx.owner, fx.id, {
      parentId: ce.id,
      kind: "PATCH",
      title: "",
      body: "Add scratching posts.",
      answersNodeIds: [ce.id],
      proposal: "Cats are the best pets because they are quiet, clean and use scratching posts.",
    });
    const p3 = await createNode(fx.owner, fx.id, {
      parentId: ce.id,
      kind: "PATCH",
      title: "",
      body: "Mention litter.",
      proposal: "Cats are the best pets because they are quiet, clean, use scratching posts and litter boxes.",
    });
    expect(p2.version?.number).toBe(2);
    expect(p3.version?.number).toBe(3);
    const versions = await listVersions(null, fx.id);
    expect(versions.map((v) => [v.number, v.nodeId])).toEqual([
      [1, fx.rootNodeId],
      [2, p2.id],
      [3, p3.id],
    ]);
  });

  it("a move is two statements (read the context, then write node + version + event + notifications) and no interactive transaction", async () => {
    const raw = vi.spyOn(d, "$queryRaw");
    const tx = vi.spyOn(d, "$transaction");
    const before = driverStats.statements;
    try {
      const node = await createNode(fx.owner, fx.id, { parentId: fx.rootNodeId, kind: "PATCH", title: "", body: "v-next", proposal: "Proposal next" });
      expect(driverStats.statements - before).toBe(2);
      expect(raw).not.toHaveBeenCalled();
      expect(tx).not.toHaveBeenCalled();
      expect(node.version?.number).toBeGreaterThan(1);
      const event = await d.debateEvent.findFirstOrThrow({ where: { nodeId: node.id } });
      expect(event).toMatchObject({ type: "node.created", payload: { kind: "PATCH", version: node.version!.number, parentId: fx.rootNodeId } });
    } finally {
      raw.mockRestore();
      tx.mockRestore();
    }
  });

  it.skipIf(dbMode() !== "postgres")("on PostgreSQL a move's statements are prepared once per connection, not parsed and planned per call", async () => {
    for (let i = 0; i < 3; i++) await createNode(fx.owner, fx.id, { parentId: fx.rootNodeId, kind: "COMMENT", title: "", body: `prepared ${i}` });
    // Look at every open connection of the pool: the ones that ran the move hold its statements.
    const pool = pgPool();
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      const prepared = (await Promise.all(clients.map((c) => c.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements`)))).flatMap((r) => r.rows);
      expect(prepared.some((p) => p.name.startsWith("bb_") && p.statement.includes('INSERT INTO "Node"'))).toBe(true);
      expect(prepared.some((p) => p.name.startsWith("bb_") && p.statement.includes('"RateLimitBucket"'))).toBe(true);
    } finally {
      for (const c of clients) c.release();
    }
  });

  it("a patch without the new proposal text is rejected and writes nothing", async () => {
    const before = await nodeCount(fx.id);
    const err = await createNode(fx.owner, fx.id, { parentId: fx.rootNodeId, kind: "PATCH", title: "", body: "no text" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { proposal: [expect.any(String)] } } });
    expect(await nodeCount(fx.id)).toBe(before);
  });

  it("a counterexample targeting a version that does not exist is rejected and writes nothing", async () => {
    const before = await nodeCount(fx.id);
    const latest = (await listVersions(null, fx.id)).at(-1)!.number;
    const err = await createNode(fx.members.breaker, fx.id, {
      parentId: fx.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "",
      body: "Breaks a future version",
      targetVersions: [1, latest + 1],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { targetVersions: [expect.stringContaining(String(latest + 1))] } } });
    expect(await nodeCount(fx.id)).toBe(before);
    // Existing versions are fine, and the default is the current version.
    const ok = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Breaks the latest" });
    const row = await d.node.findUniqueOrThrow({ where: { id: ok.id }, select: { targetVersions: true } });
    expect(row.targetVersions).toEqual([latest]);
  });

  it("a quote-reply must quote the parent's text at the given offsets", async () => {
    const parentBody = "Cats are the best pets because they are quiet and clean.";
    const start = parentBody.indexOf("quiet");
    const before = await nodeCount(fx.id);
    for (const quote of [
      { text: "loud", start, end: start + 4 },
      { text: "quiet", start: start + 1, end: start + 6 },
      { text: "quiet and clean", start, end: start + 5 },
    ]) {
      const err = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COMMENT", title: "", body: "Hm.", quote }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { quote: [expect.any(String)] } } });
    }
    expect(await nodeCount(fx.id)).toBe(before);
    const ok = await createNode(fx.members.breaker, fx.id, {
      parentId: fx.rootNodeId,
      kind: "COMMENT",
      title: "",
      body: "Not all of them.",
      quote: { text: "quiet", start, end: start + 5 },
    });
    const row = await d.node.findUniqueOrThrow({ where: { id: ok.id }, select: { quoteText: true, quoteStart: true, quoteEnd: true } });
    expect(row).toEqual({ quoteText: "quiet", quoteStart: start, quoteEnd: start + 5 });
  });

  it("a quote of a formatted passage is checked against the parent's rendered text, not its Markdown", async () => {
    const parent = await createNode(fx.members.breaker, fx.id, {
      parentId: fx.rootNodeId,
      kind: "COMMENT",
      title: "",
      body: "Cats are **quiet** and [clean](https://example.org/clean), says `the survey`.",
    });
    const rendered = "Cats are quiet and clean, says the survey.";
    const text = "quiet and clean, says the survey";
    const start = rendered.indexOf(text);
    const quoted = (quote: { text: string; start: number; end: number }) =>
      createNode(fx.members.breaker, fx.id, { parentId: parent.id, kind: "COMMENT", title: "", body: "Which survey?", quote });
    const source = "**quiet** and [clean](https://example.org/clean)";
    const sourceAt = "Cats are **quiet** and [clean](https://example.org/clean), says `the survey`.".indexOf(source);
    const before = await nodeCount(fx.id);
    for (const bad of [{ text: source, start: sourceAt, end: sourceAt + source.length }, { text, start: start + 1, end: start + 1 + text.length }]) {
      expect(await quoted(bad).catch((e: unknown) => e)).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { quote: [expect.any(String)] } } });
    }
    expect(await nodeCount(fx.id)).toBe(before);
    const ok = await quoted({ text, start, end: start + text.length });
    expect(await d.node.findUniqueOrThrow({ where: { id: ok.id }, select: { quoteText: true, quoteStart: true, quoteEnd: true } })).toEqual({
      quoteText: text,
      quoteStart: start,
      quoteEnd: start + text.length,
    });
  });

  it("getVersion diffs a version against the previous one", async () => {
    const v1 = await getVersion(null, fx.id, 1);
    expect(v1).toMatchObject({ number: 1, previousNumber: null, diff: [] });
    const v2 = await getVersion(null, fx.id, 2);
    expect(v2.previousNumber).toBe(1);
    expect(v2.diff.filter((p) => p.change === "added").map((p) => p.text.trim())).toEqual(
      expect.arrayContaining([expect.stringContaining("scratching posts")]),
    );
    expect(v2.diff.filter((p) => p.change === "removed").map((p) => p.text.trim()).join(" ")).toContain("and");
    // Reassembling the "same" and "added" parts gives the new text. (The old text is only
    // recoverable up to whitespace: diffWords attributes shared spaces to one side.)
    expect(v2.diff.filter((p) => p.change !== "removed").map((p) => p.text).join("")).toBe(v2.body);
    const squash = (t: string) => t.replace(/\s+/g, "");
    expect(squash(v2.diff.filter((p) => p.change !== "added").map((p) => p.text).join(""))).toBe(squash(v1.body));
    expect(await outcomeOf(() => getVersion(null, fx.id, 99))).toBe("NOT_FOUND");
  });
});

describe("overview scoreboard for a realistic sequence", () => {
  it("counterexample breaks v1, patch v2 answers it, a new counterexample breaks v2, an accepted rebuttal clears it", async () => {
    const fx = await createDebate(d, { playMode: "STRICT", members: { breaker: { side: "BREAKER" }, watcher: { side: "OBSERVER" } } });
    const { owner: builder, members } = fx;
    const { breaker } = members;
    const score = async () => (await debateOverview(members.watcher, fx.id)).scoreboard;

    let s = await score();
    expect(s.current).toMatchObject({ number: 1, status: "stands", brokenBy: [] });

    const c1 = await createNode(breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "C1", body: "Fails on empty input." });
    s = await score();
    expect(s.current).toMatchObject({ number: 1, status: "broken", brokenBy: [c1.id] });

    const p2 = await createNode(builder, fx.id, {
      parentId: c1.id,
      kind: "PATCH",
      title: "",
      body: "Handle empty input.",
      answersNodeIds: [c1.id],
      proposal: "v2: handles empty input",
    });
    s = await score();
    expect(s.versions.map((v) => [v.number, v.status])).toEqual([
      [1, "broken"],
      [2, "stands"],
    ]);
    expect(s.counterexamples).toEqual([expect.objectContaining({ id: c1.id, disposition: "live", answeredBy: [{ patchId: p2.id, version: 2 }] })]);
    expect(coverageAt(s, 2)).toEqual([{ counterexampleId: c1.id, cell: { status: "answered", patchId: p2.id, version: 2 } }]);

    const c2 = await createNode(breaker, fx.id, { parentId: p2.id, kind: "COUNTEREXAMPLE", title: "C2", body: "Still fails on null.", targetVersions: [2] });
    s = await score();
    expect(s.current).toMatchObject({ number: 2, status: "broken", brokenBy: [c2.id] });
    expect(s.versions[0]).toMatchObject({ number: 1, status: "broken", brokenBy: [c1.id] });

    const r = await createNode(builder, fx.id, { parentId: c2.id, kind: "REBUTTAL", title: "", body: "Null cannot reach this code." });
    s = await score();
    expect(s.current?.status).toBe("broken"); // not accepted yet
    // The author of the rebutted counterexample concedes.
    await acceptRebuttal(breaker, fx.id, r.id);
    s = await score();
    expect(s.current).toMatchObject({ number: 2, status: "stands", brokenBy: [] });
    expect(s.counterexamples.find((c) => c.id === c2.id)).toMatchObject({ disposition: "rebutted", acceptedRebuttalId: r.id });
    expect(coverageAt(s, 2)).toEqual([
      { counterexampleId: c1.id, cell: { status: "answered", patchId: p2.id, version: 2 } },
      { counterexampleId: c2.id, cell: { status: "rebutted", rebuttalId: r.id } },
    ]);
    expect(await outcomeOf(() => acceptRebuttal(breaker, fx.id, r.id))).toBe("CONFLICT");
  });

  it("a rebuttal refuted by its resolution cannot be accepted; an accepted one stops counting once refuted", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    const { owner: builder, members } = fx;
    const { breaker } = members;
    const c = await createNode(breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "C", body: "Fails at midnight." });
    const markEmpirical = (nodeId: string) => setResolutionMode(builder, fx.id, nodeId, { mode: "EMPIRICAL" });
    const resolveRefuted = (nodeId: string) =>
      applyResolution(builder, fx.id, nodeId, { action: "RESOLVE", outcome: "REFUTED", summary: "The logs show it fails." });
    const refute = async (nodeId: string) => {
      await markEmpirical(nodeId);
      await resolveRefuted(nodeId);
    };
    const overview = () => debateOverview(builder, fx.id);

    const refuted = await createNode(builder, fx.id, { parentId: c.id, kind: "REBUTTAL", title: "", body: "Midnight never comes in UTC-12." });
    await refute(refuted.id);
    const err = await acceptRebuttal(breaker, fx.id, refuted.id).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/refuted/) });
    expect((await d.node.findUniqueOrThrow({ where: { id: refuted.id } })).acceptedAt).toBeNull();
    let o = await overview();
    expect(o.scoreboard.current).toMatchObject({ status: "broken", brokenBy: [c.id] });
    expect(o.frontier.builder).toEqual([c.id]);
    expect(o.stuck.stuck).toBe(false);

    const accepted = await createNode(builder, fx.id, { parentId: c.id, kind: "REBUTTAL", title: "", body: "The job runs at noon." });
    o = await overview();
    expect(o.frontier).toMatchObject({ builder: [c.id], awaitingAcceptance: { [c.id]: [accepted.id] } });
    // An empirical rebuttal still open (no outcome yet) can be accepted.
    await markEmpirical(accepted.id);
    await acceptRebuttal(breaker, fx.id, accepted.id);
    expect((await overview()).scoreboard.current).toMatchObject({ status: "stands", brokenBy: [] });
    await resolveRefuted(accepted.id);
    o = await overview();
    expect(o.scoreboard.counterexamples).toEqual([expect.objectContaining({ id: c.id, disposition: "live", acceptedRebuttalId: null })]);
    expect(o.scoreboard.current).toMatchObject({ status: "broken", brokenBy: [c.id] });
    expect(o.frontier.builder).toEqual([c.id]);
  });
});

describe("full-text search", () => {
  let fx: DebateFixture<"breaker">;
  let ids: Record<string, string>;

  beforeAll(async () => {
    fx = await createDebate(d, { proposal: "Use a trusted monitor model to review every answer.", members: { breaker: { side: "BREAKER" } } });
    ids = {};
    ids.collusion = (
      await createNode(fx.members.breaker, fx.id, {
        parentId: fx.rootNodeId,
        kind: "COUNTEREXAMPLE",
        title: "Collusion",
        body: "The monitor and the assistant share training data, so their blind spots overlap.",
      })
    ).id;
    ids.latency = (
      await createNode(fx.owner, fx.id, { parentId: fx.rootNodeId, kind: "QUESTION", title: "", body: "How much latency does reviewing add per answer?" })
    ).id;
  });

  it("finds nodes by words in the body or the title, ranked, with a highlighted snippet", async () => {
    const hits = await searchNodes(null, fx.id, "blind spots");
    expect(hits.map((h) => h.id)).toEqual([ids.collusion]);
    expect(hits[0]!.snippet).toContain("«blind»");
    expect((await searchNodes(null, fx.id, "collusion")).map((h) => h.id)).toEqual([ids.collusion]);
    expect((await searchNodes(null, fx.id, "LATENCY")).map((h) => h.id)).toEqual([ids.latency]);
    // "answer" is in the proposal and the question; websearch syntax excludes with "-".
    expect((await searchNodes(null, fx.id, "answer")).map((h) => h.id).sort()).toEqual([fx.rootNodeId, ids.latency].sort());
    expect((await searchNodes(null, fx.id, "answer -latency")).map((h) => h.id)).toEqual([fx.rootNodeId]);
    expect(await searchNodes(null, fx.id, "giraffe")).toEqual([]);
  });

  it("treats query text as data: punctuation and SQL-looking input are safe", async () => {
    for (const q of ["'; DROP TABLE \"Node\"; --", "monitor & | ! ( )", "\"unterminated", "::"]) {
      const hits = await searchNodes(null, fx.id, q);
      expect(Array.isArray(hits)).toBe(true);
    }
    expect(await d.node.count({ where: { debateId: fx.id } })).toBe(3);
  });
});
