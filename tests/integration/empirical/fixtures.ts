// Small helpers for the empirical integration tests: users, a debate with one
// member per role, and claims to act on. Each test file has its own database.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/domain/actor";
import { db } from "@/lib/server/db/client";
import { createDebate } from "@/lib/server/debate/debates";
import { setResolutionMode } from "@/lib/server/empirical/service";
import type { Visibility } from "@/lib/domain/vocabulary";

export type Who = "anonymous" | "nonMember" | "observer" | "builder" | "breaker" | "moderator" | "owner";
export const WHO: readonly Who[] = ["anonymous", "nonMember", "observer", "builder", "breaker", "moderator", "owner"];

export async function user(name: string): Promise<Actor> {
  const username = `${name}-${randomBytes(3).toString("hex")}`;
  const u = await db().user.create({ data: { username, displayName: name }, select: { id: true, username: true, displayName: true } });
  return { ...u, via: "session" };
}

export interface Fixture {
  debateId: string;
  rootNodeId: string;
  actors: Record<Exclude<Who, "anonymous">, Actor>;
  /** The actor to pass for a role; anonymous is null (typed as Actor to reach the service's own check). */
  as: (who: Who) => Actor;
}

/** Owner on the observer side, a moderator on the observer side, and one member per side. */
export async function debateFixture(visibility: Visibility = "PUBLIC"): Promise<Fixture> {
  const owner = await user("owner");
  const { id: debateId, rootNodeId } = await createDebate(owner, {
    title: "Does the cache help?",
    proposal: "Put a read-through cache in front of the catalogue service.",
    context: "",
    links: [],
    visibility,
    playMode: "OPEN",
    side: "OBSERVER",
  });
  const [moderator, builder, breaker, observer, nonMember] = await Promise.all([
    user("moderator"),
    user("builder"),
    user("breaker"),
    user("observer"),
    user("outsider"),
  ]);
  await db().membership.createMany({
    data: [
      { debateId, userId: moderator.id, role: "MODERATOR", side: "OBSERVER" },
      { debateId, userId: builder.id, side: "BUILDER" },
      { debateId, userId: breaker.id, side: "BREAKER" },
      { debateId, userId: observer.id, side: "OBSERVER" },
    ],
  });
  const actors = { owner, moderator, builder, breaker, observer, nonMember };
  return { debateId, rootNodeId, actors, as: (who) => (who === "anonymous" ? (null as unknown as Actor) : actors[who]) };
}

let counter = 0;

/** A claim under `parentId` (a rebuttal by default), optionally marked EMPIRICAL by the builder. */
export async function claim(
  fx: Fixture,
  options: { parentId?: string; kind?: "COUNTEREXAMPLE" | "REBUTTAL" | "QUESTION" | "COMMENT"; empirical?: boolean; title?: string; by?: Actor } = {},
) {
  const kind = options.kind ?? "COUNTEREXAMPLE";
  const by = options.by ?? (kind === "COUNTEREXAMPLE" ? fx.actors.breaker : fx.actors.builder);
  // Inserted directly: createNode's per-user move rate limit is not what these tests are about.
  const parentId = options.parentId ?? fx.rootNodeId;
  const parent = await db().node.findUniqueOrThrow({ where: { id: parentId }, select: { depth: true } });
  const side = by.id === fx.actors.breaker.id ? "BREAKER" : by.id === fx.actors.builder.id ? "BUILDER" : "OBSERVER";
  const node = await db().node.create({
    data: {
      debateId: fx.debateId,
      parentId,
      depth: parent.depth + 1,
      kind,
      side,
      authorId: by.id,
      title: options.title ?? `Claim ${++counter}`,
      body: `Measured claim number ${counter}: the hit rate stays under forty percent.`,
      targetVersions: kind === "COUNTEREXAMPLE" ? [1] : [],
    },
    select: { id: true },
  });
  if (options.empirical !== false) await setResolutionMode(fx.actors.builder, fx.debateId, node.id, { mode: "EMPIRICAL" });
  return node.id;
}

export const resolveInput = (outcome: "SUPPORTED" | "REFUTED" | "INCONCLUSIVE" = "SUPPORTED") => ({
  action: "RESOLVE" as const,
  outcome,
  summary: "The load test finished; see the dashboard.",
  evidence: [{ label: "dashboard", url: "https://example.org/run/1" }],
});

/** Counts of everything the empirical services write, to check that a refused call wrote nothing. */
export async function snapshot(debateId: string) {
  const d = db();
  const [events, predictions, resolutions, cards, cruxes, nodes] = await Promise.all([
    d.debateEvent.count({ where: { debateId } }),
    d.prediction.count({ where: { node: { debateId } } }),
    d.resolutionEvent.count({ where: { node: { debateId } } }),
    d.experimentCard.findMany({ where: { node: { debateId } }, select: { nodeId: true, revision: true, status: true }, orderBy: { nodeId: "asc" } }),
    d.cruxMark.count({ where: { node: { debateId } } }),
    d.node.findMany({ where: { debateId }, select: { id: true, resolutionMode: true, outcome: true }, orderBy: { id: "asc" } }),
  ]);
  return { events, predictions, resolutions, cards, cruxes, nodes };
}
