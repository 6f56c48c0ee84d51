import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { createDebate } from "@/lib/server/debate/debates";
import { createNode } from "@/lib/server/debate/nodes";
import type { Visibility } from "@/lib/domain/vocabulary";

export async function user(name: string): Promise<Actor> {
  const username = `${name}_${randomBytes(3).toString("hex")}`;
  const u = await db().user.create({ data: { username, displayName: name }, select: { id: true, username: true, displayName: true } });
  return { ...u, via: "token" };
}

export async function debate(owner: Actor, visibility: Visibility = "PUBLIC") {
  return createDebate(owner, {
    title: `Live ${randomBytes(3).toString("hex")}`,
    proposal: "All swans are white.",
    context: "",
    links: [],
    visibility,
    playMode: "OPEN",
    side: "BUILDER",
  });
}

export async function addMember(debateId: string, member: Actor, side: "BUILDER" | "BREAKER" | "OBSERVER" = "BREAKER") {
  await db().membership.create({ data: { debateId, userId: member.id, side } });
}

export function comment(actor: Actor, debateId: string, parentId: string, body = "a comment") {
  return createNode(actor, debateId, { parentId, kind: "COMMENT", title: "", body });
}
