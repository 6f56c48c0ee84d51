// Third-party imports through the API on the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// the answer carries the import report, cross-links are written as links, bad files write nothing.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { POST as importRoute } from "@/app/api/v1/debates/import/route";
import { db } from "@/lib/server/db/client";
import { createUser } from "../../factories";
import { ctx, rowCounts, tokenFor } from "./helpers";

vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => null }));

const fixture = (name: string) => readFileSync(`tests/fixtures/imports/${name}`, "utf8");
const post = (body: string, token: string, type: string, query = "") =>
  importRoute(new Request(`http://localhost/api/v1/debates/import${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body }), ctx());

const MAP = `===
title: Night trains
source: a hand-written map for this test
===

# Main question

[Night trains]: Europe should bring back night trains. #transport
  + <Sleep>: Travellers arrive rested.
  - <Cost>: Sleeper cars cost more per seat than day coaches.
    - [Fill]: Full trains pay for the cars.
  -> <Flights>

<Flights>: Short flights should stay the main option.

<Sleep>
  + [Fill]
`;

describe("third-party imports through the API", () => {
  it("Argdown: 201 with the report; the tree, the cross-links and the context are written", async () => {
    const importer = await createUser(db());
    const res = await post(MAP, await tokenFor(importer), "text/plain; charset=utf-8", "?format=argdown");
    expect(res.status).toBe(201);
    const body = (await res.json()) as { debate: { id: string; nodes: number }; report: string[] };
    expect(body.report).toEqual(expect.arrayContaining(["1 relation kept as a cross-link", "1 tag kept as text", "1 front matter field kept as debate context"]));
    const debate = await db().debate.findUniqueOrThrow({ where: { id: body.debate.id }, select: { title: true, context: true } });
    expect(debate).toEqual({ title: "Night trains", context: "source: a hand-written map for this test" });
    const nodes = await db().node.findMany({ where: { debateId: body.debate.id }, select: { id: true, kind: true, title: true, parentId: true } });
    const byTitle = new Map(nodes.map((n) => [n.title, n]));
    // [Night trains] attacks <Flights>: Flights is the main claim, Night trains a counterexample under it.
    expect(byTitle.get("Flights")).toMatchObject({ kind: "PROPOSAL", parentId: null });
    expect(byTitle.get("Night trains")).toMatchObject({ kind: "COUNTEREXAMPLE", parentId: byTitle.get("Flights")!.id });
    expect(byTitle.get("Sleep")).toMatchObject({ kind: "SUPPORT" });
    const links = await db().nodeLink.findMany({ where: { debateId: body.debate.id }, select: { fromNodeId: true, toNodeId: true, type: true } });
    // [Fill] attacks <Cost> and supports <Sleep>: the tree (breadth-first from the main claim) reaches it through Sleep first.
    expect(byTitle.get("Fill")).toMatchObject({ kind: "SUPPORT", parentId: byTitle.get("Sleep")!.id });
    expect(links).toEqual([{ fromNodeId: byTitle.get("Fill")!.id, toNodeId: byTitle.get("Cost")!.id, type: "ATTACKS" }]);
  });

  it("AIF as application/json is told apart from our JSON; Kialo's newer outline is detected", async () => {
    const importer = await createUser(db());
    const token = await tokenFor(importer);
    const aif = await post(fixture("aifdb-style.json"), token, "application/json");
    expect(aif.status).toBe(201);
    const aifBody = (await aif.json()) as { debate: { nodes: number; participants: number }; report: string[] };
    expect(aifBody.debate).toMatchObject({ nodes: 6, participants: 5 }); // Kim, Lee, and one placeholder per side for claims nobody is recorded saying
    expect(aifBody.report).toContain("1 undercut kept as an attack on its argument");
    const kialo = await post(fixture("kialo-newer.txt"), token, "text/plain; charset=utf-8");
    expect(kialo.status).toBe(201);
    const kialoBody = (await kialo.json()) as { debate: { id: string; nodes: number }; report: string[] };
    expect(kialoBody.debate.nodes).toBe(9);
    expect(await db().nodeLink.count({ where: { debateId: kialoBody.debate.id, type: "SAME_CLAIM" } })).toBe(1);
  });

  it("a pasted thread with ?format=thread keeps its anchored quotes", async () => {
    const importer = await createUser(db());
    const res = await post(fixture("thread.md"), await tokenFor(importer), "text/plain; charset=utf-8", "?format=thread");
    expect(res.status).toBe(201);
    const body = (await res.json()) as { debate: { id: string }; report: string[] };
    const quoted = await db().node.count({ where: { debateId: body.debate.id, quoteText: { not: null } } });
    expect(quoted).toBe(3);
  });

  it("bad files answer 422 with a position and write nothing", async () => {
    const importer = await createUser(db());
    const token = await tokenFor(importer);
    const before = await rowCounts();
    const include = await post("[A]: a\n\n@include [b.argdown]\n", token, "text/plain", "?format=argdown");
    expect(include.status).toBe(422);
    expect(((await include.json()) as { error: { message: string; details: { line: number } } }).error).toMatchObject({ details: { line: 3 } });
    const aif = await post('{"nodes":[{"nodeID":"1","text":"a","type":"I"}],"edges":[{"edgeID":"1","fromID":"1","toID":"2"}]}', token, "application/json");
    expect(aif.status).toBe(422);
    expect(((await aif.json()) as { error: { details: { path: string } } }).error.details.path).toBe("$.edges[0].toID");
    expect(await rowCounts()).toEqual(before);
  });
});
