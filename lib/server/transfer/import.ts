// Importing a document as a NEW debate owned by the importer.
//
// Everything is written in one transaction with bulk inserts (createMany in
// chunks), so a 10,000-node file takes a handful of statements per table and a
// failure leaves nothing behind. Every id is new; document refs only link rows
// of this one import together, so an import can never reach (or grant access
// to) an existing user, debate or node. Each document participant becomes a new
// password-less "ghost" user (`imported-<random>`, no e-mail, no OAuth account,
// no token) that nobody can sign in as.

import "server-only";

import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/domain/actor";
import { enforce, rateRules, UNKNOWN_CLIENT } from "@/lib/server/auth/rate-limit";
import { db, type Tx } from "@/lib/server/db/client";
import { newId } from "@/lib/server/db/ids";
import { newInviteCode } from "@/lib/server/debate/debates";
import { safeUrlSchema } from "@/lib/domain/debate/validation";
import { AppError } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import {
  FormatError,
  isImportFormat,
  IMPORT_FORMATS,
  orderDepthFirst,
  parseImportSliced,
  type DebateDocument,
  type ImportFormat,
  type Link,
  type NodeRecord,
} from "@/lib/formats";
import type { Visibility } from "@/lib/domain/vocabulary";
import { STUCK_AFTER_DAYS_DEFAULT } from "@/lib/formats/document";

import { IMPORT_MAX_BYTES, IMPORT_MAX_MB } from "@/lib/formats/limits";

export { IMPORT_MAX_BYTES, IMPORT_MAX_MB };
const CHUNK = 1_000;
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
}

export interface ImportResult {
  id: string;
  rootNodeId: string;
  nodes: number;
  participants: number;
}

/**
 * Parses `text` (format given or detected) and imports it. FormatError becomes a 422 (413 when too large) with its position.
 * Every attempt, good file or bad, counts against the import limits first (RATE_LIMITED, 429 with Retry-After).
 */
export async function importDebateText(actor: Actor, text: string, format: ImportFormat | undefined, options: ImportOptions = {}): Promise<ImportResult> {
  if (options.rateLimit !== false) await enforceImportLimits(actor, options.ip);
  const document = await parseImportText(text, format);
  return importDebate(actor, document, options);
}

/**
 * Parses an upload (format given or detected) in slices of at most PARSE_SLICE_MS of CPU, so other
 * requests are answered while a 20 MB file is read. FormatError becomes an AppError (422/413).
 */
export async function parseImportText(text: string, format: ImportFormat | undefined): Promise<DebateDocument> {
  const chosen = format ?? detectImportFormat(text);
  try {
    return await parseImportSliced(text, chosen, { sliceMs: PARSE_SLICE_MS, pause: nextMacrotask });
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

/** json when the text starts with `{`, kialo when it starts with `Discussion Title:`, else argdown. */
function detectImportFormat(text: string): ImportFormat {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("{")) return "json";
  if (/^Discussion Title:/i.test(head)) return "kialo";
  return "argdown";
}

/** The format a file name suggests (`.json`, `.argdown`/`.ad`, `.txt` = Kialo), or undefined. */
export function formatFromFileName(name: string): ImportFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".argdown") || lower.endsWith(".ad") || lower.endsWith(".md")) return "argdown";
  if (lower.endsWith(".txt")) return "kialo";
  return undefined;
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
    return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the ${IMPORT_MAX_MB} MB import limit`, { details, cause: error });
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

async function createInChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Writes a validated document as a new debate owned by `actor`. All or nothing. */
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

  // Parents before children, so every chunk's parents already exist.
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

  await db().$transaction(
    async (tx: Tx) => {
      await createInChunks(users, (data) => tx.user.createMany({ data }));
      await tx.debate.create({
        data: {
          id: debateId,
          title: doc.debate.title,
          context: doc.debate.context,
          links: linksToDb(doc.debate.links),
          visibility: options.visibility ?? "PRIVATE",
          playMode: doc.debate.playMode,
          stuckAfterDays: doc.debate.stuckAfterDays ?? STUCK_AFTER_DAYS_DEFAULT,
          ownerId: actor.id,
          inviteCode: newInviteCode(),
          rootNodeId,
          createdAt: date(doc.debate.createdAt),
          lastMoveAt: date(lastMove),
          importedAt: now,
        },
        select: { id: true },
      });
      const members = [
        { debateId, userId: actor.id, role: "OWNER" as const, side: "OBSERVER" as const, joinedAt: now },
        ...doc.participants.map((p) => ({ debateId, userId: person(p.ref), role: "MEMBER" as const, side: p.side, joinedAt: now })),
      ];
      await createInChunks(members, (data) => tx.membership.createMany({ data }));
      await createInChunks(
        members.map((m) => ({ debateId, userId: m.userId, fromSide: null, toSide: m.side, createdAt: now })),
        (data) => tx.roleChange.createMany({ data }),
      );

      await createInChunks(ordered, (chunk) =>
        tx.node.createMany({
          data: chunk.map((n) => ({
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

      await createInChunks(
        doc.versions.map((v) => ({ debateId, number: v.number, body: v.body, nodeId: nodeId.get(v.nodeRef)!, authorId: person(v.authorRef), createdAt: date(v.createdAt) })),
        (data) => tx.proposalVersion.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) =>
          n.revisions.map((r) => ({ nodeId: nodeId.get(n.ref)!, revision: r.revision, editorId: person(r.editorRef), title: r.title, body: r.body, createdAt: date(r.createdAt) })),
        ),
        (data) => tx.nodeRevision.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) =>
          n.pruneEvents.map((e) => ({
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
        (data) => tx.pruneEvent.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) =>
          n.experiment
            ? [
                {
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
        (data) => tx.experimentCard.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) =>
          n.predictions.map((p) => ({ nodeId: nodeId.get(n.ref)!, userId: person(p.userRef), side: p.side, probability: p.probability, createdAt: date(p.createdAt) })),
        ),
        (data) => tx.prediction.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) =>
          n.resolutions.map((r) => ({
            nodeId: nodeId.get(n.ref)!,
            actorId: person(r.actorRef),
            action: r.action,
            outcome: r.outcome,
            summary: r.summary,
            evidence: linksToDb(r.evidence),
            createdAt: date(r.createdAt),
          })),
        ),
        (data) => tx.resolutionEvent.createMany({ data }),
      );
      await createInChunks(
        doc.nodes.flatMap((n) => n.cruxes.map((c) => ({ nodeId: nodeId.get(n.ref)!, userId: person(c.userRef), side: c.side, createdAt: date(c.createdAt) }))),
        (data) => tx.cruxMark.createMany({ data }),
      );
      // validateDocument already refused self-links and duplicates; ends and authors are in the document.
      await createInChunks(
        doc.links.map((l) => ({
          debateId,
          fromNodeId: nodeId.get(l.fromRef)!,
          toNodeId: nodeId.get(l.toRef)!,
          type: l.type,
          authorId: person(l.authorRef),
          createdAt: date(l.createdAt),
        })),
        (data) => tx.nodeLink.createMany({ data }),
      );
      await recordEvent(tx, {
        debateId,
        actorId: actor.id,
        type: "debate.created",
        nodeId: rootNodeId,
        payload: { imported: true, nodes: doc.nodes.length, participants: doc.participants.length },
      });
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  return { id: debateId, rootNodeId, nodes: doc.nodes.length, participants: doc.participants.length };
}
