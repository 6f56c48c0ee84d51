// Fast seeding through raw SQL: users, memberships, a debate and a whole tree
// in a handful of INSERT … SELECT FROM unnest($arrays) statements.
import { randomBytes } from "node:crypto";
import type { Sql } from "./database";

type Side = "BUILDER" | "BREAKER" | "OBSERVER";
type Kind = "PROPOSAL" | "COUNTEREXAMPLE" | "PATCH" | "REBUTTAL" | "QUESTION" | "COMMENT";

/** Small deterministic PRNG (mulberry32) so every run seeds the same shape. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the proposal fails when inputs arrive out of order because the cache keeps a stale copy and every " +
  "reader then sees an older version consider a counterexample where two writers race on the same key " +
  "this patch adds a version check so the second write is rejected unless it names the latest revision " +
  "however the check costs one extra round trip per request which matters under load we measured it " +
  "question does the claim still hold for empty inputs or for inputs larger than memory rebuttal no " +
  "because the spec bounds the size evidence from the benchmark suggests otherwise"
).split(" ");

export function text(r: () => number, min: number, max: number): string {
  const target = min + Math.floor(r() * (max - min));
  let out = "";
  while (out.length < target) out += (out ? " " : "") + WORDS[Math.floor(r() * WORDS.length)];
  return out.slice(0, target).trimEnd() + ".";
}

const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const shortId = () => randomBytes(6).toString("hex");

function sqlTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

// ---------- users and memberships ----------

export interface SeedUser {
  id: string;
  username: string;
}

/** Inserts `count` users named `<prefix>_<i>` (no password: they sign in with tokens). */
export async function seedUsers(sql: Sql, prefix: string, count: number): Promise<SeedUser[]> {
  const tag = shortId();
  const users = Array.from({ length: count }, (_, i) => ({ id: `bu${tag}${i}`, username: `${prefix}_${tag}_${i}` }));
  await sql.query(
    `INSERT INTO "User" ("id", "username", "displayName", "updatedAt")
     SELECT id, username, 'Bench ' || username, timezone('UTC', now()) FROM unnest($1::text[], $2::text[]) AS t(id, username)`,
    [users.map((u) => u.id), users.map((u) => u.username)],
  );
  return users;
}

export interface Member {
  userId: string;
  side: Side;
  role: "OWNER" | "MODERATOR" | "MEMBER";
}

export async function seedMemberships(sql: Sql, debateId: string, members: readonly Member[]): Promise<void> {
  const tag = shortId();
  await sql.query(
    `INSERT INTO "Membership" ("id", "debateId", "userId", "role", "side")
     SELECT 'bm' || $5 || ord, $1, u, r::"MemberRole", s::"Side"
     FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(u, r, s, ord)`,
    [debateId, members.map((m) => m.userId), members.map((m) => m.role), members.map((m) => m.side), tag],
  );
}

// ---------- the tree ----------

export interface GenNode {
  index: number;
  parent: number; // -1 for the root
  depth: number;
  kind: Kind;
  side: Side;
  inBranch: boolean;
}

/**
 * A realistic tree shape: mostly short chains of replies with random fan-out,
 * depth capped at `maxDepth`, a few patches (proposal versions). With
 * `branchSize`, node 1 (a counterexample on the root) gets exactly
 * `branchSize - 1` descendants and every other node stays outside that branch.
 */
export function generateTree(size: number, opts: { maxDepth?: number; versions?: number; branchSize?: number; seed?: number } = {}): GenNode[] {
  const r = rng(opts.seed ?? 42);
  const maxDepth = opts.maxDepth ?? 30;
  const versions = opts.versions ?? 4;
  const nodes: GenNode[] = [{ index: 0, parent: -1, depth: 0, kind: "PROPOSAL", side: "BUILDER", inBranch: false }];
  const patchAt = new Set(Array.from({ length: versions }, (_, k) => Math.floor((size * (k + 1)) / (versions + 1))));

  const grow = (count: number, rootIndex: number, inBranch: boolean) => {
    const candidates = [rootIndex];
    const counterexamples: number[] = [];
    for (let added = 0; added < count && nodes.length < size; added++) {
      const index = nodes.length;
      let parent: number;
      let kind: Kind;
      if (patchAt.has(index) && counterexamples.length) {
        parent = counterexamples[counterexamples.length - 1]!;
        kind = "PATCH";
      } else {
        const last = candidates[candidates.length - 1]!;
        parent = r() < 0.55 ? last : pick(r, candidates);
        const x = r();
        kind = x < 0.25 ? "COUNTEREXAMPLE" : x < 0.5 ? "REBUTTAL" : x < 0.6 ? "QUESTION" : "COMMENT";
      }
      const p = nodes[parent]!;
      const side: Side =
        kind === "COUNTEREXAMPLE" ? "BREAKER"
        : kind === "PATCH" ? "BUILDER"
        : kind === "REBUTTAL" ? (p.side === "BUILDER" ? "BREAKER" : "BUILDER")
        : pick(r, ["BUILDER", "BREAKER", "OBSERVER"] as const);
      const node: GenNode = { index, parent, depth: p.depth + 1, kind, side, inBranch };
      nodes.push(node);
      if (node.depth < maxDepth) {
        candidates.push(index);
        if (kind === "COUNTEREXAMPLE") counterexamples.push(index);
      }
    }
  };

  if (opts.branchSize && opts.branchSize > 1) {
    nodes.push({ index: 1, parent: 0, depth: 1, kind: "COUNTEREXAMPLE", side: "BREAKER", inBranch: true });
    grow(opts.branchSize - 1, 1, true);
  }
  grow(size - nodes.length, 0, false);
  return nodes;
}

export interface SeededDebate {
  debateId: string;
  rootId: string;
  ownerId: string;
  /** Node ids in creation order (index = GenNode.index). */
  nodeIds: string[];
  nodes: GenNode[];
  /** Set when generateTree was given a branchSize. */
  branchRootId?: string;
  versions: number;
  maxDepth: number;
  users: SeedUser[];
}

/**
 * A public debate with `size` nodes, 40 members (owner, builders, breakers,
 * observers) and a few proposal versions, seeded in a few statements.
 */
export async function seedDebate(
  sql: Sql,
  opts: { size: number; title?: string; branchSize?: number; versions?: number; maxDepth?: number; seed?: number },
): Promise<SeededDebate> {
  const r = rng((opts.seed ?? 7) + 1);
  const tag = shortId();
  const users = await seedUsers(sql, "seed", 40);
  const owner = users[0]!;
  const bySide: Record<Side, SeedUser[]> = { BUILDER: [owner, ...users.slice(1, 15)], BREAKER: users.slice(15, 30), OBSERVER: users.slice(30) };
  const debateId = `bd${tag}`;
  const gen = generateTree(opts.size, { branchSize: opts.branchSize, versions: opts.versions, maxDepth: opts.maxDepth, seed: opts.seed });
  const nodeIds = gen.map((n) => `bn${tag}${n.index.toString(36)}`);
  const rootId = nodeIds[0]!;

  await sql.query(
    `INSERT INTO "Debate" ("id", "title", "context", "visibility", "ownerId", "inviteCode", "updatedAt", "lastMoveAt")
     VALUES ($1, $2, 'Seeded by npm run bench.', 'PUBLIC', $3, $4, timezone('UTC', now()), timezone('UTC', now()))`,
    [debateId, opts.title ?? `Bench debate ${opts.size}`, owner.id, `inv${tag}`],
  );
  await seedMemberships(sql, debateId, [
    { userId: owner.id, side: "BUILDER", role: "OWNER" },
    ...bySide.BUILDER.slice(1).map((u) => ({ userId: u.id, side: "BUILDER" as const, role: "MEMBER" as const })),
    ...bySide.BREAKER.map((u) => ({ userId: u.id, side: "BREAKER" as const, role: "MEMBER" as const })),
    ...bySide.OBSERVER.map((u) => ({ userId: u.id, side: "OBSERVER" as const, role: "MEMBER" as const })),
  ]);

  // Creation times one second apart, ending a minute ago: parents always come first.
  const t0 = Date.now() - 60_000 - gen.length * 1000;
  let version = 1;
  const versions: { nodeIndex: number; number: number; authorId: string; body: string }[] = [];
  const rows = gen.map((n) => {
    const author = n.index === 0 ? owner : pick(r, bySide[n.side]);
    const body = n.index === 0 ? text(r, 300, 400) : text(r, 100, 400);
    let targetVersions = "{}";
    let answers = "{}";
    if (n.kind === "COUNTEREXAMPLE") targetVersions = `{${version}}`;
    if (n.kind === "PATCH") {
      version += 1;
      answers = `{${nodeIds[n.parent]}}`;
      versions.push({ nodeIndex: n.index, number: version, authorId: author.id, body: text(r, 200, 400) });
    }
    if (n.index === 0) versions.push({ nodeIndex: 0, number: 1, authorId: author.id, body });
    const accepted = n.kind === "REBUTTAL" && r() < 0.1;
    const retracted = n.kind !== "PROPOSAL" && r() < 0.02;
    return {
      id: nodeIds[n.index]!,
      parentId: n.parent < 0 ? null : nodeIds[n.parent]!,
      depth: n.depth,
      kind: n.kind,
      side: n.side,
      authorId: author.id,
      title: n.index === 0 || n.kind === "PATCH" || r() < 0.3 ? text(r, 20, 60) : "",
      body,
      targetVersions,
      answers,
      createdAt: sqlTimestamp(new Date(t0 + n.index * 1000)),
      accepted,
      retracted,
    };
  });

  const chunk = 5000;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql.query(
      `INSERT INTO "Node" ("id", "debateId", "parentId", "depth", "kind", "side", "authorId", "title", "body",
         "targetVersions", "answersNodeIds", "createdAt", "updatedAt", "acceptedAt", "retractedAt")
       SELECT id, $1, parent, depth, kind::"NodeKind", side::"Side", author, title, body,
         tv::int[], ans::text[], created::timestamp(3), created::timestamp(3),
         CASE WHEN accepted THEN created::timestamp(3) + interval '1 hour' END,
         CASE WHEN retracted THEN created::timestamp(3) + interval '2 hours' END
       FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::bool[], $14::bool[])
         AS t(id, parent, depth, kind, side, author, title, body, tv, ans, created, accepted, retracted)`,
      [
        debateId,
        part.map((x) => x.id),
        part.map((x) => x.parentId),
        part.map((x) => x.depth),
        part.map((x) => x.kind),
        part.map((x) => x.side),
        part.map((x) => x.authorId),
        part.map((x) => x.title),
        part.map((x) => x.body),
        part.map((x) => x.targetVersions),
        part.map((x) => x.answers),
        part.map((x) => x.createdAt),
        part.map((x) => x.accepted),
        part.map((x) => x.retracted),
      ],
    );
  }
  await sql.query(
    `INSERT INTO "ProposalVersion" ("id", "debateId", "number", "body", "nodeId", "authorId", "createdAt")
     SELECT 'bv' || $2 || t.num, $1, t.num, t.body, t.node, t.author, n."createdAt"
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS t(num, body, node, author)
     JOIN "Node" n ON n."id" = t.node`,
    [debateId, tag, versions.map((v) => v.number), versions.map((v) => v.body), versions.map((v) => nodeIds[v.nodeIndex]), versions.map((v) => v.authorId)],
  );
  await sql.query(`UPDATE "Debate" SET "rootNodeId" = $2, "lastMoveAt" = timezone('UTC', now()) WHERE "id" = $1`, [debateId, rootId]);
  await sql.exec(`ANALYZE "Node"; ANALYZE "User"; ANALYZE "ProposalVersion"; ANALYZE "Membership"`);
  return {
    debateId,
    rootId,
    ownerId: owner.id,
    nodeIds,
    nodes: gen,
    branchRootId: opts.branchSize ? nodeIds[1] : undefined,
    versions: version,
    maxDepth: Math.max(...gen.map((n) => n.depth)),
    users,
  };
}

/** Subtree sizes by node index (the generator's parents always precede children). */
export function subtreeSizes(nodes: readonly GenNode[]): number[] {
  const sizes = nodes.map(() => 1);
  for (let i = nodes.length - 1; i > 0; i--) sizes[nodes[i]!.parent]! += sizes[i]!;
  return sizes;
}

/**
 * Marks `count` branches pruned, as pruneBranch would have (prunedAt, a PRUNE
 * event, some estimates), choosing non-root nodes with subtrees of 2+ nodes.
 */
export async function seedPrunedBranches(sql: Sql, seeded: SeededDebate, count: number, seed = 3): Promise<string[]> {
  const r = rng(seed);
  const sizes = subtreeSizes(seeded.nodes);
  const eligible = seeded.nodes.filter((n) => n.index > 0 && n.kind !== "PATCH" && sizes[n.index]! >= 2).map((n) => n.index);
  const chosen = new Set<number>();
  for (let guard = 0; chosen.size < Math.min(count, eligible.length) && guard < count * 100; guard++) chosen.add(pick(r, eligible));
  const ids = [...chosen].map((i) => seeded.nodeIds[i]!);
  const categories = ["UNPROMISING", "ANSWERED_ELSEWHERE", "OUT_OF_SCOPE", "CONCEDED", "REFUTED"];
  const tag = shortId();
  await sql.query(`UPDATE "Node" SET "prunedAt" = timezone('UTC', now()) - (random() * interval '30 days') WHERE "id" = ANY($1::text[])`, [ids]);
  await sql.query(
    `INSERT INTO "PruneEvent" ("id", "debateId", "nodeId", "actorId", "action", "category", "reason", "promise", "createdAt")
     SELECT 'bp' || $5 || ord, $1, node, $2, 'PRUNE', cat::"PruneCategory", 'Pruned by the bench seed', promise, n."prunedAt"
     FROM unnest($3::text[], $4::text[], $6::int[]) WITH ORDINALITY AS t(node, cat, promise, ord)
     JOIN "Node" n ON n."id" = t.node`,
    [seeded.debateId, seeded.ownerId, ids, ids.map(() => pick(r, categories)), tag, ids.map(() => Math.floor(r() * 101))],
  );
  const estimators = seeded.users.slice(1, 6).map((u) => u.id);
  const estimates = ids.filter(() => r() < 0.5).flatMap((nodeId) => estimators.filter(() => r() < 0.5).map((userId) => ({ nodeId, userId, promise: Math.floor(r() * 101) })));
  if (estimates.length) {
    await sql.query(
      `INSERT INTO "BranchEstimate" ("nodeId", "userId", "promise", "updatedAt")
       SELECT node, u, p, timezone('UTC', now()) FROM unnest($1::text[], $2::text[], $3::int[]) AS t(node, u, p)`,
      [estimates.map((e) => e.nodeId), estimates.map((e) => e.userId), estimates.map((e) => e.promise)],
    );
  }
  await sql.exec(`ANALYZE "Node"; ANALYZE "PruneEvent"`);
  return ids;
}
