// Export from and import into the real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): round trip, subtrees, access, hostile files, third-party parsers.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/debates/[debateId]/export/route";
import { POST as importRoute } from "@/app/api/v1/debates/import/route";
import { GET as schemaRoute } from "@/app/api/v1/schemas/builder-breaker-1.json/route";
import type { Actor } from "@/lib/domain/actor";
import { rateRules, UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/server/db/client";
import { debatePageData } from "@/lib/server/debate/page-data";
import { env } from "@/lib/server/env";
import type { AppError } from "@/lib/domain/errors";
import { branchAsDebate, documentFromSource, EXPORT_FILE_INFO, EXPORT_FORMATS, validateDocument, type DebateDocument } from "@/lib/formats";
import { exportDebateFor, slugify } from "@/lib/server/transfer/export";
import { importDebate, importDebateText } from "@/lib/server/transfer/import";
import { createDebate, createUser } from "../../factories";
import { largeSource } from "../../unit/formats/large-source";
import { layoutDot, parseWithArgdown, validateWithJsonSchema } from "../../unit/formats/external-parsers";
import { ctx, exportDoc, exportText, normalizeIds, PROPOSAL, realisticDebate, rowCounts, tokenFor, type Realistic } from "./helpers";

// Outside Next there is no request scope for next-auth's session lookup: requests without a token are anonymous.
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => null }));

let debate: Realistic;
let outsider: Actor;
let outsiderToken: string;
let ownerToken: string;

beforeAll(async () => {
  debate = await realisticDebate("PUBLIC");
  outsider = await createUser(db(), { displayName: "Outsider" });
  outsiderToken = await tokenFor(outsider);
  ownerToken = await tokenFor(debate.fx.owner);
});

const exportUrl = (debateId: string, query: string) => `http://localhost/api/v1/debates/${debateId}/export?${query}`;
const importRequest = (body: string | Uint8Array<ArrayBuffer>, options: { token?: string; type?: string; query?: string } = {}) =>
  new Request(`http://localhost/api/v1/debates/import${options.query ? `?${options.query}` : ""}`, {
    method: "POST",
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      "content-type": options.type ?? "application/json",
    },
    body,
  });

describe("export from the database", () => {
  it("exports a valid builder-breaker/1 document with everything the debate holds", async () => {
    const doc = await exportDoc(null, debate.fx.id);
    expect(() => validateDocument(doc)).not.toThrow();
    expect(validateWithJsonSchema(doc)).toBe(true);
    expect(doc.nodes.map((n) => n.ref)).toEqual([
      debate.fx.rootNodeId,
      debate.ids.ce,
      debate.ids.patch,
      debate.ids.rebuttal,
      debate.ids.question,
      debate.ids.comment,
    ]); // depth-first pre-order, siblings by createdAt
    expect(doc.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(doc.participants.map((p) => [p.displayName, p.side])).toEqual([
      ["Owner", "BUILDER"],
      ["breaker", "BREAKER"],
      ["moderator", "OBSERVER"],
      ["observer", "OBSERVER"],
    ]);
    const ce = doc.nodes[1]!;
    const start = PROPOSAL.indexOf("read-through cache");
    expect(ce.quote).toEqual({ text: "read-through cache", start, end: start + "read-through cache".length });
    expect(ce.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(ce.resolutionMode).toBe("EMPIRICAL");
    expect(ce.outcome).toBe("SUPPORTED");
    expect(ce.experiment).toMatchObject({ status: "RESOLVED", links: [{ url: "https://example.com/trace", title: "Trace" }] });
    expect(ce.predictions.map((p) => p.probability)).toEqual([0.7, 0.3, 0.8]);
    expect(ce.resolutions).toMatchObject([{ action: "RESOLVE", outcome: "SUPPORTED", evidence: [{ url: "https://example.com/run/1", title: "Run log" }] }]);
    expect(ce.cruxes).toHaveLength(2);
    const question = doc.nodes[4]!;
    expect(question.pruneEvents.map((e) => e.action)).toEqual(["PRUNE", "REOPEN"]);
    expect(question.prunedAt).toBeNull();
    expect(doc.nodes[3]!.prunedAt).not.toBeNull();
    expect(doc.nodes[2]!.answersRefs).toEqual([debate.ids.ce]);
  });

  it("streams small batches in the same pre-order as one big batch", async () => {
    const { debateSource } = await import("@/lib/server/transfer/db-source");
    const { documentFromSource } = await import("@/lib/formats");
    const small = await documentFromSource(await debateSource(debate.fx.id, { batchSize: 2, skeletonPageSize: 2 }));
    const big = await documentFromSource(await debateSource(debate.fx.id));
    expect(normalizeIds(small)).toEqual(normalizeIds(big));
  });

  it("reads related rows only for nodes that have them, an ownerless experiment card included", async () => {
    // Batches ask the related tables only for nodes the references query found; a card
    // without an owner names no person and must still be found and exported.
    const other = await realisticDebate("PUBLIC");
    await db().experimentCard.create({
      data: { nodeId: other.ids.comment, question: "Does it hold at 10x load?", method: "Replay a day of traffic", supportIf: "p99 < 50 ms", refuteIf: "p99 ≥ 50 ms", ownerId: null },
    });
    const doc = await exportDoc(null, other.fx.id);
    const comment = doc.nodes.find((n) => n.ref === other.ids.comment)!;
    expect(comment).toMatchObject({ experiment: { question: "Does it hold at 10x load?", ownerRef: null }, revisions: [], predictions: [], cruxes: [] });
    const ce = doc.nodes.find((n) => n.ref === other.ids.ce)!;
    expect(ce.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(doc.nodes.find((n) => n.ref === other.ids.rebuttal)).toMatchObject({ revisions: [], experiment: null, predictions: [], cruxes: [] });
  });

  it("exports a subtree without references leaving it", async () => {
    const doc = await exportDoc(null, debate.fx.id, debate.ids.patch);
    expect(doc.nodes.map((n) => n.ref)).toEqual([debate.ids.patch, debate.ids.rebuttal]);
    expect(doc.nodes[0]!.parentRef).toBeNull();
    expect(doc.nodes[0]!.answersRefs).toEqual([]); // the counterexample is outside the branch
    expect(doc.versions.map((v) => v.number)).toEqual([2]);
    expect(doc.participants.map((p) => p.displayName).sort()).toEqual(["Owner", "breaker"]);
    // The branch keeps its root's kind: it is not a debate document as it is (importers turn it into one)...
    expect(() => validateDocument(doc)).toThrow(/\$\.nodes\[0\]\.kind: root node is a PATCH/);
    // ...and everything else is self-contained: as a proposal it imports.
    doc.nodes[0]!.kind = "PROPOSAL";
    const importer = await createUser(db());
    const imported = await importDebate(importer, validateDocument(doc));
    expect(imported.nodes).toBe(2);
  });

  it("answers 404 for a root outside the debate, an unknown debate and a private debate to outsiders", async () => {
    const other = await createDebate(db(), { visibility: "PUBLIC" });
    await expect(exportDebateFor(null, debate.fx.id, "json", other.rootNodeId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportDebateFor(null, "nope", "json")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const secret = await realisticDebate("PRIVATE");
    await expect(exportDebateFor(null, secret.fx.id, "markdown")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportDebateFor(outsider, secret.fx.id, "markdown")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportDebateFor(outsider, secret.fx.id, "json", secret.ids.ce)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const res = await exportRoute(new Request(exportUrl(secret.fx.id, "format=json"), { headers: { authorization: `Bearer ${outsiderToken}` } }), ctx({ debateId: secret.fx.id }));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("read-through");
    const anonymous = await exportRoute(new Request(exportUrl(secret.fx.id, "format=svg")), ctx({ debateId: secret.fx.id }));
    expect(anonymous.status).toBe(404);
    // Members of the private debate can export it.
    const text = await exportText(secret.fx.members.observer, secret.fx.id, "kialo");
    expect(text).toMatch(/^Discussion Title: /);
  });

  it.each(EXPORT_FORMATS)("GET /export?format=%s streams with the right type and a safe attachment name", async (format) => {
    const res = await exportRoute(
      new Request(exportUrl(debate.fx.id, `format=${format}&download=1`), { headers: { authorization: `Bearer ${ownerToken}` } }),
      ctx({ debateId: debate.fx.id }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(EXPORT_FILE_INFO[format].contentType);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="cache-read-through-or-not-ca-depend.${EXPORT_FILE_INFO[format].extension}"`);
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(100);
    const withoutTimes = (t: string) => t.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?/g, "<time>");
    expect(withoutTimes(text)).toBe(withoutTimes(await exportText(null, debate.fx.id, format)));
  });

  it("GET /export without download has no Content-Disposition; bad formats are 422", async () => {
    const res = await exportRoute(new Request(exportUrl(debate.fx.id, `format=markdown&root=${debate.ids.question}`)), ctx({ debateId: debate.fx.id }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(await res.text()).toContain("What is the hit rate today?");
    const bad = await exportRoute(new Request(exportUrl(debate.fx.id, "format=pdf"), { headers: { authorization: `Bearer ${ownerToken}` } }), ctx({ debateId: debate.fx.id }));
    expect(bad.status).toBe(422);
  });

  it("GET /export?format=kialo is a clean outline; roundTrip=1 keeps our data, and that file imports back with kinds, titles and display names (#15)", async () => {
    const get = (query: string) => exportRoute(new Request(exportUrl(debate.fx.id, query), { headers: { authorization: `Bearer ${ownerToken}` } }), ctx({ debateId: debate.fx.id }));
    const clean = await (await get("format=kialo")).text();
    expect(clean).toMatch(/^Discussion Title: /);
    expect(clean).not.toContain('{"bb"');
    const roundTrip = await get("format=kialo&roundTrip=1");
    expect(roundTrip.status).toBe(200);
    const text = await roundTrip.text();
    expect(text).toContain(' {"bb":');
    // Other formats have one shape only: the option changes nothing there.
    expect(await (await get("format=markdown&roundTrip=1")).text()).toBe(await (await get("format=markdown")).text());
    expect((await get("format=kialo&roundTrip=yes")).status).toBe(422);

    const importer = await createUser(db());
    const imported = await importDebateText(importer, text, "kialo", { rateLimit: false });
    const original = await exportDoc(null, debate.fx.id);
    const again = await exportDoc(importer, imported.id);
    const names = (d: DebateDocument) => d.participants.map((p) => p.displayName).sort();
    // Everyone who wrote a move comes back by name (people named only by what Kialo does not carry, such as prune events, do not).
    expect(names(original)).toEqual(expect.arrayContaining(names(again)));
    const shape = (d: DebateDocument) => {
      const name = new Map(d.participants.map((p) => [p.ref, p.displayName]));
      return d.nodes.map((n) => [n.kind, n.side, n.title, name.get(n.authorRef)]);
    };
    expect(shape(again)).toEqual(shape(original));
    // Without our data the same debate imports as any Kialo outline: claims, no names.
    const plain = await exportDoc(importer, (await importDebateText(importer, clean, "kialo", { rateLimit: false })).id);
    expect(plain.nodes).toHaveLength(original.nodes.length + original.links.length);
    expect(names(plain).every((n) => n.startsWith("Imported "))).toBe(true);
  });

  it("file names are slugs", () => {
    expect(slugify('../../etc/passwd"; x=.json')).toBe("etc-passwd-x-json");
    expect(slugify("   ")).toBe("debate");
    expect(slugify("Ünïcödé — déjà vu")).toBe("unicode-deja-vu");
  });

  it("serves the JSON Schema", async () => {
    const res = schemaRoute();
    expect(res.headers.get("content-type")).toMatch(/^application\/schema\+json/);
    expect(JSON.parse(await res.text())).toMatchObject({ $id: expect.any(String) });
  });

  it("DOT export of a database debate lays out with GraphViz", async () => {
    const svg = await layoutDot(await exportText(null, debate.fx.id, "dot"));
    expect(svg).toContain("<svg");
    expect(svg.match(/class="node"/g)).toHaveLength(6);
  });

  it("Argdown export of a database debate parses with @argdown/core", async () => {
    const model = parseWithArgdown(await exportText(null, debate.fx.id, "argdown"));
    expect(model.errors).toEqual([]);
    expect(Object.keys(model.statements).length + Object.keys(model.arguments).length).toBeGreaterThanOrEqual(6);
    expect(model.relations.length).toBeGreaterThanOrEqual(5);
  });
});

describe("import into the database", () => {
  it("round trip: export JSON → import → export JSON gives the same document apart from ids", async () => {
    const first = await exportDoc(null, debate.fx.id);
    const importer = await createUser(db(), { displayName: "Importer" });
    const token = await tokenFor(importer);
    const res = await importRoute(importRequest(JSON.stringify(first), { token, query: "visibility=PUBLIC" }), ctx());
    expect(res.status).toBe(201);
    const { debate: created } = (await res.json()) as { debate: { id: string } };
    const second = await exportDoc(importer, created.id);
    expect(normalizeIds(second)).toEqual(normalizeIds(first));
    // Nothing is shared with the original: new ids everywhere.
    const firstIds = new Set([...first.nodes.map((n) => n.ref), ...first.participants.map((p) => p.ref)]);
    expect([...second.nodes.map((n) => n.ref), ...second.participants.map((p) => p.ref)].filter((r) => firstIds.has(r))).toEqual([]);
    const row = await db().debate.findUniqueOrThrow({ where: { id: created.id }, select: { ownerId: true, importedAt: true, visibility: true, rootNodeId: true } });
    expect(row).toMatchObject({ ownerId: importer.id, visibility: "PUBLIC", rootNodeId: second.nodes[0]!.ref });
    expect(row.importedAt).toBeInstanceOf(Date);
    const members = await db().membership.findMany({ where: { debateId: created.id }, select: { userId: true, role: true } });
    expect(members).toContainEqual({ userId: importer.id, role: "OWNER" });
    expect(members).toHaveLength(first.participants.length + 1);
    // Ghost authors: new password-less users nobody can sign in as.
    const ghosts = await db().user.findMany({
      where: { id: { in: second.participants.map((p) => p.ref) } },
      select: { username: true, email: true, passwordHash: true, oauthAccounts: { select: { id: true } }, apiTokens: { select: { id: true } } },
    });
    expect(ghosts).toHaveLength(first.participants.length);
    for (const g of ghosts) {
      expect(g.username).toMatch(/^imported-[0-9a-f]+$/);
      expect(g).toMatchObject({ email: null, passwordHash: null, oauthAccounts: [], apiTokens: [] });
    }
  });

  it("imports PRIVATE by default, and Kialo and Argdown text", async () => {
    const importer = await createUser(db());
    const token = await tokenFor(importer);
    const kialo = "Discussion Title: Should we cache?\n\n1. Should we cache?\n1.1. Con: Stale reads.\n1.1.1. Pro: Only under contention.\n1.2. Pro: Faster pages.\n";
    const res = await importRoute(importRequest(kialo, { token, type: "text/plain; charset=utf-8" }), ctx());
    expect(res.status).toBe(201);
    const { debate: created } = (await res.json()) as { debate: { id: string } };
    const row = await db().debate.findUniqueOrThrow({ where: { id: created.id }, select: { visibility: true, _count: { select: { nodes: true } } } });
    expect(row).toEqual({ visibility: "PRIVATE", _count: { nodes: 4 } });
    await expect(exportDebateFor(outsider, created.id, "json")).rejects.toMatchObject({ code: "NOT_FOUND" });

    const argdown = await exportText(null, debate.fx.id, "argdown");
    const fromArgdown = await importDebateText(importer, argdown, "argdown");
    const doc = await exportDoc(importer, fromArgdown.id);
    expect(doc.nodes.map((n) => n.body)).toEqual((await exportDoc(null, debate.fx.id)).nodes.map((n) => n.body));
  });

  describe("a branch export imports as a debate of its own", () => {
    it("JSON over HTTP: export branch → import → export gives the branch with its root as the proposal; another trip changes nothing", async () => {
      const first = await exportDoc(null, debate.fx.id, debate.ids.ce);
      expect(first.nodes.map((n) => n.ref)).toEqual([debate.ids.ce, debate.ids.patch, debate.ids.rebuttal]);
      expect(first.versions.map((v) => v.number)).toEqual([2]);
      const importer = await createUser(db(), { displayName: "Branch importer" });
      const token = await tokenFor(importer);
      const res = await importRoute(importRequest(JSON.stringify(first), { token, query: "visibility=PUBLIC" }), ctx());
      expect(res.status).toBe(201);
      const { debate: created } = (await res.json()) as { debate: { id: string; rootNodeId: string; nodes: number; participants: number } };
      expect(created).toMatchObject({ nodes: 3, participants: first.participants.length });

      const second = await exportDoc(importer, created.id);
      expect(normalizeIds(second)).toEqual(normalizeIds(branchAsDebate(first)));
      // What that means, spelled out: the counterexample is the proposal, v1 is its body, the rest is kept.
      expect(second.nodes[0]!.ref).toBe(created.rootNodeId);
      const [root, patch, rebuttal] = normalizeIds(second).nodes;
      const [ce, origPatch, origRebuttal] = normalizeIds(first).nodes;
      expect(root).toEqual({ ...ce, kind: "PROPOSAL", quote: null, targetVersions: [] });
      expect(root).toMatchObject({ side: "BREAKER", resolutionMode: "EMPIRICAL", outcome: "SUPPORTED" });
      expect(root!.experiment).not.toBeNull();
      expect(root!.cruxes).toHaveLength(2);
      expect(patch).toEqual({ ...origPatch, answersRefs: [root!.ref] });
      expect(rebuttal).toEqual(origRebuttal);
      expect(rebuttal!.prunedAt).not.toBeNull();
      expect(normalizeIds(second).versions).toEqual([{ number: 1, body: ce!.body, nodeRef: root!.ref, authorRef: root!.authorRef, createdAt: ce!.createdAt }]);
      expect(second.participants.map((p) => [p.displayName, p.side])).toEqual(first.participants.map((p) => [p.displayName, p.side]));
      expect(second.debate).toEqual({
        ...first.debate,
        title: "Stale reads under contention",
        context: `Imported from a branch of the debate “${first.debate.title}”, where this proposal was a counterexample.\n\nLatency budget: 50 ms at p99.`,
        createdAt: ce!.createdAt,
      });
      const row = await db().debate.findUniqueOrThrow({ where: { id: created.id }, select: { title: true, rootNodeId: true, importedAt: true, ownerId: true } });
      expect(row).toMatchObject({ title: "Stale reads under contention", rootNodeId: created.rootNodeId, ownerId: importer.id, importedAt: expect.any(Date) });
      // The debate page reads it like any debate: one proposal version, the scoreboard judges v1.
      const page = await debatePageData(importer, created.id);
      expect(page.scoreboard.versions.map((v) => v.number)).toEqual([1]);
      expect(page.nodes.find((n) => n.id === created.rootNodeId)).toMatchObject({ kind: "PROPOSAL", parentId: null });

      const again = await importDebateText(importer, JSON.stringify(second), "json");
      expect(normalizeIds(await exportDoc(importer, again.id))).toEqual(normalizeIds({ ...second, debate: { ...second.debate, visibility: "PRIVATE" } }));
    });

    it.each(["argdown", "kialo"] as const)("%s: the branch export imports as the same debate as the JSON one (as far as the format carries)", async (format) => {
      const importer = await createUser(db());
      const fromJson = await importDebateText(importer, await exportText(null, debate.fx.id, "json", debate.ids.patch), "json");
      const fromText = await importDebateText(importer, await exportText(null, debate.fx.id, format, debate.ids.patch, { roundTrip: true }), format);
      const viaJson = await exportDoc(importer, fromJson.id);
      const viaText = await exportDoc(importer, fromText.id);
      const carried = (d: DebateDocument) => ({
        title: d.debate.title,
        versions: d.versions.map((v) => v.number),
        nodes: d.nodes.map((n) => [n.kind, n.side, n.title, n.body, n.prunedAt]),
      });
      expect(carried(viaText)).toEqual(carried(viaJson));
      // Kialo carries no debate context: only the provenance note.
      if (format === "argdown") expect(viaText.debate.context).toBe(viaJson.debate.context);
      else expect(viaText.debate.context).toBe(viaJson.debate.context.split("\n\n")[0]);
      expect(viaText.debate.context).toMatch(/^Imported from a branch of the debate “Cache: read-through, or not\? «ça dépend»”, where this proposal was a patch\./);
      expect(carried(viaJson)).toMatchObject({ title: "Versioned keys", versions: [1], nodes: [["PROPOSAL", "BUILDER", "Versioned keys", expect.any(String), null], ["REBUTTAL", "BREAKER", "", expect.any(String), expect.any(String)]] });
    });
  });

  it("an import keeps only the links the app itself accepts (http and https)", async () => {
    const debate = await realisticDebate("PUBLIC");
    const doc = await exportDoc(debate.fx.owner, debate.fx.id);
    const links = [
      { url: "https://example.org/paper", title: "Paper" },
      { url: "mailto:someone@example.org", title: "Mail" },
      { url: "javascript:alert(1)", title: "Script" },
      { url: "data:text/html,<b>x</b>", title: "Data" },
    ];
    const result = await importDebate(await createUser(db()), { ...doc, debate: { ...doc.debate, links } });
    const stored = await db().debate.findUniqueOrThrow({ where: { id: result.id }, select: { links: true } });
    expect(stored.links).toEqual([{ label: "Paper", url: "https://example.org/paper" }]);
  });

  it("an import never reaches existing users, debates or nodes, whatever refs the file uses", async () => {
    const secret = await realisticDebate("PRIVATE");
    const existing = await exportDoc(secret.fx.owner, secret.fx.id);
    // The file reuses the private debate's real ids as refs and claims the owner's user id.
    const hostile: DebateDocument = { ...existing, debate: { ...existing.debate, visibility: "PUBLIC" } };
    const before = await db().node.count({ where: { debateId: secret.fx.id } });
    const importer = await createUser(db());
    const result = await importDebate(importer, hostile);
    expect(await db().node.count({ where: { debateId: secret.fx.id } })).toBe(before);
    expect(await db().debate.findUniqueOrThrow({ where: { id: result.id }, select: { visibility: true } })).toEqual({ visibility: "PRIVATE" });
    await expect(exportDebateFor(importer, secret.fx.id, "json")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const memberships = await db().membership.findMany({ where: { userId: importer.id }, select: { debateId: true } });
    expect(memberships).toEqual([{ debateId: result.id }]);
    const ownerMemberships = await db().membership.count({ where: { userId: secret.fx.owner.id } });
    expect(ownerMemberships).toBe(1); // the real owner was not added to the import
    const mine = await exportDoc(importer, result.id);
    expect(mine.participants.map((p) => p.ref)).not.toContain(secret.fx.owner.id);
  });

  it("imports a 10,000-node document in bulk and exports it back unchanged", { timeout: 120_000 }, async () => {
    const doc = validateDocument(await documentFromSource(largeSource(10_000)));
    const importer = await createUser(db());
    const started = performance.now();
    const result = await importDebate(importer, doc, { visibility: doc.debate.visibility });
    const ms = performance.now() - started;
    expect(result.nodes).toBe(10_000);
    expect(ms).toBeLessThan(60_000);
    const again = await exportDoc(importer, result.id);
    const sortedParticipants = (d: DebateDocument) => ({ ...d, participants: [...d.participants].sort((a, b) => a.displayName.localeCompare(b.displayName)) });
    // Refs become canonical by order; the source lists participants in its own order, the export by name.
    expect(normalizeIds(sortedParticipants(again))).toEqual(normalizeIds(sortedParticipants(doc)));
  });

  describe("import rate limit", () => {
    const limit = (rule: { limit: number }) => Math.ceil(rule.limit * env().RATE_LIMIT_MULTIPLIER);
    const kialo = "Discussion Title: Limits\n\n1. Limits\n1.1. Con: Too many.\n";
    const kialoRequest = (text: string, token: string) => importRequest(text, { token, type: "text/plain", query: "format=kialo" });

    it(`allows ${rateRules.importsPerUser.limit} imports per user per hour (bad files count too), then 429 with Retry-After and nothing written`, async () => {
      const importer = await createUser(db());
      const token = await tokenFor(importer);
      const perUser = limit(rateRules.importsPerUser);
      for (let i = 0; i < perUser; i++) {
        const res = await importRoute(kialoRequest(i % 2 ? "1.1. Pro: no thesis\n" : kialo, token), ctx());
        expect(res.status, `attempt ${i + 1}`).toBe(i % 2 ? 422 : 201);
      }
      const before = await rowCounts();
      const res = await importRoute(kialoRequest(kialo, token), ctx());
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(rateRules.importsPerUser.windowSeconds);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
      expect(await rowCounts()).toEqual(before);
      // Per user: someone else still imports...
      expect((await importRoute(kialoRequest(kialo, await tokenFor(await createUser(db()))), ctx())).status).toBe(201);
      // ...and the operator's command line (npm run import) is not counted.
      await expect(importDebateText(importer, kialo, "kialo", { rateLimit: false })).resolves.toMatchObject({ nodes: 2 });
    });

    it(`allows ${rateRules.importsPerIp.limit} imports per client address per hour across users`, async () => {
      const perUser = limit(rateRules.importsPerUser);
      const perIp = limit(rateRules.importsPerIp);
      const attempt = async (user: Actor, ip: string) =>
        importDebateText(user, "not a Kialo outline", "kialo", { ip }).then(
          () => "imported",
          (e: unknown) => (e as AppError).code,
        );
      const users = await Promise.all(Array.from({ length: Math.ceil(perIp / perUser) + 1 }, () => createUser(db())));
      // A client whose address the server could not see is everyone's: not a shared bucket, so only per-user limits apply.
      for (const user of users) for (let i = 0; i < perUser; i++) expect(await attempt(user, UNKNOWN_CLIENT)).toBe("VALIDATION");

      const fresh = await Promise.all(users.map(() => createUser(db())));
      const address = "198.51.100.40";
      const outcomes: string[] = [];
      for (const user of fresh) for (let i = 0; i < perUser && outcomes.at(-1) !== "RATE_LIMITED"; i++) outcomes.push(await attempt(user, address));
      expect(outcomes.filter((o) => o === "VALIDATION")).toHaveLength(perIp);
      expect(outcomes.at(-1)).toBe("RATE_LIMITED");
      const refused = await importDebateText(await createUser(db()), kialo, "kialo", { ip: address }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: expect.any(Number) } });
      // Another address is not affected.
      await expect(importDebateText(await createUser(db()), kialo, "kialo", { ip: "198.51.100.41" })).resolves.toMatchObject({ nodes: 2 });
    });
  });

  describe("bad files are refused with a position and write nothing", () => {
    let token: string;
    let good: string;
    beforeAll(async () => {
      token = await tokenFor(await createUser(db()));
      good = await exportText(null, debate.fx.id, "json");
    });

    async function refused(request: Request, status: number) {
      const before = await rowCounts();
      const res = await importRoute(request, ctx());
      const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await rowCounts()).toEqual(before);
      return body.error;
    }

    it("truncated JSON → 422 with line and column", async () => {
      const error = await refused(importRequest(good.slice(0, Math.floor(good.length / 2)), { token }), 422);
      expect(error.details).toMatchObject({ code: "SYNTAX", line: expect.any(Number), column: expect.any(Number), expected: expect.any(String) });
    });

    it("malformed Kialo → 422 with the line", async () => {
      const error = await refused(importRequest("Discussion Title: x\n\n1. x\n1.1. Con: a\n1.1.1.1.1. Pro: jumps two levels\n", { token, type: "text/plain", query: "format=kialo" }), 422);
      expect(error.details).toMatchObject({ line: 5 });
    });

    it("a dangling parent ref → 422 with the JSON path", async () => {
      const doc = JSON.parse(good) as DebateDocument;
      doc.nodes[3]!.parentRef = "nowhere";
      const error = await refused(importRequest(JSON.stringify(doc), { token }), 422);
      expect(error.details).toMatchObject({ code: "INTEGRITY", path: "$.nodes[3].parentRef", expected: expect.any(String) });
    });

    it("what the database would refuse is caught first (NUL, int4 overflow, duplicate versions and revisions)", async () => {
      const mutations: [(doc: DebateDocument) => void, string][] = [
        [(d) => void (d.nodes[2]!.body = "a\u0000b"), "$.nodes[2].body"],
        [(d) => void (d.nodes[1]!.quote = { text: "x", start: 0, end: 2 ** 40 }), "$.nodes[1].quote"],
        [(d) => void (d.versions[1]!.nodeRef = d.versions[0]!.nodeRef), "$.versions[1].nodeRef"],
        [(d) => void d.nodes[1]!.revisions.push({ ...d.nodes[1]!.revisions[0]! }), "$.nodes[1].revisions[2].revision"],
        [(d) => void d.nodes[1]!.cruxes.push({ ...d.nodes[1]!.cruxes[0]! }), "$.nodes[1].cruxes[2].userRef"],
      ];
      for (const [mutate, path] of mutations) {
        const doc = JSON.parse(good) as DebateDocument;
        mutate(doc);
        const error = await refused(importRequest(JSON.stringify(doc), { token }), 422);
        expect(error.details).toMatchObject({ path });
      }
    });

    it("hostile nesting and huge node counts → 422, never a crash", async () => {
      await refused(importRequest("[".repeat(100_000), { token }), 422);
      const deep = "Discussion Title: x\n\n" + Array.from({ length: 2_000 }, (_, i) => `${Array.from({ length: i + 1 }, () => "1").join(".")}. ${i ? "Pro: " : ""}n${i}`).join("\n");
      const error = await refused(importRequest(deep, { token, type: "text/plain", query: "format=kialo" }), 422);
      expect(error.details).toMatchObject({ code: "TOO_DEEP" });
    });

    it("more than 20 MB → 413 naming the limit", async () => {
      const huge = new Uint8Array(21 * 1024 * 1024).fill(0x20);
      const error = await refused(importRequest(huge, { token }), 413);
      expect(error.message).toContain("20 MB");
    });

    it("wrong media type → 415, no token → 401, empty → 400", async () => {
      await refused(importRequest("<x/>", { token, type: "application/xml" }), 415);
      await refused(importRequest(good), 401);
      await refused(importRequest("  ", { token }), 400);
    });

    it("a failure in the middle of the transaction rolls everything back", async () => {
      const doc = JSON.parse(good) as DebateDocument;
      const importer = await createUser(db());
      const before = await rowCounts();
      // Validated documents cannot fail in the database, so break a late write by hand: an invalid date on the last node.
      doc.nodes[5]!.createdAt = "294277-01-01T00:00:00.000Z";
      await expect(importDebate(importer, doc)).rejects.toBeTruthy();
      expect(await rowCounts()).toEqual(before);
    });
  });
});
