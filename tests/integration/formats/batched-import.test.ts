// A large import writes in bounded batches (lib/server/transfer/import.ts): other users' writes
// go in between them instead of waiting for the whole import, the debate is invisible until
// its last batch is published, a failure leaves nothing behind, and debris of an import whose
// process died is swept. PGlite, or PostgreSQL with TEST_DATABASE_URL.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as eventsRoute } from "@/app/api/v1/debates/[debateId]/events/route";
import type { Actor } from "@/lib/domain/actor";
import { db, dbMode, driverBulkStatement, driverQuery } from "@/lib/server/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDebate, joinDebate, listDebates, listMembers } from "@/lib/server/debate/debates";
import { createNode, getNodeDetail, searchNodes } from "@/lib/server/debate/nodes";
import { debatePageData } from "@/lib/server/debate/page-data";
import { debateRevisit, myRevisit } from "@/lib/server/debate/branches";
import { listVersions } from "@/lib/server/debate/versions";
import { debateAgenda, debateBrierScores, myAgenda } from "@/lib/server/empirical/service";
import { listActivity } from "@/lib/server/live/activity";
import { listNotifications } from "@/lib/server/notifications/service";
import { exportDebateFor } from "@/lib/server/transfer/export";
import { documentFromSource, type DebateDocument } from "@/lib/formats";
import { IMPORT_STALE_MS, importDebate, sweepImportDebris } from "@/lib/server/transfer/import";
import { appErrorOf, readTreeText } from "../../support/services";
import type { AppError } from "@/lib/domain/errors";
import { addMember, createDebate, createUser, type DebateFixture } from "../../factories";
import { largeSource } from "../../unit/formats/large-source";
import { rowCounts, tokenFor } from "./helpers";

// Outside Next there is no request scope for next-auth's session lookup: requests without a token are anonymous.
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: async () => null }));

const NODES = 20_000;

let importer: Actor;
let outsider: Actor;
let other: DebateFixture<"breaker">;
let large: DebateDocument;

beforeAll(async () => {
  importer = await createUser(db(), { displayName: "Importer" });
  outsider = await createUser(db(), { displayName: "Outsider" });
  other = await createDebate(db(), { members: { breaker: { side: "BREAKER" } } });
  large = await documentFromSource(largeSource(NODES));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unpublished = () => db().debate.findFirst({ where: { importingSince: { not: null } }, select: { id: true, rootNodeId: true, inviteCode: true } });

it("lets another user's moves through while a large import writes", async () => {
  const started = Date.now();
  let importMs = 0;
  const importing = importDebate(importer, large, { visibility: "PUBLIC" }).then((r) => {
    importMs = Date.now() - started;
    return r;
  });
  let done = false;
  void importing.finally(() => (done = true)).catch(() => {});
  while (!done && !(await unpublished())) await sleep(20); // the import is writing from here

  const moveMs: number[] = [];
  let breaker = other.members.breaker;
  while (!done) {
    // A fresh breaker now and then, below the per-user move limit.
    if (moveMs.length > 0 && moveMs.length % 50 === 0) {
      breaker = await createUser(db(), { displayName: `Breaker ${moveMs.length}` });
      await addMember(db(), other.id, breaker, "BREAKER");
    }
    const t = Date.now();
    await createNode(breaker, other.id, { parentId: other.rootNodeId, kind: "COUNTEREXAMPLE", title: "", body: `Move while importing ${moveMs.length}` });
    moveMs.push(Date.now() - t);
  }
  const result = await importing;
  const slowest = Math.max(...moveMs);
  console.log(`[batched-import] ${NODES} nodes imported in ${importMs} ms; ${moveMs.length} moves meanwhile, slowest ${slowest} ms, median ${median(moveMs)} ms`);
  expect(result.nodes).toBe(NODES);
  // Several moves finished while the import ran, each in a small part of its time.
  expect(moveMs.length).toBeGreaterThanOrEqual(3);
  expect(slowest * 5).toBeLessThan(importMs);
}, 600_000);

it("writes each batch planned afresh, and no other statement keeps that setting", async () => {
  const setting = Prisma.sql`SELECT current_setting('plan_cache_mode') AS "mode"`;
  expect(await driverBulkStatement(setting)).toEqual([{ mode: "force_custom_plan" }]);
  // PostgreSQL: the pool's other statements keep the server's default (prepared statements'
  // generic plans stay, decision 006); the embedded worker plans everything afresh.
  const elsewhere = await Promise.all(Array.from({ length: 4 }, () => driverQuery<{ mode: string }>(setting)));
  for (const rows of elsewhere) expect(rows).toEqual([{ mode: dbMode() === "postgres" ? "auto" : "force_custom_plan" }]);
});

describe("an import being written", () => {
  it("is invisible on every read path until its last batch is published", async () => {
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    let reached!: () => void;
    const midway = new Promise<void>((r) => (reached = r));
    const doc = await documentFromSource(largeSource(3_000));
    const importing = importDebate(importer, doc, {
      visibility: "PUBLIC",
      afterBatch: async (written) => {
        if (written < 1_000) return;
        reached();
        await paused;
      },
    });
    await midway;
    const hidden = (await unpublished())!;
    expect(hidden).not.toBeNull();
    expect(await db().node.count({ where: { debateId: hidden.id } })).toBeGreaterThan(0);

    const id = hidden.id;
    const root = hidden.rootNodeId!;
    for (const viewer of [importer, outsider, null]) {
      const byId: [string, () => Promise<unknown>][] = [
        ["GET debate", () => getDebate(viewer, id)],
        ["page data", () => debatePageData(viewer, id)],
        ["tree", () => readTreeText(viewer, id)],
        ["node", () => getNodeDetail(viewer, id, root)],
        ["search", () => searchNodes(viewer, id, "Generated")],
        ["export", () => exportDebateFor(viewer, id, "json")],
        ["activity", () => listActivity(viewer, id, { limit: 50 })],
        ["members", () => listMembers(viewer, id)],
        ["versions", () => listVersions(viewer, id)],
        ["revisit", () => debateRevisit(viewer, id)],
        ["agenda", () => debateAgenda(viewer, id)],
        ["scores", () => debateBrierScores(viewer, id)],
      ];
      for (const [name, read] of byId) expect([name, await read().then(() => "answered", (e: AppError) => e.code)]).toEqual([name, "NOT_FOUND"]);
      expect((await listDebates(viewer, "public", undefined, 200)).map((d) => d.id)).not.toContain(id);
    }
    for (const viewer of [importer, outsider]) {
      expect((await listDebates(viewer, "mine", undefined, 200)).map((d) => d.id)).not.toContain(id);
      expect((await listDebates(viewer, "joined", undefined, 200)).map((d) => d.id)).not.toContain(id);
      expect((await myAgenda(viewer)).rows.map((r) => r.debateId)).not.toContain(id);
      expect((await myRevisit(viewer)).map((r) => r.debateId)).not.toContain(id);
      expect((await listNotifications(viewer, { limit: 100 })).notifications.map((n) => n.debateId)).not.toContain(id);
      // Writes and joins find nothing either.
      expect((await appErrorOf(() => createNode(viewer, id, { parentId: root, kind: "COMMENT", title: "", body: "Too early" }))).code).toBe("NOT_FOUND");
      expect((await appErrorOf(() => joinDebate(viewer, id, "BREAKER", hidden.inviteCode))).code).toBe("NOT_FOUND");
    }
    const stream = await eventsRoute(
      new Request(`http://localhost/api/v1/debates/${id}/events`, { headers: { authorization: `Bearer ${await tokenFor(importer)}` } }),
      { params: Promise.resolve({ debateId: id }) },
    );
    expect(stream.status).toBe(404);

    resume();
    const result = await importing;
    expect(result.id).toBe(id);
    expect((await getDebate(importer, id)).id).toBe(id);
    expect((await listDebates(null, "public", undefined, 200)).map((d) => d.id)).toContain(id);
    expect((await listDebates(importer, "mine", undefined, 200)).map((d) => d.id)).toContain(id);
    expect(await db().node.count({ where: { debateId: id } })).toBe(3_000);
  }, 300_000);

  it("leaves no trace when a batch late in the document fails", async () => {
    const before = await rowCounts();
    const doc = await documentFromSource(largeSource(4_000));
    // A row the database client refuses, near the end: the earlier batches are written by then.
    doc.nodes[doc.nodes.length - 2] = { ...doc.nodes[doc.nodes.length - 2]!, updatedAt: "not a date" };
    let written = 0;
    await expect(importDebate(importer, doc, { afterBatch: (n) => void (written = n) })).rejects.toThrow();
    expect(written).toBeGreaterThan(1_000);
    expect(await rowCounts()).toEqual(before);
    expect(await unpublished()).toBeNull();
  }, 300_000);

  it("sweeps the debris of an import whose process died, at the next import (or start-up)", async () => {
    const before = await rowCounts();
    // The import stops for good after a few batches, as if its process had been killed.
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    void importDebate(importer, await documentFromSource(largeSource(3_000)), {
      afterBatch: (written) => {
        if (written < 1_000) return;
        died();
        return new Promise<never>(() => {});
      },
    });
    await dead;
    const debris = (await unpublished())!;
    expect(await db().node.count({ where: { debateId: debris.id } })).toBeGreaterThan(0);
    expect((await rowCounts()).users).toBeGreaterThan(before.users);

    // Still showing life: an import's own sweep leaves it alone.
    expect(await sweepImportDebris()).toBe(0);
    // Silent for longer than IMPORT_STALE_MS: the next import removes it before writing.
    await db().debate.update({ where: { id: debris.id }, data: { importingSince: new Date(Date.now() - IMPORT_STALE_MS - 1_000) } });
    const next = await importDebate(importer, await documentFromSource(largeSource(10)));
    expect(await db().debate.findUnique({ where: { id: debris.id } })).toBeNull();
    expect(await db().node.count({ where: { debateId: debris.id } })).toBe(0);
    const after = await rowCounts();
    // Exactly the small import's rows remain: 10 nodes, 3 participants, debate, memberships and role changes, one event.
    expect(after).toEqual({ ...before, users: before.users + 3, debates: before.debates + 1, memberships: before.memberships + 4, roleChanges: before.roleChanges + 4, nodes: before.nodes + 10, pruneEvents: after.pruneEvents, events: before.events + 1 });
    expect(next.nodes).toBe(10);
  }, 300_000);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
