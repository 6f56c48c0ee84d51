// The paged tree (GET /tree?cursor=&limit=, ?under=&depth=), its validator (ETag → 304)
// and the streamed full read, through the real route handlers on the real database.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTreeRoute } from "@/app/api/v1/debates/[debateId]/tree/route";
import { GET as getOverviewRoute } from "@/app/api/v1/debates/[debateId]/overview/route";
import { getTree } from "@/lib/contracts/debates";
import { encodeCursor } from "@/lib/contracts/common";
import { createApiToken } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db/client";
import { createNode } from "@/lib/server/debate/nodes";
import { debateReadingOrder, fullTreeChunks } from "@/lib/server/debate/tree-pages";
import { readAnalysisRows, readDebateRows, readDebateRowsByIds } from "@/lib/server/queries/tree";
import { OUTLINE_FIRST_ROWS, OUTLINE_WHOLE_MAX, outlinePositions } from "@/lib/server/debate/outline-view";
import { analyseInWorker, analysisStats, debateAnalysis } from "@/lib/server/debate/overview";
import { analyseDebate } from "@/lib/server/debate/analysis";
import { createDebate, createUser, type DebateFixture } from "@/tests/factories";

const d = db();
const SIZE = 400;

type PageBody = { nodes: { id: string; parentId: string | null; childCount: number; descendantCount: number; depth: number }[]; nextCursor: string | null; total: number };

function get(debateId: string, query = "", headers: Record<string, string> = {}) {
  const request = new Request(`http://app.example/api/v1/debates/${debateId}/tree${query}`, { headers: { host: "app.example", ...headers } });
  return getTreeRoute(request, { params: Promise.resolve({ debateId }) });
}

async function page(debateId: string, query: string, headers: Record<string, string> = {}): Promise<PageBody> {
  const response = await get(debateId, query, headers);
  expect(response.status).toBe(200);
  const body = (await response.json()) as PageBody;
  getTree.response.parse(body); // the contract's shape
  return body;
}

/** Every page of a scope, following nextCursor. */
async function allPages(debateId: string, scope: string, limit: number, headers: Record<string, string> = {}) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = `?limit=${limit}${scope}${cursor ? `&cursor=${cursor}` : ""}`;
    const body = await page(debateId, q, headers);
    ids.push(...body.nodes.map((n) => n.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 10_000);
  return { ids, pages };
}

/** The expected reading order, written independently: depth first, siblings by (createdAt, id). */
function depthFirst(rows: { id: string; parentId: string | null; createdAt: Date }[]) {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const children = new Map<string | null, string[]>();
  for (const r of sorted) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const out: string[] = [];
  const visit = (id: string) => {
    out.push(id);
    for (const c of children.get(id) ?? []) visit(c);
  };
  for (const root of children.get(null) ?? []) visit(root);
  return { order: out, children };
}

/** A debate of `size` nodes with random parents, inserted in one statement. */
async function bigDebate(fx: DebateFixture<never>, seed: number, size = SIZE) {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const ids = [fx.rootNodeId];
  const depthOf = new Map([[fx.rootNodeId, 0]]);
  const depths: number[] = [];
  const parents: string[] = [];
  const news: string[] = [];
  for (let i = 1; i < size; i++) {
    const id = `tp${seed}x${i}`;
    // Mostly recent parents: deep branches and wide ones.
    const parent = ids[random() < 0.5 ? Math.floor(random() * ids.length) : Math.max(0, ids.length - 1 - Math.floor(random() * 3))]!;
    parents.push(parent);
    depthOf.set(id, depthOf.get(parent)! + 1);
    depths.push(depthOf.get(id)!);
    news.push(id);
    ids.push(id);
  }
  await d.$executeRawUnsafe(
    `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body", "createdAt", "updatedAt")
     SELECT t.id, $1, t.parent, t.depth, 'COMMENT'::"NodeKind", 'OBSERVER'::"Side", $2, 'Node ' || t.ord, 'Body of ' || t.id,
            timestamp '2026-03-01' + t.ord * interval '1 millisecond', timestamp '2026-03-01'
     FROM unnest($3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS t(id, parent, depth, ord)`,
    fx.id,
    fx.owner.id,
    news,
    parents,
    depths,
  );
}

describe("the paged tree", () => {
  let fx: DebateFixture<never>;
  let expected: ReturnType<typeof depthFirst>;

  beforeAll(async () => {
    fx = await createDebate(d);
    await bigDebate(fx, 7);
    const rows = await readDebateRows(fx.id);
    expect(rows).toHaveLength(SIZE);
    expected = depthFirst(rows);
  }, 120_000);

  it("pages return every node exactly once, in depth-first order, whatever the page size", async () => {
    for (const limit of [7, 37, 200, 1000]) {
      const { ids, pages } = await allPages(fx.id, "", limit);
      expect(ids).toEqual(expected.order);
      expect(new Set(ids).size).toBe(SIZE);
      expect(pages).toBe(Math.ceil(SIZE / limit));
    }
    const first = await page(fx.id, "?limit=5");
    expect(first.total).toBe(SIZE);
    expect(first.nodes[0]).toMatchObject({ id: fx.rootNodeId, childCount: expected.children.get(fx.rootNodeId)!.length, descendantCount: SIZE - 1 });
  });

  it("a subtree page reads the descendants of one node, down to `depth` levels, and pages too", async () => {
    const children = expected.children.get(fx.rootNodeId)!;
    const level1 = await page(fx.id, `?under=${fx.rootNodeId}&depth=1&limit=1000`);
    expect(level1.nodes.map((n) => n.id)).toEqual(children);
    expect(level1.nextCursor).toBeNull();
    // A branch with grandchildren: its whole subtree is a contiguous run of the reading order.
    const branch = [...expected.children.keys()].find((id) => id && (expected.children.get(id) ?? []).some((c) => expected.children.has(c)))!;
    const at = expected.order.indexOf(branch);
    const under = (await page(fx.id, `?under=${branch}&limit=1000`));
    expect(under.nodes.map((n) => n.id)).toEqual(expected.order.slice(at + 1, at + 1 + under.total));
    expect(under.total).toBe(under.nodes.length);
    const paged = await allPages(fx.id, `&under=${branch}`, 2);
    expect(paged.ids).toEqual(under.nodes.map((n) => n.id));
    const two = await allPages(fx.id, `&under=${branch}&depth=2`, 3);
    const depthOf = new Map(under.nodes.map((n) => [n.id, n.depth]));
    const branchDepth = under.nodes[0]!.depth - 1;
    expect(two.ids).toEqual(under.nodes.filter((n) => depthOf.get(n.id)! <= branchDepth + 2).map((n) => n.id));
  });

  it("a forged or foreign cursor is 400 (a malformed one 422, like every field), an unknown node 404", async () => {
    for (const cursor of ["bm90LWEtY3Vyc29y", encodeCursor("x", fx.rootNodeId), encodeCursor(-1, "x"), encodeCursor(10 ** 9, "no-such-node")]) {
      const response = await get(fx.id, `?cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }
    // A cursor of the whole debate used under a node elsewhere in the order.
    const last = expected.order[SIZE - 2]!;
    const leaf = expected.order.find((id) => !expected.children.has(id) && expected.order.indexOf(id) < SIZE / 2)!;
    expect((await get(fx.id, `?under=${leaf}&cursor=${encodeCursor(SIZE - 2, last)}`)).status).toBe(400);
    expect((await get(fx.id, `?under=no-such-node`)).status).toBe(404);
    expect((await get(fx.id, `?cursor=%25%25`)).status).toBe(422);
    expect((await get(fx.id, `?depth=2`)).status).toBe(422);
    expect((await get(fx.id, `?limit=5000`)).status).toBe(422);
  });

  it("a large debate's page starts with its first rows and top branches; the page cursor goes on right after them", async () => {
    const order = await debateReadingOrder(fx.id);
    const { positions, outline } = outlinePositions(order, 50, 100);
    const first = await readDebateRowsByIds(fx.id, positions.map((p) => order.ids[p]!));
    expect(outline).toMatchObject({ total: SIZE, complete: false });
    const prefix = expected.order.slice(0, 50);
    const topBranches = expected.children.get(fx.rootNodeId)!.filter((id) => !prefix.includes(id));
    expect(first.map((r) => r.id).sort()).toEqual([...prefix, ...topBranches].sort());
    expect(outline.counts[fx.rootNodeId]).toEqual([expected.children.get(fx.rootNodeId)!.length, SIZE - 1]);
    // Every row's parent is there: the page's forest stays one tree.
    const ids = new Set(first.map((r) => r.id));
    expect(first.every((r) => r.parentId === null || ids.has(r.parentId))).toBe(true);
    const rest = await page(fx.id, `?cursor=${outline.nextCursor}&limit=1000`);
    expect(rest.nodes.map((n) => n.id)).toEqual(expected.order.slice(50));
    expect(outlinePositions(order).outline).toMatchObject({ complete: true, nextCursor: null });
    expect(outlinePositions(order).positions).toHaveLength(SIZE);
  });

  it("?path= reads a node and its ancestors, root first, with their counts; alone, and 404 for a node elsewhere", async () => {
    const parentOf = new Map<string, string | null>();
    for (const [parent, children] of expected.children) for (const c of children) parentOf.set(c, parent);
    // The deepest node: the longest path.
    const depthOf = (id: string): number => (parentOf.get(id) ? depthOf(parentOf.get(id)!) + 1 : 0);
    const deepest = expected.order.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
    const chain: string[] = [];
    for (let id: string | null | undefined = deepest; id; id = parentOf.get(id)) chain.unshift(id);
    expect(chain.length).toBeGreaterThan(3);
    const body = await page(fx.id, `?path=${deepest}`);
    expect(body.nodes.map((n) => n.id)).toEqual(chain);
    expect(body.nodes[0]).toMatchObject({ parentId: null, descendantCount: SIZE - 1 });
    expect(body.nodes.at(-1)).toMatchObject({ id: deepest, childCount: expected.children.get(deepest)?.length ?? 0 });
    expect(await page(fx.id, `?path=${fx.rootNodeId}`)).toMatchObject({ nodes: [{ id: fx.rootNodeId }], nextCursor: null, total: SIZE });
    expect((await get(fx.id, `?path=${deepest}&limit=5`)).status).toBe(422);
    const elsewhere = await createDebate(d);
    expect((await get(fx.id, `?path=${elsewhere.rootNodeId}`)).status).toBe(404);
  });

  it("the full read streams every node in creation order, slice by slice", async () => {
    const rows = await readDebateRows(fx.id);
    let text = "";
    for await (const chunk of fullTreeChunks(fx.id, 7)) text += chunk;
    const whole = JSON.parse(text) as { nodes: { id: string }[] };
    expect(whole.nodes.map((n) => n.id)).toEqual(rows.map((r) => r.id));
    getTree.response.parse(whole);
    const viaRoute = (await (await get(fx.id)).json()) as { nodes: { id: string }[] };
    expect(viaRoute).toEqual(whole);
  });
});

describe("a large debate's page: its rows at once, its analyses when ready", () => {
  const overview = (debateId: string, query = "") =>
    getOverviewRoute(new Request(`http://app.example/api/v1/debates/${debateId}/overview${query}`, { headers: { host: "app.example" } }), { params: Promise.resolve({ debateId }) });
  type View = { nodes: unknown[]; analysisPending?: true; scoreboard: { counterexamples: { id: string }[]; versions: unknown[] }; outline: { complete: boolean } };

  it("?analysis=later answers with the first rows and analysisPending; the whole overview brings the analyses; a move starts over", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    await bigDebate(fx, 29, OUTLINE_WHOLE_MAX + 50);
    const first = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on an empty list.", targetVersions: [1] });

    const early = await overview(fx.id, "?analysis=later");
    expect(early.status).toBe(200);
    expect(early.headers.get("etag")).toBeNull(); // never taken for the final answer
    const pending = (await early.json()) as View;
    expect(pending.analysisPending).toBe(true);
    expect(pending.outline.complete).toBe(false);
    expect(pending.nodes.length).toBeGreaterThanOrEqual(OUTLINE_FIRST_ROWS);
    expect(pending.scoreboard).toEqual({ versions: [], counterexamples: [], current: null });

    const complete = await overview(fx.id);
    expect(complete.headers.get("etag")).toMatch(/^"/);
    const full = (await complete.json()) as View;
    expect(full.analysisPending).toBeUndefined();
    expect(full.scoreboard.counterexamples.map((c) => c.id)).toEqual([first.id]);
    // Computed now, yet the early answer stays rows only: its size never depends on the analyses.
    const again = (await (await overview(fx.id, "?analysis=later")).json()) as View;
    expect(again.analysisPending).toBe(true);
    expect(again.nodes).toEqual(pending.nodes);

    const second = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on a cyclic list.", targetVersions: [1] });
    expect(((await (await overview(fx.id, "?analysis=later")).json()) as View).analysisPending).toBe(true);
    const after = (await (await overview(fx.id)).json()) as View;
    expect(after.scoreboard.counterexamples.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
  }, 120_000);

  it("the analyses' read gives the same nodes, dates included, as the Prisma read, whatever the process's time zone", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    const ce = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on an empty list.", targetVersions: [1] });
    await d.node.update({ where: { id: ce.id }, data: { prunedAt: new Date("2026-05-01T12:34:56.789Z") } });
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York"; // pg reads a zoneless timestamp in local time unless told otherwise
    try {
      const [full, slim] = await Promise.all([readDebateRows(fx.id), readAnalysisRows(fx.id)]);
      const titleWhenPruned = (r: (typeof full)[number]) => (r.prunedAt ? r.title || r.body.slice(0, 80) : "");
      expect(slim).toEqual(full.map(({ authorName: _a, body: _b, quoteText: _q, quoteStart: _s, quoteEnd: _e, ...rest }) => ({ ...rest, title: titleWhenPruned({ ...rest, authorName: _a, body: _b, quoteText: _q, quoteStart: _s, quoteEnd: _e }) })));
      expect(slim.find((r) => r.id === ce.id)).toMatchObject({ prunedAt: new Date("2026-05-01T12:34:56.789Z"), title: "Fails on an empty list." });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("concurrent readers share one computation of the analyses; a move makes a new one", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on an empty list.", targetVersions: [1] });
    const before = analysisStats.computed;
    const [a, b] = await Promise.all([debateAnalysis(fx.id), debateAnalysis(fx.id)]);
    expect(b).toEqual(a);
    expect(await debateAnalysis(fx.id)).toEqual(a);
    expect(analysisStats.computed - before).toBe(1);
    await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on a cyclic list.", targetVersions: [1] });
    const changed = await debateAnalysis(fx.id);
    expect(analysisStats.computed - before).toBe(2);
    expect(changed.scoreboard.counterexamples).toHaveLength(2);
  });

  it("a large debate is analysed in a worker thread, with the same result as in this thread", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    await bigDebate(fx, 31, OUTLINE_WHOLE_MAX + 50);
    const ce = await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on an empty list.", targetVersions: [1] });
    await d.node.update({ where: { id: ce.id }, data: { prunedAt: new Date("2026-05-01T12:34:56.789Z") } });
    const now = new Date("2026-06-01T00:00:00.000Z");
    const [inWorker, here] = await Promise.all([analyseInWorker(fx.id, now), analyseDebate(fx.id, now)]);
    expect(JSON.parse(new TextDecoder().decode(inWorker))).toEqual(JSON.parse(JSON.stringify(here)));
    expect(here.revisit.map((r) => r.nodeId)).toEqual([ce.id]);
    // The page of a large debate goes through the worker.
    const workers = analysisStats.inWorker;
    const view = (await (await overview(fx.id)).json()) as View;
    expect(view.analysisPending).toBeUndefined();
    expect(analysisStats.inWorker - workers).toBe(1);
  }, 120_000);
});

describe("validators: ETag and If-None-Match", () => {
  it("an unchanged tree or overview answers 304; a move changes the validator", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    const overview = (headers: Record<string, string> = {}) =>
      getOverviewRoute(new Request(`http://app.example/api/v1/debates/${fx.id}/overview`, { headers: { host: "app.example", ...headers } }), { params: Promise.resolve({ debateId: fx.id }) });
    for (const read of [(h?: Record<string, string>) => get(fx.id, "", h), (h?: Record<string, string>) => get(fx.id, "?limit=10", h), overview]) {
      const first = await read();
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await read({ "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
      expect((await read({ "if-none-match": `"other", W/${etag}` })).status).toBe(304);
      expect((await read({ "if-none-match": '"stale"' })).status).toBe(200);
    }
    const before = (await get(fx.id)).headers.get("etag")!;
    const beforePage = (await get(fx.id, "?limit=10")).headers.get("etag")!;
    const beforeOverview = (await overview()).headers.get("etag")!;
    expect(new Set([before, beforePage, beforeOverview]).size).toBe(3);
    await createNode(fx.members.breaker, fx.id, { parentId: fx.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: "Fails on an empty list.", targetVersions: [1] });
    const after = await get(fx.id, "", { "if-none-match": before });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(((await after.json()) as { nodes: unknown[] }).nodes).toHaveLength(2);
    const afterPage = await get(fx.id, "?limit=10", { "if-none-match": beforePage });
    expect(afterPage.status).toBe(200);
    expect(((await afterPage.json()) as PageBody).nodes).toHaveLength(2);
    expect((await overview({ "if-none-match": beforeOverview })).status).toBe(200);
  });

  it("the validator depends on who reads: a member's differs from an anonymous reader's", async () => {
    const fx = await createDebate(d, { members: { breaker: { side: "BREAKER" } } });
    const token = (await createApiToken(fx.members.breaker.id, "bot")).secret;
    const anonymous = (await get(fx.id)).headers.get("etag")!;
    const member = await get(fx.id, "", { authorization: `Bearer ${token}`, "if-none-match": anonymous });
    expect(member.status).toBe(200);
    expect(member.headers.get("etag")).not.toBe(anonymous);
  });
});

describe("private debates stay hidden on every paged read", () => {
  it("outsiders get 404 for pages, subtrees, cursors and validators; members read", async () => {
    const fx = await createDebate(d, { visibility: "PRIVATE", members: { breaker: { side: "BREAKER" } } });
    await bigDebate(fx as DebateFixture<never>, 11);
    const outsider = await createUser(d, { displayName: "Outsider" });
    const outsiderToken = (await createApiToken(outsider.id, "bot")).secret;
    const memberToken = (await createApiToken(fx.members.breaker.id, "bot")).secret;
    const member = { authorization: `Bearer ${memberToken}` };
    const first = await page(fx.id, "?limit=10", member);
    const etag = (await get(fx.id, "?limit=10", member)).headers.get("etag")!;
    const queries = ["", "?limit=10", `?cursor=${first.nextCursor}`, `?under=${fx.rootNodeId}&depth=1`, `?root=${fx.rootNodeId}`, `?under=no-such-node`, "?cursor=forged"];
    for (const headers of [{}, { authorization: `Bearer ${outsiderToken}` }] as Record<string, string>[]) {
      for (const q of queries) {
        const response = await get(fx.id, q, { ...headers, "if-none-match": etag });
        expect(response.status, q).toBe(404);
        expect(response.headers.get("etag")).toBeNull();
      }
    }
    expect((await allPages(fx.id, "", 150, member)).ids).toHaveLength(SIZE);
  });
});
