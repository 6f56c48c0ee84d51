// The canonical, versioned Builder/Breaker document ("builder-breaker/2").
// Every other format is produced from it (or from a DebateSource with the same
// shapes) and every importer produces one. The zod schema below is the source
// of truth; public/schemas/builder-breaker-2.schema.json is its hand-written
// JSON Schema twin (a test keeps them in agreement). Version 2 added the
// top-level `links` (typed cross-links); a builder-breaker/1 document still
// imports: it is upgraded with no links (upgradeDocument).

import { z } from "zod";
import { FormatError, jsonPath } from "./errors";
import { resolveLimits, type ImportLimits } from "./limits";
import { runSteps, STEP_EVERY, type Steps } from "./steps";
import {
  BROKEN_RULES,
  SEVERITIES,
  EXPERIMENT_STATUSES,
  LINK_TYPES,
  NODE_KINDS,
  OUTCOMES,
  PLAY_MODES,
  PRUNE_ACTIONS,
  PRUNE_CATEGORIES,
  RESOLUTION_ACTIONS,
  RESOLUTION_MODES,
  ROUND_VERDICTS,
  SIDES,
  STUCK_AFTER_DAYS,
  VISIBILITIES,
} from "@/lib/domain/vocabulary";
import { isEntry } from "@/lib/domain/rounds/round";

export const FORMAT_ID = "builder-breaker/2" as const;
/** The previous format: the same document without `links`. */
export const FORMAT_ID_V1 = "builder-breaker/1" as const;

// The enum lists are the app's vocabulary (one copy: lib/domain/vocabulary.ts); re-exported as the
// formats' public API.
export {
  NODE_KINDS,
  SIDES,
  RESOLUTION_MODES,
  OUTCOMES,
  VISIBILITIES,
  PLAY_MODES,
  PRUNE_ACTIONS,
  PRUNE_CATEGORIES,
  EXPERIMENT_STATUSES,
  RESOLUTION_ACTIONS,
  LINK_TYPES,
};
/** debate.stuckAfterDays: the app's bounds, and what an absent value means (the default), so exports leave the default out. */
export const STUCK_AFTER_DAYS_MIN = STUCK_AFTER_DAYS.min;
export const STUCK_AFTER_DAYS_MAX = STUCK_AFTER_DAYS.max;
export const STUCK_AFTER_DAYS_DEFAULT = STUCK_AFTER_DAYS.default;

/** UTC instants as produced by Date#toISOString (fractional seconds optional). */
export const ISO_UTC_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$";
const isoRegex = new RegExp(ISO_UTC_PATTERN);

const Timestamp = z
  .string()
  .regex(isoRegex, "expected an ISO-8601 UTC timestamp such as 2025-01-31T12:00:00.000Z")
  .refine((s) => !Number.isNaN(Date.parse(s)), "expected a real calendar instant");
const NullableTimestamp = Timestamp.nullable();
const Ref = z.string().min(1).max(200);
const Text = z.string(); // any Unicode; rendering escapes it, never this schema

export const LinkSchema = z.strictObject({ url: z.string(), title: z.string() });

export const ParticipantSchema = z.strictObject({
  ref: Ref,
  displayName: Text,
  side: z.enum(SIDES),
});

export const VersionSchema = z.strictObject({
  number: z.number().int().min(1),
  body: Text,
  nodeRef: Ref,
  authorRef: Ref,
  createdAt: Timestamp,
});

export const QuoteSchema = z.strictObject({
  text: Text,
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

export const RevisionSchema = z.strictObject({
  revision: z.number().int().min(1),
  editorRef: Ref,
  title: Text,
  body: Text,
  createdAt: Timestamp,
});

export const PruneEventSchema = z.strictObject({
  action: z.enum(PRUNE_ACTIONS),
  category: z.enum(PRUNE_CATEGORIES).nullable(),
  reason: Text,
  promise: z.number().int().min(0).max(100).nullable(),
  duplicateOfRef: Ref.nullable(),
  actorRef: Ref,
  createdAt: Timestamp,
});

export const ExperimentSchema = z.strictObject({
  question: Text,
  method: Text,
  supportIf: Text,
  refuteIf: Text,
  ownerRef: Ref.nullable(),
  status: z.enum(EXPERIMENT_STATUSES),
  links: z.array(LinkSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PredictionSchema = z.strictObject({
  userRef: Ref,
  side: z.enum(SIDES),
  /** Probability that the claim resolves SUPPORTED, 0..1. */
  probability: z.number().min(0).max(1),
  createdAt: Timestamp,
});

export const ResolutionSchema = z.strictObject({
  action: z.enum(RESOLUTION_ACTIONS),
  outcome: z.enum(OUTCOMES).nullable(),
  summary: Text,
  evidence: z.array(LinkSchema),
  actorRef: Ref,
  createdAt: Timestamp,
});

export const CruxSchema = z.strictObject({
  userRef: Ref,
  side: z.enum(SIDES),
  createdAt: Timestamp,
});

/** A participant's plausibility (0–100) and severity estimate of a counterexample; every one is kept. */
export const PlausibilityEstimateSchema = z.strictObject({
  userRef: Ref,
  side: z.enum(SIDES),
  plausibility: z.number().int().min(0).max(100),
  severity: z.enum(SEVERITIES),
  createdAt: Timestamp,
});

/** A named family of counterexamples; nodes point to it with classRef. */
export const CounterexampleClassSchema = z.strictObject({
  ref: Ref,
  name: Text,
  description: Text,
  createdByRef: Ref,
  createdAt: Timestamp,
});

export const NodeSchema = z.strictObject({
  ref: Ref,
  parentRef: Ref.nullable(),
  kind: z.enum(NODE_KINDS),
  side: z.enum(SIDES),
  authorRef: Ref,
  title: Text,
  body: Text,
  quote: QuoteSchema.nullable(),
  targetVersions: z.array(z.number().int().min(1)),
  answersRefs: z.array(Ref),
  retractedAt: NullableTimestamp,
  prunedAt: NullableTimestamp,
  acceptedAt: NullableTimestamp,
  acceptedByRef: Ref.nullable(),
  resolutionMode: z.enum(RESOLUTION_MODES),
  outcome: z.enum(OUTCOMES).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  revisions: z.array(RevisionSchema),
  pruneEvents: z.array(PruneEventSchema),
  experiment: ExperimentSchema.nullable(),
  predictions: z.array(PredictionSchema),
  resolutions: z.array(ResolutionSchema),
  cruxes: z.array(CruxSchema),
  // Counterexample classes and weights (#14): absent when empty, so older documents are unchanged.
  /** A counterexample's class (at most one). */
  classRef: Ref.optional(),
  /** A patch: the classes it answers as a whole. */
  answersClassRefs: z.array(Ref).optional(),
  plausibilityEstimates: z.array(PlausibilityEstimateSchema).optional(),
});

/** A typed cross-link between two nodes of the debate, besides the parent edge. */
export const NodeLinkSchema = z.strictObject({
  fromRef: Ref,
  toRef: Ref,
  type: z.enum(LINK_TYPES),
  authorRef: Ref,
  createdAt: Timestamp,
});

export const DebateMetaSchema = z.strictObject({
  title: Text,
  context: Text,
  links: z.array(LinkSchema),
  visibility: z.enum(VISIBILITIES),
  playMode: z.enum(PLAY_MODES),
  /** Days without a move before the debate counts as stuck; absent means STUCK_AFTER_DAYS_DEFAULT (and older exports lack it). */
  stuckAfterDays: z.number().int().min(STUCK_AFTER_DAYS_MIN).max(STUCK_AFTER_DAYS_MAX).optional(),
  /** What marks a version broken (lib/domain/debate/standing.ts); absent means ANY_LIVE with threshold 50. */
  brokenRule: z.enum(BROKEN_RULES).optional(),
  brokenThreshold: z.number().int().min(0).max(100).optional(),
  createdAt: Timestamp,
});

const Credence = z.number().min(0).max(1);

/**
 * Optional: one claim's crux ledger (lib/domain/cruxes/ledger.ts). The history of
 * conditional credences (in the claim's parent), the follow-ups after the claim was
 * settled, and the figures computed from them as of the export. The JSON import writes the
 * estimates and follow-ups back (authors mapped like every row); the figures are recomputed.
 */
export const CruxLedgerSchema = z.strictObject({
  nodeRef: Ref,
  estimates: z.array(z.strictObject({ userRef: Ref, side: z.enum(SIDES), credence: Credence, ifTrue: Credence, ifFalse: Credence, createdAt: Timestamp })),
  followUps: z.array(z.strictObject({ userRef: Ref, claimTrue: z.boolean(), credence: Credence, confirmed: z.boolean(), createdAt: Timestamp })),
  figures: z.strictObject({
    doubleCrux: z.boolean(),
    expectedBeliefChange: z.number(),
    verdict: z.strictObject({ claimTrue: z.boolean(), via: z.enum(["empirical", "conceded"]), at: Timestamp }).nullable(),
    outcome: z.enum(["unresolved", "awaiting", "moved", "moved-nobody"]),
    people: z.array(
      z.strictObject({
        userRef: Ref,
        stake: z.number(),
        expectedMove: z.number(),
        precommittedUpdate: z.number().nullable(),
        actualUpdate: z.number().nullable(),
        confirmed: z.boolean().nullable(),
      }),
    ),
  }),
});

/** Optional: a participant's summary of the debate, its endorsements and whether it is pinned. */
export const SummarySchema = z.strictObject({
  authorRef: Ref,
  versionNumber: z.number().int().min(1).nullable(),
  body: Text,
  revision: z.number().int().min(1),
  endorsed: z.boolean(),
  pinned: z.boolean(),
  endorsements: z.array(z.strictObject({ userRef: Ref, side: z.enum(SIDES), createdAt: Timestamp })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/**
 * Optional: a judged round (docs/decisions/013-judged-rounds.md). Its entries are the patches and
 * counterexamples created while it was open (openedAt ≤ createdAt < deadline); `entryRefs` lists
 * them for readers and must agree with the node times. Judges record one verdict per patch entry.
 */
export const RoundSchema = z.strictObject({
  number: z.number().int().min(1),
  title: Text,
  rubric: Text,
  openedByRef: Ref,
  openedAt: Timestamp,
  deadline: Timestamp,
  /** Set when the owner finalised the results; null while judging (or open). */
  finalisedAt: NullableTimestamp,
  judgeRefs: z.array(Ref),
  entryRefs: z.array(Ref),
  verdicts: z.array(
    z.strictObject({ nodeRef: Ref, judgeRef: Ref, verdict: z.enum(ROUND_VERDICTS), reason: Text, createdAt: Timestamp, updatedAt: Timestamp }),
  ),
});

export const DebateDocumentSchema = z.strictObject({
  format: z.literal(FORMAT_ID),
  exportedAt: Timestamp,
  debate: DebateMetaSchema,
  participants: z.array(ParticipantSchema),
  versions: z.array(VersionSchema),
  links: z.array(NodeLinkSchema),
  /** Counterexample classes (absent: none). */
  classes: z.array(CounterexampleClassSchema).optional(),
  /** Absent when nobody recorded conditionals (and in documents written before it existed). */
  cruxLedger: z.array(CruxLedgerSchema).optional(),
  /** Absent when the debate has no summary. */
  summaries: z.array(SummarySchema).optional(),
  /** Absent when the debate has no judged round (and in branch exports). */
  rounds: z.array(RoundSchema).optional(),
  nodes: z.array(NodeSchema),
});

export type { LinkType, NodeKind, Outcome, ResolutionMode, Side } from "@/lib/domain/vocabulary";
export type NodeLinkRecord = z.infer<typeof NodeLinkSchema>;
export type Link = z.infer<typeof LinkSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;
export type ProposalVersionRecord = z.infer<typeof VersionSchema>;
export type DebateMeta = z.infer<typeof DebateMetaSchema>;
export type NodeRecord = z.infer<typeof NodeSchema>;
export type DebateDocument = z.infer<typeof DebateDocumentSchema>;
export type CounterexampleClassRecord = z.infer<typeof CounterexampleClassSchema>;
export type CruxLedgerRecord = z.infer<typeof CruxLedgerSchema>;
export type SummaryRecord = z.infer<typeof SummarySchema>;
export type RoundRecord = z.infer<typeof RoundSchema>;

/**
 * Validates an already-parsed value: shape (zod) first, then referential
 * integrity. Throws FormatError naming the JSON path of the first problem.
 */
export function validateDocument(value: unknown, limits?: Partial<ImportLimits>): DebateDocument {
  const doc = validateShape(value, limits);
  const problem = findIntegrityProblem(doc, resolveLimits(limits).maxDepth);
  if (problem) throw problem;
  return doc;
}

/** The shape half of validateDocument (node count, then zod); no referential checks. */
export function validateShape(value: unknown, limits?: Partial<ImportLimits>): DebateDocument {
  return runSteps(validateShapeSteps(value, limits));
}

/**
 * validateShape in pausable steps: the document without its nodes first, then
 * the nodes one by one. The first problem reported is the one zod reports for
 * the whole document (it checks keys in schema order, `nodes` last, and
 * unknown keys after all of them).
 */
export function* validateShapeSteps(input: unknown, limits?: Partial<ImportLimits>): Steps<DebateDocument> {
  const { maxNodes } = resolveLimits(limits);
  const value = upgradeDocument(input);
  // Cheap count check before zod walks 100k objects.
  const rawNodes = (value as { nodes?: unknown } | null)?.nodes;
  if (Array.isArray(rawNodes) && rawNodes.length > maxNodes) {
    throw new FormatError("TOO_MANY_NODES", `${rawNodes.length} nodes exceed the limit`, { path: "$.nodes" }, `at most ${maxNodes} nodes`);
  }
  const shapeError = (issue: z.core.$ZodIssue, prefix: PropertyKey[] = []) =>
    new FormatError("SCHEMA", issue.message, { path: jsonPath([...prefix, ...issue.path]) }, FORMAT_ID + " document");
  if (!Array.isArray(rawNodes) || rawNodes.length <= STEP_EVERY || typeof value !== "object" || value === null) {
    const parsed = DebateDocumentSchema.safeParse(value);
    if (!parsed.success) throw shapeError(parsed.error.issues[0]!);
    return parsed.data;
  }
  const head = DebateDocumentSchema.safeParse({ ...value, nodes: [] });
  const headIssues = head.success ? [] : head.error.issues;
  const before = headIssues.find((issue) => issue.code !== "unrecognized_keys");
  if (before) throw shapeError(before);
  yield;
  const nodes: NodeRecord[] = new Array(rawNodes.length);
  for (let i = 0; i < rawNodes.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const parsed = NodeSchema.safeParse(rawNodes[i]);
    if (!parsed.success) throw shapeError(parsed.error.issues[0]!, ["nodes", i]);
    nodes[i] = parsed.data;
  }
  if (headIssues[0]) throw shapeError(headIssues[0]);
  return { ...head.data!, nodes };
}

/**
 * A builder-breaker/1 document becomes a builder-breaker/2 one with no links (v1 had none); anything
 * else is returned as it is. A v1 document that carries `links` is not v1: it is left for zod to refuse.
 */
export function upgradeDocument(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (v.format !== FORMAT_ID_V1 || Object.hasOwn(v, "links")) return value;
  // Keys in v2 order (links before nodes), so zod reports problems where a v2 document would.
  const { nodes, ...rest } = v;
  return { ...rest, format: FORMAT_ID, links: [], ...(Object.hasOwn(v, "nodes") ? { nodes } : {}) };
}

/** Returns the first referential-integrity problem of a shape-valid document, or null. */
export function findIntegrityProblem(doc: DebateDocument, maxDepth = Infinity): FormatError | null {
  return runSteps(findIntegrityProblemSteps(doc, maxDepth));
}

/** findIntegrityProblem in pausable steps. */
export function* findIntegrityProblemSteps(doc: DebateDocument, maxDepth = Infinity): Steps<FormatError | null> {
  const fail = (path: string, message: string, expected?: string) =>
    new FormatError("INTEGRITY", message, { path }, expected);

  const people = new Set<string>();
  for (const [i, p] of doc.participants.entries()) {
    if (people.has(p.ref)) return fail(`$.participants[${i}].ref`, `duplicate participant ref ${JSON.stringify(p.ref)}`, "unique refs");
    people.add(p.ref);
  }
  const person = (ref: string | null, path: string) =>
    ref === null || people.has(ref) ? null : fail(path, `unknown participant ${JSON.stringify(ref)}`, "a ref listed in $.participants");

  const indexByRef = new Map<string, number>();
  for (const [i, n] of doc.nodes.entries()) {
    if (i % STEP_EVERY === 0) yield;
    if (indexByRef.has(n.ref)) return fail(`$.nodes[${i}].ref`, `duplicate node ref ${JSON.stringify(n.ref)}`, "unique refs");
    indexByRef.set(n.ref, i);
  }
  const node = (ref: string | null, path: string) =>
    ref === null || indexByRef.has(ref) ? null : fail(path, `unknown node ${JSON.stringify(ref)}`, "a ref listed in $.nodes");

  const classRefs = new Set<string>();
  for (const [i, c] of (doc.classes ?? []).entries()) {
    if (classRefs.has(c.ref)) return fail(`$.classes[${i}].ref`, `duplicate class ref ${JSON.stringify(c.ref)}`, "unique refs");
    classRefs.add(c.ref);
    const problem = person(c.createdByRef, `$.classes[${i}].createdByRef`);
    if (problem) return problem;
  }
  const klass = (ref: string, path: string) => (classRefs.has(ref) ? null : fail(path, `unknown class ${JSON.stringify(ref)}`, "a ref listed in $.classes"));

  let rootIndex = -1;
  for (const [i, n] of doc.nodes.entries()) {
    if (i % STEP_EVERY === 0) yield;
    const at = `$.nodes[${i}]`;
    if (n.parentRef === null) {
      if (rootIndex !== -1) return fail(`${at}.parentRef`, `second root node (first is $.nodes[${rootIndex}])`, "exactly one node with parentRef null");
      if (n.kind !== "PROPOSAL") return fail(`${at}.kind`, `root node is a ${n.kind}`, "the root to be a PROPOSAL");
      rootIndex = i;
    } else if (n.parentRef === n.ref) {
      return fail(`${at}.parentRef`, "node is its own parent", "a different node");
    }
    const problem =
      node(n.parentRef, `${at}.parentRef`) ??
      person(n.authorRef, `${at}.authorRef`) ??
      person(n.acceptedByRef, `${at}.acceptedByRef`) ??
      n.answersRefs.map((r, j) => node(r, `${at}.answersRefs[${j}]`)).find(Boolean) ??
      n.revisions.map((r, j) => person(r.editorRef, `${at}.revisions[${j}].editorRef`)).find(Boolean) ??
      n.pruneEvents
        .map((e, j) => person(e.actorRef, `${at}.pruneEvents[${j}].actorRef`) ?? node(e.duplicateOfRef, `${at}.pruneEvents[${j}].duplicateOfRef`))
        .find(Boolean) ??
      (n.experiment ? person(n.experiment.ownerRef, `${at}.experiment.ownerRef`) : null) ??
      n.predictions.map((p, j) => person(p.userRef, `${at}.predictions[${j}].userRef`)).find(Boolean) ??
      n.resolutions.map((r, j) => person(r.actorRef, `${at}.resolutions[${j}].actorRef`)).find(Boolean) ??
      n.cruxes.map((c, j) => person(c.userRef, `${at}.cruxes[${j}].userRef`)).find(Boolean) ??
      (n.classRef !== undefined
        ? (n.kind !== "COUNTEREXAMPLE" ? fail(`${at}.classRef`, `a ${n.kind} is in a class`, "only counterexamples in classes") : klass(n.classRef, `${at}.classRef`))
        : null) ??
      (n.answersClassRefs ?? []).map((r, j) => klass(r, `${at}.answersClassRefs[${j}]`)).find(Boolean) ??
      (n.plausibilityEstimates ?? []).map((e, j) => person(e.userRef, `${at}.plausibilityEstimates[${j}].userRef`)).find(Boolean) ??
      (n.quote && n.quote.end < n.quote.start ? fail(`${at}.quote.end`, "quote ends before it starts", "end >= start") : null);
    if (problem) return problem;
  }
  if (doc.nodes.length > 0 && rootIndex === -1) return fail("$.nodes", "no root node", "exactly one node with parentRef null");
  if (doc.nodes.length === 0) return fail("$.nodes", "the document has no nodes", "at least the root PROPOSAL");

  const versionNumbers = new Set<number>();
  for (const [i, v] of doc.versions.entries()) {
    if (versionNumbers.has(v.number)) return fail(`$.versions[${i}].number`, `duplicate version number ${v.number}`, "unique numbers");
    versionNumbers.add(v.number);
    const problem = node(v.nodeRef, `$.versions[${i}].nodeRef`) ?? person(v.authorRef, `$.versions[${i}].authorRef`);
    if (problem) return problem;
  }

  const linkKeys = new Set<string>();
  for (const [i, l] of doc.links.entries()) {
    if (i % STEP_EVERY === 0) yield;
    const at = `$.links[${i}]`;
    const problem = node(l.fromRef, `${at}.fromRef`) ?? node(l.toRef, `${at}.toRef`) ?? person(l.authorRef, `${at}.authorRef`);
    if (problem) return problem;
    if (l.fromRef === l.toRef) return fail(`${at}.toRef`, "node links to itself", "two different nodes");
    const key = JSON.stringify([l.fromRef, l.toRef, l.type]);
    if (linkKeys.has(key)) return fail(at, `duplicate ${l.type} link from ${JSON.stringify(l.fromRef)} to ${JSON.stringify(l.toRef)}`, "each (fromRef, toRef, type) once");
    linkKeys.add(key);
  }

  const sectionProblem = findSectionProblem(doc, { person, node, versionNumbers, fail });
  if (sectionProblem) return sectionProblem;

  // Depth of every node by walking parent links with memoisation (iterative,
  // so a 100k-long chain cannot overflow the stack). A walk that revisits a
  // node of its own path is a cycle: those nodes cannot reach the root.
  const depth = new Int32Array(doc.nodes.length).fill(-1);
  const onPath = new Uint8Array(doc.nodes.length);
  depth[rootIndex] = 0;
  const path: number[] = [];
  for (let start = 0; start < doc.nodes.length; start++) {
    if (start % STEP_EVERY === 0) yield;
    let i = start;
    while (depth[i]! < 0) {
      if (onPath[i]) return fail(`$.nodes[${i}].parentRef`, "the parent links form a cycle", "a tree rooted at the PROPOSAL");
      onPath[i] = 1;
      path.push(i);
      i = indexByRef.get(doc.nodes[i]!.parentRef!)!;
    }
    let d = depth[i]!;
    while (path.length) {
      const j = path.pop()!;
      onPath[j] = 0;
      depth[j] = ++d;
      if (d > maxDepth) {
        throw new FormatError("TOO_DEEP", `node ${JSON.stringify(doc.nodes[j]!.ref)} is at depth ${d}`, { path: `$.nodes[${j}]` }, `depth at most ${maxDepth}`);
      }
    }
  }
  return null;
}

/** Referential problems of the optional crux-ledger, summaries and rounds sections. */
function findSectionProblem(
  doc: DebateDocument,
  check: {
    person: (ref: string | null, path: string) => FormatError | null;
    node: (ref: string | null, path: string) => FormatError | null;
    versionNumbers: ReadonlySet<number>;
    fail: (path: string, message: string, expected?: string) => FormatError;
  },
): FormatError | null {
  if (!doc.cruxLedger?.length && !doc.summaries?.length && !doc.rounds?.length) return null;
  const { person, node, fail } = check;
  const byRef = new Map(doc.nodes.map((n) => [n.ref, n]));
  const claims = new Set<string>();
  for (const [i, c] of (doc.cruxLedger ?? []).entries()) {
    const at = `$.cruxLedger[${i}]`;
    const problem =
      node(c.nodeRef, `${at}.nodeRef`) ??
      (byRef.get(c.nodeRef)?.parentRef === null ? fail(`${at}.nodeRef`, "the proposal has no parent to hold a credence in", "a claim below the proposal") : null) ??
      (claims.has(c.nodeRef) ? fail(`${at}.nodeRef`, `a second ledger for node ${JSON.stringify(c.nodeRef)}`, "one ledger per claim") : null) ??
      c.estimates.map((e, j) => person(e.userRef, `${at}.estimates[${j}].userRef`)).find(Boolean) ??
      c.followUps.map((f, j) => person(f.userRef, `${at}.followUps[${j}].userRef`)).find(Boolean) ??
      c.figures.people.map((p, j) => person(p.userRef, `${at}.figures.people[${j}].userRef`)).find(Boolean);
    if (problem) return problem;
    claims.add(c.nodeRef);
  }
  for (const [i, s] of (doc.summaries ?? []).entries()) {
    const at = `$.summaries[${i}]`;
    const endorsers = new Set<string>();
    const problem =
      person(s.authorRef, `${at}.authorRef`) ??
      (s.versionNumber !== null && !check.versionNumbers.has(s.versionNumber) ? fail(`${at}.versionNumber`, `no proposal version ${s.versionNumber}`, "a number listed in $.versions") : null) ??
      s.endorsements
        .map((e, j) => person(e.userRef, `${at}.endorsements[${j}].userRef`) ?? (endorsers.has(e.userRef) ? fail(`${at}.endorsements[${j}].userRef`, "a second endorsement by the same participant", "one endorsement per participant") : (endorsers.add(e.userRef), null)))
        .find(Boolean);
    if (problem) return problem;
  }
  const numbers = new Set<number>();
  for (const [i, r] of (doc.rounds ?? []).entries()) {
    const at = `$.rounds[${i}]`;
    if (numbers.has(r.number)) return fail(`${at}.number`, `duplicate round number ${r.number}`, "unique numbers");
    numbers.add(r.number);
    const times = { openedAt: new Date(r.openedAt), deadline: new Date(r.deadline) };
    if (times.deadline <= times.openedAt) return fail(`${at}.deadline`, "the deadline is not after the opening", "deadline > openedAt");
    const judges = new Set(r.judgeRefs);
    const problem = person(r.openedByRef, `${at}.openedByRef`) ?? r.judgeRefs.map((j, k) => person(j, `${at}.judgeRefs[${k}]`)).find(Boolean) ?? r.entryRefs.map((e, k) => node(e, `${at}.entryRefs[${k}]`)).find(Boolean);
    if (problem) return problem;
    // The entries are what the node times say; a list that disagrees would not survive an import.
    const entryOf = (ref: string) => {
      const n = byRef.get(ref)!;
      return isEntry({ ...times, number: r.number, finalisedAt: null }, { kind: n.kind, createdAt: new Date(n.createdAt) });
    };
    const listed = new Set(r.entryRefs);
    const wrong = r.entryRefs.findIndex((ref) => !entryOf(ref));
    if (wrong >= 0) return fail(`${at}.entryRefs[${wrong}]`, "not a patch or counterexample created while the round was open", "the round's entries by node time");
    const missing = doc.nodes.findIndex((n) => !listed.has(n.ref) && entryOf(n.ref));
    if (missing >= 0) return fail(`${at}.entryRefs`, `node ${JSON.stringify(doc.nodes[missing]!.ref)} was created while the round was open but is not listed`, "every entry by node time");
    const pairs = new Set<string>();
    for (const [k, v] of r.verdicts.entries()) {
      const vat = `${at}.verdicts[${k}]`;
      const entry = byRef.get(v.nodeRef);
      const bad =
        (!listed.has(v.nodeRef) || entry?.kind !== "PATCH" ? fail(`${vat}.nodeRef`, "a verdict on something that is not a patch entered in the round", "a PATCH in entryRefs") : null) ??
        (!judges.has(v.judgeRef) ? fail(`${vat}.judgeRef`, "a verdict by someone who is not a judge of the round", "a ref listed in judgeRefs") : null) ??
        (entry?.authorRef === v.judgeRef ? fail(`${vat}.judgeRef`, "a judge's verdict on their own patch", "judges who did not write the patch") : null) ??
        (pairs.has(`${v.nodeRef}\u0000${v.judgeRef}`) ? fail(vat, "a second verdict by the same judge on the same patch", "one verdict per judge and patch") : null);
      if (bad) return bad;
      pairs.add(`${v.nodeRef}\u0000${v.judgeRef}`);
    }
  }
  return null;
}
