// Deleting an account. The User row stays, anonymised, so the moves it wrote keep
// an author, shown as "deleted user" in the tree and the exports; everything that
// identifies the person or lets anyone act as them goes. docs/permissions.md
// ("Deleting an account") is the rule.

import "server-only";
import type { Actor } from "@/lib/domain/actor";
import { verifyPassword } from "@/lib/server/auth/password";
import { enforce, rateRules } from "@/lib/server/auth/rate-limit";
import { db, type Tx } from "@/lib/server/db/client";
import { AppError, notFound } from "@/lib/domain/errors";
import { recordEvent } from "@/lib/server/events/record";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { deleteIndependentMovesOnce } from "@/lib/server/queries/accounts";
import type { DeleteAccountInput } from "@/lib/domain/users/validation";

export const DELETED_USER_NAME = "deleted user";

/** The username a deleted account keeps: unique, and no sign-up can take it (sign-up names have no room for an id this long). */
export const deletedUsername = (userId: string) => `deleted-${userId}`;

/**
 * Deletes the actor's account. Password accounts confirm with the password (the
 * attempt counts against the account's sign-in budget). An owner of debates is
 * refused until they transfer or delete them (the error lists them).
 */
export async function deleteAccount(actor: Pick<Actor, "id">, input: DeleteAccountInput): Promise<{ removedMoves: number }> {
  const user = await db().user.findFirst({ where: { id: actor.id, deletedAt: null }, select: { passwordHash: true } });
  if (!user) throw notFound("No such user");
  if (user.passwordHash) {
    if (!input.password) throw passwordError("Enter your password to delete your account");
    await enforce(rateRules.signInPerAccount, `user:${actor.id}`);
    if (!(await verifyPassword(input.password, user.passwordHash))) throw passwordError("Wrong password");
  }
  await assertOwnsNoDebates(db(), actor.id);
  return db().$transaction(async (tx) => {
    const removedMoves = input.removeMoves ? await removeIndependentMoves(tx, actor.id) : new Map<string, number>();
    const memberships = await tx.membership.findMany({ where: { userId: actor.id }, select: { debateId: true } });
    await tx.membership.deleteMany({ where: { userId: actor.id } });
    // Checked again after the memberships are gone: a transfer to this user that was
    // in flight has committed by now (it held their membership row), and is seen here.
    await assertOwnsNoDebates(tx, actor.id);
    const debates = new Set([...memberships.map((m) => m.debateId), ...removedMoves.keys()]);
    for (const debateId of debates) {
      // Like leaving: live streams of this user end, and the activity feed says why.
      await recordEvent(tx, {
        debateId,
        actorId: actor.id,
        type: "member.left",
        payload: { userId: actor.id, reason: "account-deleted", removedMoves: removedMoves.get(debateId) ?? 0 },
      });
    }
    await tx.oAuthAccount.deleteMany({ where: { userId: actor.id } });
    await tx.apiToken.deleteMany({ where: { userId: actor.id } });
    // Kept answers of its creating requests (a token's secret, its texts) go too.
    await tx.idempotencyKey.deleteMany({ where: { userId: actor.id } });
    // Sessions and reset links die with the account (streams on debates it never joined end too).
    await revokeAllSessions(actor.id, {}, tx);
    await tx.passwordReset.deleteMany({ where: { userId: actor.id } });
    await tx.notification.deleteMany({ where: { userId: actor.id } });
    await tx.user.update({
      where: { id: actor.id },
      data: {
        username: deletedUsername(actor.id),
        displayName: DELETED_USER_NAME,
        email: null,
        passwordHash: null,
        deletedAt: new Date(),
      },
    });
    return { removedMoves: [...removedMoves.values()].reduce((a, b) => a + b, 0) };
  });
}

function passwordError(message: string) {
  return new AppError("VALIDATION", message, { details: { fieldErrors: { password: [message] } } });
}

async function assertOwnsNoDebates(client: Tx | ReturnType<typeof db>, userId: string): Promise<void> {
  const owned = await client.debate.findMany({ where: { ownerId: userId }, select: { id: true, title: true }, orderBy: { createdAt: "asc" } });
  if (owned.length === 0) return;
  const names = owned.slice(0, 10).map((d) => `“${d.title.slice(0, 60)}”`).join(", ");
  throw new AppError(
    "CONFLICT",
    `You own ${owned.length === 1 ? "a debate" : `${owned.length} debates`}: ${names}${owned.length > 10 ? ", …" : ""}. Transfer ownership to another member or delete ${owned.length === 1 ? "it" : "them"} first.`,
    { details: { ownedDebates: owned } },
  );
}

/**
 * Removes the user's moves that nothing else in a debate depends on, repeatedly
 * (a reply of their own to their own move goes first, then the move): not the
 * proposal, no replies, no proposal version, not answered by a patch, not named
 * by a duplicate prune, and no prediction, crux mark, estimate or resolution by
 * anyone else. Returns how many went, per debate.
 */
async function removeIndependentMoves(tx: Tx, userId: string): Promise<Map<string, number>> {
  const removed = new Map<string, number>();
  for (let round = 0; round < 1_000; round++) {
    const rows = await deleteIndependentMovesOnce(tx, userId);
    if (rows.length === 0) break;
    for (const { debateId } of rows) removed.set(debateId, (removed.get(debateId) ?? 0) + 1);
  }
  return removed;
}

/** What the settings page needs to offer deletion: whether to ask for a password, and the debates to hand on first. */
export async function accountDeletionInfo(userId: string): Promise<{ hasPassword: boolean; ownedDebates: { id: string; title: string }[] }> {
  const [user, ownedDebates] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    db().debate.findMany({ where: { ownerId: userId }, select: { id: true, title: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { hasPassword: Boolean(user?.passwordHash), ownedDebates };
}
