// Activity lines in sentences ("Ada posted a counterexample to v2: “…”"), not event
// names. Pure: the activity page passes what the event log and its joins hold.
import { NODE_KIND_LABELS, PRUNE_CATEGORY_LABELS, type NodeKind, type PruneCategory } from "@/lib/domain/vocabulary";
import { clipWords } from "@/lib/domain/text";

export interface ActivityEvent {
  type: string;
  actorName: string | null;
  /** The member an event is about (invited, removed, made moderator…). */
  subjectName: string | null;
  node: { kind: string; title: string } | null;
  payload: unknown;
}

const TITLE_CHARS = 80;
const REASON_CHARS = 140;

const record = (payload: unknown): Record<string, unknown> => (payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {});
const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const lower = (value: unknown) => text(value).toLowerCase();
const quoted = (title: string) => `“${clipWords(title.replace(/\s+/g, " ").trim(), TITLE_CHARS)}”`;

function kindName(kind: string): string {
  return (NODE_KIND_LABELS[kind as NodeKind] ?? kind.replace(/_/g, " ")).toLowerCase();
}
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}
function versions(value: unknown): string {
  const list = Array.isArray(value) ? value.filter((v): v is number => typeof v === "number") : [];
  return list.length ? ` to v${list.join(", v")}` : "";
}
function pruneCategory(value: unknown): string {
  const label = PRUNE_CATEGORY_LABELS[value as PruneCategory];
  return label ? ` as ${label.toLowerCase()}` : "";
}
function percent(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "a probability";
  return `${Math.round((value <= 1 ? value * 100 : value) * 10) / 10}%`;
}

/** What happened, after the actor's name: "posted a counterexample to v2: “…”". */
export function activityPredicate(e: ActivityEvent): string {
  const p = record(e.payload);
  const node = e.node;
  const subject = e.subjectName ?? "a member";
  const title = node ? quoted(node.title || kindName(node.kind)) : "a move";
  const nodeRef = node ? `${withArticle(kindName(node.kind))} ${title}` : "a move";
  const reason = text(p.reason).trim() ? `: ${clipWords(text(p.reason).replace(/\s+/g, " ").trim(), REASON_CHARS)}` : "";
  switch (e.type) {
    case "debate.created": return node ? `opened the debate with the plan ${title}` : "opened the debate";
    case "debate.updated": {
      const fields = Array.isArray(p.fields) ? p.fields.map(text).filter(Boolean) : [];
      return fields.length ? `changed the debate's ${fields.join(", ")}` : "changed the debate's settings";
    }
    case "debate.invite-rotated": return "made a new invite link (the old one no longer works)";
    case "debate.ownership-transferred": return `handed the debate over to ${subject}`;
    case "member.joined": return p.invitedBy ? `invited ${subject} as ${lower(p.side) || "a member"}` : `joined as ${lower(p.side) || "a member"}`;
    case "member.side-changed": return `switched sides${p.from ? ` from ${lower(p.from)}` : ""} to ${lower(p.to) || "another side"}`;
    case "member.removed": return `removed ${subject} from the debate`;
    case "member.left": return p.reason === "account-deleted" ? "deleted their account and left the debate" : "left the debate";
    case "member.role-changed": return `made ${subject} ${lower(p.role) === "member" ? "a regular member" : `a ${lower(p.role) || "member"}`}`;
    case "node.created": {
      const kind = text(p.kind) || node?.kind || "";
      const named = node ? `: ${title}` : "";
      switch (kind) {
        case "COUNTEREXAMPLE": return `posted a counterexample${versions(p.targetVersions)}${named}`;
        case "PATCH": return `patched the plan${typeof p.version === "number" ? ` to v${p.version}` : ""}${named}`;
        case "REBUTTAL": return `posted a rebuttal${named}`;
        case "QUESTION": return `asked a question${named}`;
        case "COMMENT": return `commented${named}`;
        default: return `posted ${withArticle(kindName(kind || "move"))}${named}`;
      }
    }
    case "node.edited": return `edited ${nodeRef}${typeof p.revision === "number" ? ` (revision ${p.revision})` : ""}`;
    case "node.retracted": return `withdrew ${nodeRef}`;
    case "node.accepted": return `accepted the rebuttal ${title}`;
    case "branch.pruned": return `pruned ${title}${pruneCategory(p.category)}${reason}`;
    case "branch.reopened": return `reopened ${title}${reason}`;
    case "branch.estimated": return `rated ${title} ${typeof p.promise === "number" ? `${p.promise}/100` : "for"} promise`;
    case "claim.mode-changed": return `marked ${title} as settled ${lower(p.to) === "empirical" ? "by evidence" : lower(p.to) === "out_of_scope" ? "out of scope" : "by argument"}`;
    case "experiment.updated": return `updated the experiment for ${title}${p.status ? ` (now ${lower(p.status).replace(/_/g, " ")})` : ""}`;
    case "prediction.created": return `predicted ${percent(p.probability)} that ${title} holds`;
    case "claim.resolved": return `resolved ${title}${p.outcome ? ` as ${lower(p.outcome)}` : ""}`;
    case "claim.disputed": return `disputed the resolution of ${title}`;
    case "claim.reopened": return `reopened the resolution of ${title}`;
    case "crux.marked": return `marked ${title} as a crux`;
    case "crux.unmarked": return `no longer counts ${title} as a crux`;
    case "class.created": return `created the counterexample class “${clipWords(text(p.name), 60)}”`;
    case "class.updated": return `renamed the class “${clipWords(text(p.fromName), 60)}” to “${clipWords(text(p.name), 60)}”`;
    case "class.deleted": {
      const members = Array.isArray(p.memberIds) ? p.memberIds.length : 0;
      const answers = Array.isArray(p.answeredByPatchIds) ? p.answeredByPatchIds.length : 0;
      const left = [members ? `${members} counterexample${members === 1 ? "" : "s"} left it` : "", answers ? `${answers} patch answer${answers === 1 ? "" : "s"} went with it` : ""].filter(Boolean);
      return `deleted the class “${clipWords(text(p.name), 60)}”${left.length ? ` (${left.join("; ")})` : ""}`;
    }
    case "counterexample.classified":
      if (p.classId && typeof p.className === "string") return `put ${title} into the class “${clipWords(p.className, 60)}”`;
      if (!p.classId && typeof p.fromClassName === "string") return `took ${title} out of the class “${clipWords(p.fromClassName, 60)}”`;
      return p.classId ? `put ${title} into a class` : `took ${title} out of its class`;
    case "plausibility.estimated": return `estimated ${title} at ${typeof p.plausibility === "number" ? `${p.plausibility} %` : "some"} plausible${p.severity ? ` (${lower(p.severity) === "breaks" ? "breaks the plan" : "degrades it"})` : ""}`;
    case "debate.standing-rule-changed": {
      const to = (p.to ?? {}) as { rule?: unknown; threshold?: unknown };
      return `set the broken rule to ${to.rule === "PLAUSIBILITY_THRESHOLD" ? `median plausibility ≥ ${String(to.threshold)} %` : "any live counterexample"}`;
    }
    case "link.created": return `added a “${lower(p.type).replace(/_/g, " ") || "see also"}” link to ${title}`;
    case "link.deleted": return `removed a link from ${title}`;
    case "crux.estimated": return `said what would change their mind on ${title}: ${percent(p.credence)} now, ${percent(p.ifTrue)} if true, ${percent(p.ifFalse)} if false`;
    case "crux.follow-up-requested": return `asked ${Array.isArray(p.userIds) ? p.userIds.length : "the"} participant(s) who pre-committed on ${title} to confirm or revise their update`;
    case "crux.confirmed": return `confirmed their pre-committed update on ${title} (now ${percent(p.credence)})`;
    case "crux.revised": return `revised their update on ${title}: now ${percent(p.credence)}, pre-committed ${percent(p.precommitted)}`;
    case "summary.created": return "wrote a summary of the debate";
    case "summary.edited": return "edited a summary (its endorsements were cleared)";
    case "summary.endorsed": return "endorsed a summary";
    case "summary.unendorsed": return "withdrew an endorsement of a summary";
    case "round.opened": return `opened round ${String(p.round ?? "")}${typeof p.title === "string" ? ` “${clipWords(p.title, 60)}”` : ""}; entries lock at ${typeof p.deadline === "string" ? `${p.deadline.replace("T", " ").slice(0, 16)} UTC` : "the deadline"}`;
    case "round.verdict": return `gave a verdict on ${title} in round ${String(p.round ?? "")}`;
    case "round.finalised": return `finalised the results of round ${String(p.round ?? "")}`;
    default: return node ? `changed ${nodeRef}` : "changed the debate";
  }
}

/** The whole line: "Ada posted a counterexample to v2: “…”". */
export function activitySentence(e: ActivityEvent): string {
  return `${e.actorName ?? "Someone"} ${activityPredicate(e)}`;
}
