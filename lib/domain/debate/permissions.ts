// Who may do what in one debate. Fail closed: an unknown action, role, side,
// visibility or play mode is denied. docs/permissions.md is the table form.
import { AppError } from "@/lib/domain/errors";
import { isOneOf, MEMBER_ROLES, NODE_KINDS, PLAY_MODES, SIDES, VISIBILITIES, type MemberRole, type NodeKind, type PlayMode, type Side, type Visibility } from "@/lib/domain/vocabulary";

export const ACTIONS = [
  "debate:read",
  "debate:list-publicly",
  "debate:join",
  "debate:update-settings",
  "debate:set-stuck-threshold",
  "debate:leave",
  "debate:transfer-ownership",
  "debate:delete",
  "member:invite",
  "member:remove",
  "member:set-role",
  "node:create",
  "node:edit",
  "node:retract",
  "node:accept-rebuttal",
  "branch:prune",
  "branch:reopen",
  "branch:estimate",
  "claim:set-mode",
  "experiment:edit",
  "prediction:create",
  "claim:resolve",
  "claim:dispute",
  "claim:reopen-resolution",
  "crux:mark",
  "class:create",
  "class:edit",
  "class:delete",
  "counterexample:classify",
  "counterexample:estimate",
  "debate:set-standing-rule",
  "crux:estimate",
  "summary:write",
  "summary:edit",
  "summary:endorse",
  "link:create",
  "link:delete",
  "round:open",
  "round:verdict",
  "round:finalise",
] as const;

export type Action = (typeof ACTIONS)[number];

export interface ActorContext {
  userId: string | null;
  membership: { role: MemberRole; side: Side } | null;
  debate: { visibility: Visibility; playMode: PlayMode; ownerId: string };
  /** The node acted on (edit, retract, prune, accept-rebuttal). For accept-rebuttal, the rebuttal. */
  target?: { authorId: string; kind: NodeKind; parentAuthorId?: string | null } | null;
  /** node:create: the kind being posted. */
  createKind?: NodeKind;
  /** link:delete: the cross-link acted on. */
  link?: { authorId: string } | null;
  /** debate:join on a private debate: the actor holds a valid invite. */
  hasInvite?: boolean;
  /** class:edit, class:delete: who created the class. */
  classCreatorId?: string;
  /** class:delete: whether a patch answers the class. */
  classAnswered?: boolean;
}

export type Decision = { allowed: true } | { allowed: false; code: "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN"; message: string };


const ALLOW: Decision = { allowed: true };
const forbid = (message: string): Decision => ({ allowed: false, code: "FORBIDDEN", message });
const hidden: Decision = { allowed: false, code: "NOT_FOUND", message: "Debate not found" };
const signIn = (message: string): Decision => ({ allowed: false, code: "UNAUTHENTICATED", message });

interface Actor {
  signedIn: boolean;
  isOwner: boolean;
  isModerator: boolean;
  isMember: boolean;
  side: Side | null;
  userId: string | null;
}

// Ownership comes from debate.ownerId alone: a stale OWNER membership row
// (e.g. after a transfer) grants nothing beyond a member's rights.
function describeActor(ctx: ActorContext): Actor {
  const signedIn = ctx.userId !== null;
  const isOwner = signedIn && ctx.userId === ctx.debate.ownerId;
  const m = signedIn ? ctx.membership : null;
  return {
    signedIn,
    isOwner,
    isModerator: !isOwner && m?.role === "MODERATOR",
    // The owner is always a member; without a membership row they are an observer.
    isMember: isOwner || m !== null,
    side: m?.side ?? (isOwner ? "OBSERVER" : null),
    userId: ctx.userId,
  };
}

function malformed(ctx: ActorContext): boolean {
  const { visibility, playMode } = ctx.debate;
  if (!isOneOf(VISIBILITIES, visibility) || !isOneOf(PLAY_MODES, playMode)) return true;
  const m = ctx.membership;
  return m !== null && (!isOneOf(MEMBER_ROLES, m.role) || !isOneOf(SIDES, m.side));
}

/** Decides an action and says why; `can`/`assertCan` are thin wrappers. */
export function decide(action: Action, ctx: ActorContext): Decision {
  if (!(ACTIONS as readonly string[]).includes(action)) return forbid(`Unknown action "${String(action)}"`);
  if (malformed(ctx)) return forbid("Unrecognised role, side or debate setting");
  const actor = describeActor(ctx);
  const { visibility } = ctx.debate;
  const canRead = visibility !== "PRIVATE" || actor.isMember;

  if (action === "debate:join") return decideJoin(ctx, actor);
  // A private debate the actor cannot read does not exist for them, whatever they try.
  if (!canRead) return hidden;
  if (action === "debate:read") return ALLOW;
  if (action === "debate:list-publicly") {
    return visibility === "PUBLIC" ? ALLOW : forbid("Only public debates are listed publicly");
  }

  if (!actor.signedIn) return signIn("Sign in and join the debate to do that");
  if (!actor.isMember) return forbid("Only members of the debate may do that; join it first");
  return decideMemberAction(action, ctx, actor);
}

function decideJoin(ctx: ActorContext, actor: Actor): Decision {
  if (ctx.debate.visibility === "PRIVATE") {
    if (!actor.isMember && ctx.hasInvite !== true) return hidden;
    if (!actor.signedIn) return signIn("Sign in to accept the invitation");
    return ALLOW;
  }
  if (!actor.signedIn) return signIn("Sign in to join the debate");
  return ALLOW;
}

const isStaff = (a: Actor) => a.isOwner || a.isModerator;
const isPlayer = (a: Actor) => a.side === "BUILDER" || a.side === "BREAKER";

function decideMemberAction(action: Action, ctx: ActorContext, actor: Actor): Decision {
  const target = ctx.target ?? null;
  const isAuthor = target !== null && target.authorId === actor.userId;
  switch (action) {
    case "debate:update-settings":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may change its settings");
    case "debate:set-stuck-threshold":
      // How long a quiet debate waits before it counts as stuck: a moderation knob, not ownership.
      return isStaff(actor) ? ALLOW : forbid("Only the owner and moderators may change when the debate counts as stuck");
    case "debate:leave":
      // The debate always has an owner: they hand it on (or delete it) before they go.
      return actor.isOwner
        ? forbid("The owner cannot leave the debate; transfer ownership to another member first, or delete the debate")
        : ALLOW;
    case "debate:transfer-ownership":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may transfer ownership");
    case "debate:delete":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may delete the debate");
    case "member:remove":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may remove members");
    case "member:set-role":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may appoint or remove moderators");
    case "member:invite":
      return isStaff(actor) ? ALLOW : forbid("Only the owner and moderators may invite people");
    case "node:create":
      return decideCreate(ctx, actor);
    case "node:edit":
      if (!target) return forbid("No node to edit");
      return isAuthor ? ALLOW : forbid("Only the author may edit a node");
    case "node:retract":
      if (!target) return forbid("No node to retract");
      return isAuthor || isStaff(actor) ? ALLOW : forbid("Only the author, moderators or the owner may retract a node");
    case "node:accept-rebuttal":
      if (!target) return forbid("No rebuttal to accept");
      return isStaff(actor) || (target.parentAuthorId != null && target.parentAuthorId === actor.userId)
        ? ALLOW
        : forbid("Only the owner, moderators or the author of the rebutted node may accept a rebuttal");
    case "branch:prune":
      if (!target) return forbid("No branch to prune");
      return isAuthor || isStaff(actor)
        ? ALLOW
        : forbid("Only the branch author, moderators or the owner may prune a branch");
    case "branch:reopen":
      // Whoever may prune any branch may also undo it, whatever their side.
      return isPlayer(actor) || isStaff(actor) ? ALLOW : forbid("Observers may not reopen branches");
    case "branch:estimate":
      // Any member, observers included, may say how promising a branch looks.
      return ALLOW;
    case "claim:set-mode":
    case "experiment:edit":
      return isPlayer(actor) || isStaff(actor)
        ? ALLOW
        : forbid("Only builders, breakers, moderators or the owner may change a claim's mode or experiment");
    case "prediction:create":
    case "claim:dispute":
      return ALLOW;
    case "claim:resolve":
    case "claim:reopen-resolution":
      return isStaff(actor) ? ALLOW : forbid("Only the owner and moderators may resolve or reopen a claim");
    case "crux:mark":
      return isPlayer(actor) ? ALLOW : forbid("Only builders and breakers may mark cruxes");
    case "class:create":
      return isPlayer(actor) || isStaff(actor) ? ALLOW : forbid("Only builders, breakers, moderators or the owner may create counterexample classes");
    case "class:edit":
      return isStaff(actor) || (ctx.classCreatorId !== undefined && ctx.classCreatorId === actor.userId)
        ? ALLOW
        : forbid("Only the class's creator, moderators or the owner may rename a class");
    case "class:delete":
      // Deleting an answered class takes the patches' answers with it (its members are live
      // again), so once a patch answers it only the owner and moderators may delete it.
      if (isStaff(actor)) return ALLOW;
      if (ctx.classCreatorId === undefined || ctx.classCreatorId !== actor.userId) {
        return forbid("Only the class's creator, moderators or the owner may delete a class");
      }
      return ctx.classAnswered === true
        ? forbid("A patch answers this class: only moderators or the owner may delete it now")
        : ALLOW;
    case "counterexample:classify":
      // Not builders: a class a patch answers covers every member, so a builder moving a
      // counterexample into an answered class would answer it without a patch.
      if (!target || target.kind !== "COUNTEREXAMPLE") return forbid("Only counterexamples can be classified");
      return isAuthor || actor.side === "BREAKER" || isStaff(actor)
        ? ALLOW
        : forbid("Only the counterexample's author, breakers, moderators or the owner may classify it");
    case "counterexample:estimate":
      // Like predictions: anyone in the debate may weigh a counterexample; sides are shown apart.
      return ALLOW;
    case "debate:set-standing-rule":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may choose the rule that marks a version broken");
    case "crux:estimate":
      // Any member may say what would change their mind (and answer after the result); only
      // builders' and breakers' estimates make a double crux (lib/domain/cruxes/ledger.ts).
      return ALLOW;
    case "summary:write":
      return isPlayer(actor) || isStaff(actor)
        ? ALLOW
        : forbid("Only builders, breakers, moderators or the owner may write a summary");
    case "summary:edit":
      if (!target) return forbid("No summary to edit");
      return isAuthor ? ALLOW : forbid("Only the author may edit a summary");
    case "summary:endorse":
      return isPlayer(actor) ? ALLOW : forbid("Only builders and breakers may endorse a summary");
    case "link:create":
      // A typed link is an argumentative claim about two nodes (docs/decisions/012-support-and-links.md).
      return isPlayer(actor) || isStaff(actor)
        ? ALLOW
        : forbid("Only builders, breakers, moderators or the owner may link nodes");
    case "link:delete":
      if (!ctx.link) return forbid("No link to remove");
      return ctx.link.authorId === actor.userId || isStaff(actor)
        ? ALLOW
        : forbid("Only the link's author, moderators or the owner may remove a link");
    case "round:open":
    case "round:finalise":
      return actor.isOwner ? ALLOW : forbid("Only the debate owner may open or finalise a judged round");
    case "round:verdict":
      // Which members judge is the round's own list (lib/domain/rounds/round.ts assertCanJudge).
      return ALLOW;
    default:
      return forbid(`Unknown action "${String(action)}"`);
  }
}

function decideCreate(ctx: ActorContext, actor: Actor): Decision {
  const kind = ctx.createKind;
  if (!isOneOf(NODE_KINDS, kind)) return forbid("Unknown node kind");
  if (kind === "PROPOSAL") return forbid("The proposal is created with the debate; new versions come from patches");
  if (kind === "QUESTION" || kind === "COMMENT") return ALLOW;
  if (!isPlayer(actor)) return forbid("Observers may only post questions and comments");
  // SUPPORT is open to both sides in every play mode: it takes no turn and changes no standing.
  if (ctx.debate.playMode === "STRICT") {
    if (kind === "COUNTEREXAMPLE" && actor.side !== "BREAKER") {
      return forbid("In a STRICT debate only breakers may post counterexamples");
    }
    if (kind === "PATCH" && actor.side !== "BUILDER") {
      return forbid("In a STRICT debate only builders may post patches");
    }
  }
  return ALLOW;
}

export function can(action: Action, ctx: ActorContext): boolean {
  return decide(action, ctx).allowed;
}

/** Throws UNAUTHENTICATED, NOT_FOUND (unreadable private debate) or FORBIDDEN. */
export function assertCan(action: Action, ctx: ActorContext): void {
  const decision = decide(action, ctx);
  if (!decision.allowed) throw new AppError(decision.code, decision.message, { details: { action } });
}
