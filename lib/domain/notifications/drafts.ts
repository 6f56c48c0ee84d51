// Who is notified of what, and the words they read: pure drafting. The database
// side (reading the inputs, writing the rows in the event's transaction) is
// lib/server/notifications/create.ts.
import { clipWords } from "@/lib/domain/text";

// Cases: a reply to my node; a counterexample against my proposal version; my
// branch pruned or reopened; a branch I pruned reopened; a claim I predicted on
// resolved; someone invited me; someone else put my counterexample into or out of
// a class, answered a class holding it, or deleted that class (or one my patch
// answered); the owner changed the rule that marks a version broken. Nobody is notified of their own action, and
// nobody who can no longer read the debate.
// Each row keeps what it may show as of its event (its message and the debate's
// title then), so nothing written later, a new title after a member's removal
// included, reaches a reader through an old notification.

export type NotificationType =
  | "reply" | "counterexample" | "branch.pruned" | "branch.reopened" | "claim.resolved" | "member.invited" | "round.judge" | "link.created" | "crux.follow-up"
  | "counterexample.classified" | "class.answered" | "class.deleted" | "standing-rule.changed";

// node.created notifications are drafted by draftMoveNotifications and written by the
// move's own statement (lib/server/debate/nodes.ts); the others go through notifyForEvent.
const NOTIFYING_TYPES = new Set([
  "branch.pruned", "branch.reopened", "claim.resolved", "member.joined", "round.opened", "link.created", "crux.follow-up-requested",
  "counterexample.classified", "class.deleted", "debate.standing-rule-changed",
]);

/** Events that notify about the debate as a whole, not about the event's node. */
const DEBATE_WIDE_TYPES = new Set(["member.joined", "round.opened", "class.deleted", "debate.standing-rule-changed"]);

/** Whether notifyForEvent needs the event's node to draft the notifications. */
export function needsEventNode(type: string): boolean {
  return !DEBATE_WIDE_TYPES.has(type);
}

export function causesNotifications(type: string): boolean {
  return NOTIFYING_TYPES.has(type);
}

export interface Draft {
  userId: string;
  type: NotificationType;
  message: string;
}

const MAX_MESSAGE = 300;
const MAX_LABEL = 60;
const MAX_DEBATE_TITLE = 80;

/** A node as a short quoted label, cut at a word boundary. */
function label(node: { title: string; body: string } | null | undefined): string {
  const text = (node?.title || node?.body || "a node").replace(/\s+/g, " ").trim();
  return `“${clipWords(text, MAX_LABEL)}”`;
}

/** A class's name, quoted and cut at a word boundary. */
function className(name: unknown): string {
  return `“${clipWords(typeof name === "string" && name.trim() ? name.replace(/\s+/g, " ").trim() : "a class", MAX_LABEL)}”`;
}

function inDebate(title: string): string {
  return `in “${clipWords(title.replace(/\s+/g, " ").trim(), MAX_DEBATE_TITLE)}”`;
}

/** Lifecycle notices (lib/server/debate/lifecycle.ts), worded and cut like the others. */
export function ownershipTransferredMessage(actorName: string, debateTitle: string): string {
  return clipWords(`${actorName} made you the owner of “${clipWords(debateTitle, MAX_DEBATE_TITLE)}”`, MAX_MESSAGE);
}
export function debateDeletedMessage(actorName: string, debateTitle: string): string {
  return clipWords(`${actorName} deleted the debate “${clipWords(debateTitle, MAX_DEBATE_TITLE)}”; its moves, including yours, were deleted with it`, MAX_MESSAGE);
}

/** Drops the actor's own notifications and those of people who cannot read the debate; caps the messages. */
function finish(drafts: Draft[], actorId: string | null, canRead: (userId: string) => boolean): Draft[] {
  const seen = new Set<string>();
  return drafts
    .filter((d) => d.userId !== actorId && canRead(d.userId) && !seen.has(d.userId) && seen.add(d.userId))
    .map((d) => ({ ...d, message: clipWords(d.message, MAX_MESSAGE) }));
}

export interface MoveNotificationInput {
  actor: { id: string; displayName: string };
  debate: { title: string; visibility: string; ownerId: string };
  node: { kind: string; title: string; body: string; targetVersions: readonly number[] };
  parent: { authorId: string; title: string; body: string } | null;
  /** Authors of the proposal versions (for counterexamples). */
  versions: readonly { number: number; authorId: string }[];
  /** Which of the possible recipients are members (they can still read a private debate). */
  memberIds: ReadonlySet<string>;
  /** Patches: the counterexamples in the classes the patch answers, with their class's name. */
  classMembers?: readonly { authorId: string; title: string; body: string; className: string }[];
}

/**
 * Who hears of a new move: the authors of the versions a counterexample targets
 * ("counterexample", which replaces the plain "reply" for the same person), else
 * the parent's author ("reply"). Never the actor; never someone who can no longer
 * read the debate. Pure: the move reads what it needs in the same query as its
 * permissions and writes the rows in the same statement as the node.
 */
export function draftMoveNotifications(input: MoveNotificationInput): Draft[] {
  const { actor, debate, node, parent } = input;
  const who = actor.displayName;
  const where = inDebate(debate.title);
  const drafts: Draft[] = [];
  if (node.kind === "COUNTEREXAMPLE" && node.targetVersions.length) {
    const byAuthor = new Map<string, number[]>();
    for (const v of input.versions) {
      if (node.targetVersions.includes(v.number)) byAuthor.set(v.authorId, [...(byAuthor.get(v.authorId) ?? []), v.number]);
    }
    for (const [userId, numbers] of byAuthor) {
      drafts.push({
        userId,
        type: "counterexample",
        message: `${who} posted a counterexample ${label(node)} against your proposal version ${numbers.sort((a, b) => a - b).join(", ")} ${where}`,
      });
    }
  }
  // A patch answering a class: each counterexample's author hears of it (one notice each, before
  // the parent's "reply", so this wording wins for the same person).
  for (const member of input.classMembers ?? []) {
    if (drafts.some((d) => d.userId === member.authorId)) continue;
    drafts.push({
      userId: member.authorId,
      type: "class.answered",
      message: `${who} posted a patch ${label(node)} answering the class ${className(member.className)}, which holds your counterexample ${label(member)}, ${where}`,
    });
  }
  if (parent && !drafts.some((d) => d.userId === parent.authorId)) {
    drafts.push({ userId: parent.authorId, type: "reply", message: `${who} replied to your node ${label(parent)} ${where}` });
  }
  const canRead = (userId: string) => debate.visibility !== "PRIVATE" || userId === debate.ownerId || input.memberIds.has(userId);
  return finish(drafts, actor.id, canRead);
}

/** What notifyForEvent read about an event; every field the rules need, nothing else. */
export interface EventNotificationInput {
  type: string;
  actor: { id: string | null; displayName: string };
  debateTitle: string;
  node: { title: string; body: string; authorId: string; outcome: string | null } | null;
  payload: Record<string, unknown>;
  /** branch.reopened: who pruned the branch last (null if unknown). */
  prunerId: string | null;
  /** claim.resolved: who predicted on the claim. */
  predictorIds: readonly string[];
  /** class.deleted: its members and the patches that answered it (still in the debate). */
  classNodes?: readonly { id: string; title: string; body: string; authorId: string }[];
  /** debate.standing-rule-changed: the debate's builders and breakers. */
  playerIds?: readonly string[];
}

/**
 * Who hears of an event other than a move, and what they read. Pure: notifyForEvent
 * loads the input in the event's transaction and keeps only recipients who may read
 * the debate.
 * - branch.pruned: the branch's author. branch.reopened: the branch's author and
 *   whoever pruned it (one notification each, the author's wording wins when both).
 * - claim.resolved: everyone who predicted on the claim.
 * - member.joined with invitedBy: the invited user, naming who invited them.
 * - round.opened: the round's judges (the owner who opened it is the actor, so not them).
 * - link.created: the author of the node linked to (the event's node), naming the link's type.
 * - counterexample.classified: the counterexample's author, when someone else classified it.
 * - class.deleted: the authors of its members and of the patches that answered it.
 * - debate.standing-rule-changed: every builder and breaker, with the rule before and after.
 */
export function draftEventNotifications(input: EventNotificationInput): Draft[] {
  const { node, payload } = input;
  const who = input.actor.displayName;
  const where = inDebate(input.debateTitle);
  const drafts: Draft[] = [];
  if (input.type === "member.joined") {
    if (typeof payload.userId === "string" && payload.invitedBy) {
      const side = typeof payload.side === "string" ? sideWords[payload.side] : undefined;
      drafts.push({ userId: payload.userId, type: "member.invited", message: `${who} invited you to the debate “${clipWords(input.debateTitle, MAX_DEBATE_TITLE)}”${side ? ` ${side}` : ""}` });
    }
  } else if (input.type === "round.opened") {
    const judgeIds = Array.isArray(payload.judgeIds) ? payload.judgeIds.filter((id): id is string => typeof id === "string") : [];
    const deadline = typeof payload.deadline === "string" ? payload.deadline.replace("T", " ").slice(0, 16) + " UTC" : "its deadline";
    const title = typeof payload.title === "string" ? ` “${clipWords(payload.title, MAX_LABEL)}”` : "";
    for (const userId of judgeIds) {
      drafts.push({ userId, type: "round.judge", message: `${who} opened round ${String(payload.round ?? "")}${title} ${where} and named you a judge; entries lock at ${deadline}` });
    }
  } else if (node && input.type === "branch.pruned") {
    drafts.push({ userId: node.authorId, type: "branch.pruned", message: `${who} pruned your branch ${label(node)} ${where}` });
  } else if (node && input.type === "branch.reopened") {
    drafts.push({ userId: node.authorId, type: "branch.reopened", message: `${who} reopened your branch ${label(node)} ${where}` });
    if (input.prunerId) drafts.push({ userId: input.prunerId, type: "branch.reopened", message: `${who} reopened the branch ${label(node)} that you pruned ${where}` });
  } else if (node && input.type === "link.created") {
    const type = typeof payload.type === "string" ? payload.type : "";
    const how = linkWords[type] ?? "linked another node to";
    drafts.push({ userId: node.authorId, type: "link.created", message: `${who} ${how} your node ${label(node)} ${where}` });
  } else if (node && input.type === "counterexample.classified") {
    const into = payload.classId ? className(payload.className) : null;
    const from = payload.fromClassId ? className(payload.fromClassName) : null;
    const what = into && from ? `moved your counterexample ${label(node)} from the class ${from} to ${into}`
      : into ? `put your counterexample ${label(node)} into the class ${into}`
      : `took your counterexample ${label(node)} out of the class ${from ?? className(null)}`;
    drafts.push({ userId: node.authorId, type: "counterexample.classified", message: `${who} ${what} ${where}` });
  } else if (input.type === "class.deleted") {
    const memberIds = new Set(stringsOf(payload.memberIds));
    const name = className(payload.name);
    // Members first: a person both wrote a member and answered the class reads the member's wording.
    const nodes = [...(input.classNodes ?? [])].sort((a, b) => Number(memberIds.has(b.id)) - Number(memberIds.has(a.id)));
    for (const n of nodes) {
      drafts.push({
        userId: n.authorId,
        type: "class.deleted",
        message: memberIds.has(n.id)
          ? `${who} deleted the class ${name} ${where}; your counterexample ${label(n)} is in no class now, and patches that answered only the class no longer answer it`
          : `${who} deleted the class ${name} ${where}; your patch ${label(n)} no longer answers its counterexamples through it`,
      });
    }
  } else if (input.type === "debate.standing-rule-changed") {
    const to = ruleWords(payload.to);
    const from = ruleWords(payload.from);
    for (const userId of input.playerIds ?? []) {
      drafts.push({ userId, type: "standing-rule.changed", message: `${who} changed what marks a version broken ${where}: now ${to}, before ${from}` });
    }
  } else if (node && input.type === "claim.resolved") {
    const outcome = typeof payload.outcome === "string" ? payload.outcome : node.outcome;
    const result = outcome ? ` as ${outcomeWords[outcome] ?? outcome.toLowerCase()}` : "";
    for (const userId of input.predictorIds) {
      drafts.push({ userId, type: "claim.resolved", message: `${who} resolved ${label(node)}${result}, a claim you predicted on, ${where}` });
    }
  } else if (node && input.type === "crux.follow-up-requested") {
    // Everyone who pre-committed is asked, the actor included: their own update is due too.
    const settled = payload.claimTrue === true ? "turned out true" : "turned out false";
    const how = payload.via === "conceded" ? " (conceded)" : "";
    const userIds = Array.isArray(payload.userIds) ? payload.userIds.filter((u): u is string => typeof u === "string") : [];
    const asked = userIds.map((userId) => ({
      userId,
      type: "crux.follow-up" as const,
      message: `${label(node)} ${settled}${how} ${where}: confirm or revise the update you pre-committed to`,
    }));
    return finish(asked, null, () => true);
  }
  return finish(drafts, input.actor.id, () => true);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The broken rule in words ({ rule, threshold } as the event payload holds it). */
function ruleWords(value: unknown): string {
  const r = (value ?? {}) as { rule?: unknown; threshold?: unknown };
  return r.rule === "PLAUSIBILITY_THRESHOLD"
    ? `a live counterexample with median plausibility of at least ${typeof r.threshold === "number" ? r.threshold : "the threshold"} % (or not yet weighed)`
    : "any live counterexample";
}

const linkWords: Record<string, string> = {
  SUPPORTS: "linked a supporting node to",
  ATTACKS: "linked an attacking node to",
  SAME_CLAIM: "linked a node making the same claim as",
  SEE_ALSO: "linked a related node to",
  DUPLICATE_OF: "marked a node as a duplicate of",
};
const sideWords: Record<string, string> = { BUILDER: "as a builder", BREAKER: "as a breaker", OBSERVER: "as an observer" };
const outcomeWords: Record<string, string> = { SUPPORTED: "supported", REFUTED: "refuted", INCONCLUSIVE: "inconclusive" };
