import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/domain/errors";
import { estimateBranch, pruneBranch } from "@/lib/server/debate/branches";
import { editNode, retractNode } from "@/lib/server/debate/nodes";
import { rotateInviteCode } from "@/lib/server/debate/debates";
import { createDebate, createUser, insertNode, insertNodeChain } from "@/tests/factories";

async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const eventsOf = (debateId: string, type: string) =>
  db().debateEvent.findMany({ where: { debateId, type }, select: { actorId: true, nodeId: true, payload: true } });

describe("state rules in the services (lib/domain/debate/node-state.ts, pruning.ts)", () => {
  it("a branch cannot be a duplicate of its own descendant: 409 on the duplicateOf field, nothing written", async () => {
    const fx = await createDebate(db(), { members: { builder: { side: "BUILDER" } } });
    const [top, below] = await insertNodeChain(db(), fx.id, fx.rootNodeId, [
      { author: fx.members.builder, kind: "QUESTION" },
      { author: fx.members.builder, kind: "COMMENT" },
    ]);
    const error = await errorOf(() => pruneBranch(fx.owner, fx.id, top!, { category: "DUPLICATE", reason: "dup", duplicateOf: below! }));
    expect(error).toMatchObject({ code: "CONFLICT", details: { field: "duplicateOf" } });
    expect(error.message).toMatch(/own descendant/);
    expect(await db().node.findUniqueOrThrow({ where: { id: top! }, select: { prunedAt: true } })).toEqual({ prunedAt: null });
    // Outside its own branch the same target is fine.
    await pruneBranch(fx.owner, fx.id, below!, { category: "DUPLICATE", reason: "dup", duplicateOf: fx.rootNodeId });
  });

  it("the proposal cannot be edited, retracted or pruned", async () => {
    const fx = await createDebate(db());
    const proposal = fx.rootNodeId;
    expect(await errorOf(() => editNode(fx.owner, fx.id, proposal, { body: "x", revision: 1 }))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(() => retractNode(fx.owner, fx.id, proposal))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(() => pruneBranch(fx.owner, fx.id, proposal, { category: "UNPROMISING", reason: "r" }))).toMatchObject({ code: "CONFLICT" });
  });
});

describe("every change appends an event", () => {
  it("estimating a branch records branch.estimated (members only, through the permission table)", async () => {
    const fx = await createDebate(db(), { members: { observer: { side: "OBSERVER" } } });
    const node = await insertNode(db(), { debateId: fx.id, parentId: fx.rootNodeId, author: fx.owner, kind: "COMMENT" });
    await estimateBranch(fx.members.observer, fx.id, node.id, 70);
    expect(await eventsOf(fx.id, "branch.estimated")).toEqual([{ actorId: fx.members.observer.id, nodeId: node.id, payload: { promise: 70 } }]);
    const stranger = await createUser(db());
    expect(await errorOf(() => estimateBranch(stranger, fx.id, node.id, 10))).toMatchObject({ code: "FORBIDDEN", details: { action: "branch:estimate" } });
    expect(await eventsOf(fx.id, "branch.estimated")).toHaveLength(1);
    expect(await db().branchEstimate.count({ where: { nodeId: node.id } })).toBe(1);
  });

  it("rotating the invite code records debate.invite-rotated, without the code", async () => {
    const fx = await createDebate(db());
    const { inviteCode } = await rotateInviteCode(fx.owner, fx.id);
    const events = await eventsOf(fx.id, "debate.invite-rotated");
    expect(events).toEqual([{ actorId: fx.owner.id, nodeId: null, payload: expect.anything() }]);
    expect(JSON.stringify(events)).not.toContain(inviteCode);
  });
});
