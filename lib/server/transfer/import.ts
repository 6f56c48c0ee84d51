// Importing a document as a NEW debate owned by the importer.
//
// Written in bounded batches into a debate nobody sees until one short transaction
// publishes it (importDebate), so a 100,000-node file never holds the embedded
// database's single writer for long, and a failure leaves nothing behind. Every id is new; document refs only link rows
// of this one import together, so an import can never reach (or grant access
// to) an existing user, debate or node. Each document participant becomes a new
// password-less "ghost" user (`imported-<random>`, no e-mail, no OAuth account,
// no token) that nobody can sign in as.

import "server-only";

import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/domain/actor";
import { enforce, rateRules, UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { db, dbMode, type Tx } from "@/lib/server/db/client";
import { newId } from "@/lib/server/db/ids";
import { newInviteCode } from "@/lib/server/debate/debates";
import { safeUrlSchema } from "@/lib/domain/debate/validation";
import { AppError } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { log } from "@/lib/server/log";
import { dbTrace } from "@/lib/server/db/trace";
import { deleteDeepestUnpublishedNodes, deleteUnpublishedDebateAndParticipants, insertRows, unpublishedDebatesBefore } from "@/lib/server/queries/imports";
import {
  FormatError,
  isImportFormat,
  IMPORT_FORMATS,
  orderDepthFirst,
  parseImportSliced,
  ImportReport,
  type DebateDocument,
  type ImportFormat,
  type Link,
  type NodeRecord,
} from "@/lib/formats";
import type { Visibility } from "@/lib/domain/vocabulary";
import { STUCK_AFTER_DAYS_DEFAULT } from "@/lib/formats/document";

import { IMPORT_MAX_BYTES, IMPORT_MAX_MB } from "@/lib/formats/limits";

export { IMPORT_MAX_BYTES, IMPORT_MAX_MB };
const INT4_MAX = 2_147_483_647;
const DISPLAY_NAME_MAX = 80;

export interface ImportOptions {
  /** PRIVATE unless asked otherwise (the document's own visibility is not trusted). */
  visibility?: Visibility;
  now?: Date;
  /** The client address (clientIp) for the per-IP import limit; absent or UNKNOWN_CLIENT: per user only. */
  ip?: string;
  /** importDebateText counts every attempt against the import limits; only the operator's `npm run import` passes false. */
  rateLimit?: boolean;
  /** Called between batches (outside any transaction) with the rows written so far: progress, and tests. */
  afterBatch?: (written: number) => void | Promise<void>;
}

export interface ImportResult {
  id: string;
  rootNodeId: string;
  nodes: number;
  participants: number;
  /** What had no exact place in a debate, one plain sentence each ("12 relations kept as cross-links"); empty when everything fit. */
  report: string[];
}

/**
 * Parses `text` (format given or detected) and imports it. FormatError becomes a 422 (413 when too large) with its position.
 * Every attempt, good file or bad, counts against the import limits first (RATE_LIMITED, 429 with Retry-After).
 */
export async function importDebateText(actor: Actor, text: string, format: ImportFormat | undefined, options: ImportOptions & { jsonBody?: boolean } = {}): Promise<ImportResult> {
  if (options.rateLimit !== false) await enforceImportLimits(actor, options.ip);
  const report = new ImportReport();
  const document = await parseImportText(text, format ?? (options.jsonBody ? detectJsonFormat(text) : undefined), report);
  return { ...(await importDebate(actor, document, options)), report: report.lines() };
}

/**
 * Parses an upload (format given or detected) in slices of at most PARSE_SLICE_MS of CPU, so other
 * requests are answered while a 20 MB file is read. FormatError becomes an AppError (422/413).
 */
export async function parseImportText(text: string, format: ImportFormat | undefined, report?: ImportReport): Promise<DebateDocument> {
  const chosen = format ?? detectImportFormat(text);
  try {
    return await parseImportSliced(text, chosen, { sliceMs: PARSE_SLICE_MS, pause: nextMacrotask, report });
  } catch (error) {
    throw error instanceof FormatError ? formatErrorToAppError(error) : error;
  }
}

const PARSE_SLICE_MS = 10;
// setImmediate runs after pending I/O callbacks: waiting requests get their turn between slices.
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counts one import by `actor`, and by the client address when it is known (UNKNOWN_CLIENT is
 * everyone whose address the server could not see: a shared bucket would let a few users block
 * imports for all, so it is not counted), before any parsing. Throws RATE_LIMITED over either limit.
 */
async function enforceImportLimits(actor: Pick<Actor, "id">, ip?: string): Promise<void> {
  await Promise.all([
    enforce(rateRules.importsPerUser, actor.id),
    ip && ip !== UNKNOWN_CLIENT ? enforce(rateRules.importsPerIp, ip) : undefined,
  ]);
}

/** json when the text starts with `{`, kialo when it starts with a Kialo header (`Discussion Title:`, `Discussion Name:`, `Thesis:`) or claim `1.`, else argdown. */
export function detectImportFormat(text: string): ImportFormat {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("{")) return detectJsonFormat(head);
  if (/^(Discussion Title|Discussion Name|Thesis):/i.test(head) || /^1\.[ \t]/.test(head)) return "kialo";
  return "argdown";
}

/** The format a file name suggests (`.json`, `.argdown`/`.ad`, `.txt` = Kialo), or undefined. */
export function formatFromFileName(name: string): ImportFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".aif.json") || lower.endsWith(".aif")) return "aif";
  if (lower.endsWith(".json")) return undefined; // our document or AIF: told apart by the text
  if (lower.endsWith(".argdown") || lower.endsWith(".ad") || lower.endsWith(".md")) return "argdown";
  if (lower.endsWith(".txt")) return "kialo";
  return undefined;
}

/** A JSON body: AIF when it opens with AIF's arrays (nodes, edges, locutions, participants), else our document. A pasted thread is never guessed: it is asked for. */
function detectJsonFormat(text: string): ImportFormat {
  return /^\s*\{\s*"(nodes|edges|locutions|participants|AIF)"\s*:/.test(text.replace(/^\uFEFF/, "")) ? "aif" : "json";
}

export function parseImportFormat(value: string | undefined): ImportFormat | undefined {
  if (value === undefined || value === "" || value === "auto") return undefined;
  if (!isImportFormat(value)) throw new AppError("VALIDATION", `Unknown import format ${JSON.stringify(value)}; use ${IMPORT_FORMATS.join(", ")}`);
  return value;
}

function formatErrorToAppError(error: FormatError): AppError {
  const details = {
    code: error.code,
    line: error.location.line ?? null,
    column: error.location.column ?? null,
    path: error.location.path ?? null,
    expected: error.expected ?? null,
  };
  if (error.code === "TOO_LARGE") {
    // Over the upload limit, or over a format's own smaller limit (third-party Argdown), which the error names.
    const overUploadLimit = /input is/.test(error.message);
    return new AppError("PAYLOAD_TOO_LARGE", overUploadLimit ? `The file is larger than the ${IMPORT_MAX_MB} MB import limit` : error.message, { details, cause: error });
  }
  return new AppError("VALIDATION", error.message, { details, cause: error });
}

const date = (iso: string) => new Date(iso);
const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

/** Only http(s) and mailto links survive an import (the app renders them as links). */
/** Links an imported file carries, kept only where the app itself would accept them (safeUrlSchema: http(s)). */
function linksToDb(links: readonly Link[]): { label: string; url: string }[] {
  return links.filter((l) => safeUrlSchema.safeParse(l.url).success).map((l) => ({ label: l.title, url: l.url }));
}

/**
 * Checks what the database would refuse but the document format allows, so a
 * bad file is a positioned 422 and never a failed transaction: NUL characters
 * (PostgreSQL text cannot hold them), integers beyond int4, duplicate version
 * nodes, revision numbers or crux marks.
 */
function findStorageProblem(doc: DebateDocument): FormatError | null {
  const fail = (path: string, message: string, expected: string) => new FormatError("INTEGRITY", message, { path }, expected);
  const nul = findNul(doc, "$");
  if (nul) return new FormatError("SCHEMA", "text contains a NUL character", { path: nul }, "text without U+0000");
  const big = (n: number) => n > INT4_MAX;
  const versionNodes = new Set<string>();
  for (const [i, v] of doc.versions.entries()) {
    if (big(v.number)) return fail(`$.versions[${i}].number`, "version number too large", `at most ${INT4_MAX}`);
    if (versionNodes.has(v.nodeRef)) return fail(`$.versions[${i}].nodeRef`, "a second version for the same node", "one version per node");
    versionNodes.add(v.nodeRef);
  }
  for (const [i, n] of doc.nodes.entries()) {
    const at = `$.nodes[${i}]`;
    if (n.quote && (big(n.quote.start) || big(n.quote.end))) return fail(`${at}.quote`, "quote offset too large", `at most ${INT4_MAX}`);
    const t = n.targetVersions.findIndex(big);
    if (t >= 0) return fail(`${at}.targetVersions[${t}]`, "version number too large", `at most ${INT4_MAX}`);
    const revisions = new Set<number>();
    for (const [j, r] of n.revisions.entries()) {
      if (big(r.revision)) return fail(`${at}.revisions[${j}].revision`, "revision number too large", `at most ${INT4_MAX}`);
      if (revisions.has(r.revision)) return fail(`${at}.revisions[${j}].revision`, `duplicate revision ${r.revision}`, "unique revision numbers per node");
      revisions.add(r.revision);
    }
    const cruxUsers = new Set<string>();
    for (const [j, c] of n.cruxes.entries()) {
      if (cruxUsers.has(c.userRef)) return fail(`${at}.cruxes[${j}].userRef`, "a second crux mark by the same participant", "one crux mark per participant and node");
      cruxUsers.add(c.userRef);
    }
  }
  for (const [i, sm] of (doc.summaries ?? []).entries()) {
    if (big(sm.revision)) return fail(`$.summaries[${i}].revision`, "revision number too large", `at most ${INT4_MAX}`);
    if (sm.versionNumber !== null && big(sm.versionNumber)) return fail(`$.summaries[${i}].versionNumber`, "version number too large", `at most ${INT4_MAX}`);
  }
  for (const [i, r] of (doc.rounds ?? []).entries()) {
    if (big(r.number)) return fail(`$.rounds[${i}].number`, "round number too large", `at most ${INT4_MAX}`);
  }
  return null;
}

function findNul(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Writes a validated document as a new debate owned by `actor`. All or nothing for the user,
 * but not one long transaction: the rows go in bounded batches (ImportBatches) into a debate
 * that nobody can see (importingSince set, PRIVATE, no real member), so other users' writes
 * get the single embedded writer between batches; one short transaction then publishes it.
 * A failure removes what was written (removeUnpublishedImport); a crash leaves debris that
 * sweepImportDebris removes at the next start-up or import.
 */
export async function importDebate(actor: Actor, doc: DebateDocument, options: ImportOptions = {}): Promise<ImportResult> {
  const problem = findStorageProblem(doc);
  if (problem) throw formatErrorToAppError(problem);
  const now = options.now ?? new Date();

  // New ids for everything; refs never leave this function.
  const userId = new Map(doc.participants.map((p) => [p.ref, newId()]));
  const nodeId = new Map(doc.nodes.map((n) => [n.ref, newId()]));
  const person = (ref: string) => userId.get(ref)!;
  const personOrNull = (ref: string | null) => (ref === null ? null : (userId.get(ref) ?? null));
  const nodeOrNull = (ref: string | null) => (ref === null ? null : (nodeId.get(ref) ?? null));

  // Parents before children, so every batch's parents already exist.
  const ordered: NodeRecord[] = orderDepthFirst(doc.nodes);
  const root = ordered[0];
  if (!root || ordered.length !== doc.nodes.length) {
    throw formatErrorToAppError(new FormatError("INTEGRITY", "not every node is reachable from the root", { path: "$.nodes" }, "a single tree"));
  }
  const depth = new Map<string, number>();
  for (const n of ordered) depth.set(n.ref, n.parentRef === null ? 0 : depth.get(n.parentRef)! + 1);

  const debateId = newId();
  const rootNodeId = nodeId.get(root.ref)!;
  const tag = randomBytes(4).toString("hex");
  const users = doc.participants.map((p, i) => {
    const name = p.displayName.length > DISPLAY_NAME_MAX ? p.displayName.slice(0, DISPLAY_NAME_MAX) : p.displayName;
    return {
      id: userId.get(p.ref)!,
      username: `imported-${tag}${randomBytes(6).toString("hex")}`.slice(0, 32),
      displayName: name.trim() === "" ? "Imported participant" : name,
      email: null,
      passwordHash: null,
      // Kept in document order so a re-export lists participants the same way.
      createdAt: new Date(now.getTime() + i),
    };
  });
  const lastMove = doc.nodes.reduce((max, n) => (n.createdAt > max ? n.createdAt : max), doc.debate.createdAt);

  // Debris of imports that died with their process goes first (bounded work, usually none).
  await sweepImportDebris();

  // Unpublished: PRIVATE, importingSince set, and the owner's membership comes at publish.
  await db().debate.create({
    data: {
      id: debateId,
      title: doc.debate.title,
      context: doc.debate.context,
      links: linksToDb(doc.debate.links),
      visibility: "PRIVATE",
      playMode: doc.debate.playMode,
      stuckAfterDays: doc.debate.stuckAfterDays ?? STUCK_AFTER_DAYS_DEFAULT,
      brokenRule: doc.debate.brokenRule ?? "ANY_LIVE",
      brokenThreshold: doc.debate.brokenThreshold ?? 50,
      ownerId: actor.id,
      inviteCode: newInviteCode(),
      rootNodeId,
      createdAt: date(doc.debate.createdAt),
      lastMoveAt: date(lastMove),
      importedAt: now,
      importingSince: new Date(),
    },
    select: { id: true },
  });
  const batches = new ImportBatches(debateId, options.afterBatch);
  try {
    // A participant, their membership and its RoleChange go in one statement, so the sweep
    // finds every participant it created through the debate's memberships.
    const participants = users.map((user, i) => ({ user, side: doc.participants[i]!.side }));
    await batches.write(participants, (chunk) =>
      insertRows(
        { table: "User", rows: chunk.map((p) => ({ ...p.user, updatedAt: now })) },
        { table: "Membership", rows: chunk.map((p) => ({ id: newId(), debateId, userId: p.user.id, role: "MEMBER", side: p.side, joinedAt: now })) },
        { table: "RoleChange", rows: chunk.map((p) => ({ id: newId(), debateId, userId: p.user.id, fromSide: null, toSide: p.side, createdAt: now })) },
      ),
    );

    await batches.write(ordered, (chunk) =>
      insertRows({
        table: "Node",
        rows: chunk.map((n) => ({
          id: nodeId.get(n.ref)!,
          debateId,
          parentId: nodeOrNull(n.parentRef),
          depth: depth.get(n.ref)!,
          kind: n.kind,
          side: n.side,
          authorId: person(n.authorRef),
          title: n.title,
          body: n.body,
          quoteText: n.quote?.text ?? null,
          quoteStart: n.quote?.start ?? null,
          quoteEnd: n.quote?.end ?? null,
          targetVersions: n.targetVersions,
          answersNodeIds: n.answersRefs.map((r) => nodeId.get(r)!),
          retractedAt: dateOrNull(n.retractedAt),
          prunedAt: dateOrNull(n.prunedAt),
          acceptedAt: dateOrNull(n.acceptedAt),
          acceptedById: personOrNull(n.acceptedByRef),
          resolutionMode: n.resolutionMode,
          outcome: n.outcome,
          revision: n.revisions.reduce((max, r) => Math.max(max, r.revision), 1),
          createdAt: date(n.createdAt),
          updatedAt: date(n.updatedAt),
        })),
      }),
    );

    await batches.write(
      doc.versions.map((v) => ({ id: newId(), debateId, number: v.number, body: v.body, nodeId: nodeId.get(v.nodeRef)!, authorId: person(v.authorRef), createdAt: date(v.createdAt) })),
      (rows) => insertRows({ table: "ProposalVersion", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        n.revisions.map((r) => ({ id: newId(), nodeId: nodeId.get(n.ref)!, revision: r.revision, editorId: person(r.editorRef), title: r.title, body: r.body, createdAt: date(r.createdAt) })),
      ),
      (rows) => insertRows({ table: "NodeRevision", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        n.pruneEvents.map((e) => ({
          id: newId(),
          debateId,
          nodeId: nodeId.get(n.ref)!,
          actorId: person(e.actorRef),
          action: e.action,
          category: e.category,
          reason: e.reason,
          promise: e.promise,
          duplicateOf: nodeOrNull(e.duplicateOfRef),
          createdAt: date(e.createdAt),
        })),
      ),
      (rows) => insertRows({ table: "PruneEvent", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        n.experiment
          ? [
              {
                id: newId(),
                nodeId: nodeId.get(n.ref)!,
                question: n.experiment.question,
                method: n.experiment.method,
                supportIf: n.experiment.supportIf,
                refuteIf: n.experiment.refuteIf,
                ownerId: personOrNull(n.experiment.ownerRef),
                status: n.experiment.status,
                links: linksToDb(n.experiment.links),
                createdAt: date(n.experiment.createdAt),
                updatedAt: date(n.experiment.updatedAt),
              },
            ]
          : [],
      ),
      (rows) => insertRows({ table: "ExperimentCard", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        n.predictions.map((p) => ({ id: newId(), nodeId: nodeId.get(n.ref)!, userId: person(p.userRef), side: p.side, probability: p.probability, createdAt: date(p.createdAt) })),
      ),
      (rows) => insertRows({ table: "Prediction", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        n.resolutions.map((r) => ({
          id: newId(),
          nodeId: nodeId.get(n.ref)!,
          actorId: person(r.actorRef),
          action: r.action,
          outcome: r.outcome,
          summary: r.summary,
          evidence: linksToDb(r.evidence),
          createdAt: date(r.createdAt),
        })),
      ),
      (rows) => insertRows({ table: "ResolutionEvent", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) => n.cruxes.map((c) => ({ nodeId: nodeId.get(n.ref)!, userId: person(c.userRef), side: c.side, createdAt: date(c.createdAt) }))),
      (rows) => insertRows({ table: "CruxMark", rows }),
    );
    // validateDocument already refused self-links and duplicates; ends and authors are in the document.
    await batches.write(
      doc.links.map((l) => ({
        id: newId(),
        debateId,
        fromNodeId: nodeId.get(l.fromRef)!,
        toNodeId: nodeId.get(l.toRef)!,
        type: l.type,
        authorId: person(l.authorRef),
        createdAt: date(l.createdAt),
      })),
      (rows) => insertRows({ table: "NodeLink", rows }),
    );
    // Counterexample classes, membership, whole-class answers and estimates (#14).
    const classId = new Map((doc.classes ?? []).map((c) => [c.ref, newId()]));
    await batches.write(
      (doc.classes ?? []).map((c) => ({ id: classId.get(c.ref)!, debateId, name: c.name, description: c.description, createdById: person(c.createdByRef), createdAt: date(c.createdAt), updatedAt: now })),
      (rows) => insertRows({ table: "CounterexampleClass", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) => (n.classRef !== undefined ? [{ nodeId: nodeId.get(n.ref)!, classId: classId.get(n.classRef)!, addedById: actor.id, createdAt: now }] : [])),
      (rows) => insertRows({ table: "ClassMembership", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) => [...new Set(n.answersClassRefs ?? [])].map((ref) => ({ patchId: nodeId.get(n.ref)!, classId: classId.get(ref)! }))),
      (rows) => insertRows({ table: "PatchClassAnswer", rows }),
    );
    await batches.write(
      doc.nodes.flatMap((n) =>
        (n.plausibilityEstimates ?? []).map((e) => ({ id: newId(), nodeId: nodeId.get(n.ref)!, userId: person(e.userRef), side: e.side, plausibility: e.plausibility, severity: e.severity, createdAt: date(e.createdAt) })),
      ),
      (rows) => insertRows({ table: "PlausibilityEstimate", rows }),
    );

    // The crux ledger: every conditional estimate and follow-up, with its author and time (the figures are recomputed from them).
    await batches.write(
      (doc.cruxLedger ?? []).flatMap((c) =>
        c.estimates.map((e) => ({ nodeId: nodeId.get(c.nodeRef)!, userId: person(e.userRef), side: e.side, credence: e.credence, ifTrue: e.ifTrue, ifFalse: e.ifFalse, createdAt: date(e.createdAt) })),
      ),
      (data) => db().cruxEstimate.createMany({ data }),
    );
    await batches.write(
      (doc.cruxLedger ?? []).flatMap((c) =>
        c.followUps.map((f) => ({ nodeId: nodeId.get(c.nodeRef)!, userId: person(f.userRef), claimTrue: f.claimTrue, credence: f.credence, confirmed: f.confirmed, createdAt: date(f.createdAt) })),
      ),
      (data) => db().cruxFollowUp.createMany({ data }),
    );
    // Summaries keep their revision number and endorsements; "endorsed" and "pinned" follow from them.
    const summaries = (doc.summaries ?? []).map((s) => ({ id: newId(), record: s }));
    await batches.write(
      summaries.map(({ id, record: s }) => ({
        id, debateId, versionNumber: s.versionNumber, authorId: person(s.authorRef), body: s.body, revision: s.revision, createdAt: date(s.createdAt), updatedAt: date(s.updatedAt),
      })),
      (data) => db().debateSummary.createMany({ data }),
    );
    await batches.write(
      summaries.flatMap(({ id, record: s }) => s.endorsements.map((e) => ({ summaryId: id, userId: person(e.userRef), side: e.side, createdAt: date(e.createdAt) }))),
      (data) => db().summaryEndorsement.createMany({ data }),
    );
    // Judged rounds: the entries follow from the node times (validateDocument checked entryRefs agree).
    const rounds = (doc.rounds ?? []).map((r) => ({ id: newId(), record: r }));
    await batches.write(
      rounds.map(({ id, record: r }) => ({
        id, debateId, number: r.number, title: r.title, rubric: r.rubric, openedById: person(r.openedByRef),
        openedAt: date(r.openedAt), deadline: date(r.deadline), finalisedAt: dateOrNull(r.finalisedAt),
      })),
      (data) => db().judgedRound.createMany({ data }),
    );
    await batches.write(
      rounds.flatMap(({ id, record: r }) => [...new Set(r.judgeRefs)].map((ref) => ({ roundId: id, userId: person(ref) }))),
      (data) => db().roundJudge.createMany({ data }),
    );
    await batches.write(
      rounds.flatMap(({ id, record: r }) =>
        r.verdicts.map((v) => ({
          roundId: id, nodeId: nodeId.get(v.nodeRef)!, judgeId: person(v.judgeRef), verdict: v.verdict, reason: v.reason, createdAt: date(v.createdAt), updatedAt: date(v.updatedAt),
        })),
      ),
      (data) => db().roundVerdict.createMany({ data }),
    );

    // Publish: one short transaction makes the whole debate appear at once.
    await db().$transaction(
      async (tx: Tx) => {
        const published = await tx.debate.updateMany({
          where: { id: debateId, importingSince: { not: null } },
          data: { importingSince: null, visibility: options.visibility ?? "PRIVATE" },
        });
        // Swept as debris meanwhile (an import stalled past IMPORT_STALE_MS): the import failed.
        if (published.count !== 1) throw new Error("The unpublished import was removed before it could be published");
        await tx.membership.create({ data: { debateId, userId: actor.id, role: "OWNER", side: "OBSERVER", joinedAt: now } });
        await tx.roleChange.create({ data: { debateId, userId: actor.id, fromSide: null, toSide: "OBSERVER", createdAt: now } });
        await recordEvent(tx, {
          debateId,
          actorId: actor.id,
          type: "debate.created",
          nodeId: rootNodeId,
          payload: { imported: true, nodes: doc.nodes.length, participants: doc.participants.length },
        });
      },
      BATCH_TRANSACTION,
    );
  } catch (error) {
    await removeUnpublishedImport(debateId).catch((cleanupError: unknown) =>
      log().error({ err: cleanupError, debateId }, "[import] could not remove a failed import; the next sweep will"),
    );
    throw error;
  }
  return { id: debateId, rootNodeId, nodes: doc.nodes.length, participants: doc.participants.length, report: [] };
}

// Interactive batch transactions may wait for a pooled connection while other users write.
const BATCH_TRANSACTION = { maxWait: 60_000, timeout: 120_000 };

/**
 * Writes rows in batches sized to take about BATCH_TARGET_MS each (between BATCH_MIN_ROWS and
 * BATCH_MAX_ROWS): short enough that another user's write waits at most about one batch on
 * the embedded database's single writer. Keeps the import's importingSince fresh, so the
 * sweep can tell a live import from debris.
 */
class ImportBatches {
  private size = BATCH_START_ROWS;
  private lastHeartbeat = Date.now();
  written = 0;

  constructor(
    private readonly debateId: string,
    private readonly afterBatch?: (written: number) => void | Promise<void>,
  ) {}

  async write<T>(rows: readonly T[], writeBatch: (batch: T[]) => Promise<unknown>): Promise<void> {
    for (let at = 0; at < rows.length; ) {
      const batch = rows.slice(at, at + this.size);
      const started = performance.now();
      await writeBatch(batch);
      const ms = performance.now() - started;
      dbTrace("batch", { rows: batch.length, ms: Math.round(ms * 10) / 10, written: this.written + batch.length });
      at += batch.length;
      this.written += batch.length;
      // Double while well under the target, halve when over it. A PostgreSQL server runs other
      // users' statements beside a batch, so there batches may be larger (fewer round trips).
      const [target, max] = dbMode() === "pglite" ? [BATCH_TARGET_MS, BATCH_MAX_ROWS] : [BATCH_TARGET_MS * 4, BATCH_MAX_ROWS_POSTGRES];
      if (ms < target / 2) this.size = Math.min(max, this.size * 2);
      else if (ms > target * 2) this.size = Math.max(BATCH_MIN_ROWS, Math.floor(this.size / 2));
      if (Date.now() - this.lastHeartbeat > HEARTBEAT_MS) {
        this.lastHeartbeat = Date.now();
        await db().debate.updateMany({ where: { id: this.debateId, importingSince: { not: null } }, data: { importingSince: new Date() } });
      }
      await this.afterBatch?.(this.written);
      // Other users' statements queue behind a batch on the embedded database (one backend); a
      // pause of half its time lets a request that waited finish its next statements too. A
      // PostgreSQL server runs them beside the batch: no pause there.
      if (dbMode() === "pglite") await new Promise((resolve) => setTimeout(resolve, Math.min(ms, BATCH_TARGET_MS * 2) * BATCH_PAUSE));
    }
  }
}

const BATCH_TARGET_MS = 100;
/** The pause after a batch on the embedded database, as a share of its time (at most 2 × BATCH_TARGET_MS of it). */
const BATCH_PAUSE = 0.5;
const BATCH_START_ROWS = 500;
const BATCH_MIN_ROWS = 500;
const BATCH_MAX_ROWS = 2_000;
const BATCH_MAX_ROWS_POSTGRES = 8_000;
const HEARTBEAT_MS = 10_000;
/** An unpublished import that showed no life for this long died with its process. */
export const IMPORT_STALE_MS = 10 * 60_000;
const DELETE_BATCH_ROWS = 1_000;

/** Removes an unpublished import in bounded statements (nodes deepest first, then the debate and its participants). */
export async function removeUnpublishedImport(debateId: string): Promise<void> {
  while ((await deleteDeepestUnpublishedNodes(debateId, DELETE_BATCH_ROWS)) > 0) {
    // Each round is one short statement; other users' writes go in between.
  }
  await deleteUnpublishedDebateAndParticipants(debateId);
}

/**
 * Removes imports that will never be published: unpublished and silent for IMPORT_STALE_MS
 * (their process died mid-import). `staleAfterMs: 0` at start-up of the embedded database,
 * where the data-dir lock proves no other process is importing. Returns how many went.
 */
export async function sweepImportDebris(options: { staleAfterMs?: number } = {}): Promise<number> {
  const debris = await unpublishedDebatesBefore(new Date(Date.now() - (options.staleAfterMs ?? IMPORT_STALE_MS)));
  for (const { id } of debris) {
    await removeUnpublishedImport(id);
    log().warn({ debateId: id }, "[import] removed an import that never finished");
  }
  return debris.length;
}
