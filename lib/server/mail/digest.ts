// E-mailed digests of unread in-app notifications, for users who turned them on.
// Run by a timer in the server process (lib/server/mail/scheduler.ts). Safe with several
// processes and restarts: a user is claimed with a compare-and-set on digestSentAt (at
// most one digest per DIGEST_INTERVAL_HOURS), each notification is claimed by setting
// emailedAt (never mailed twice), and a failed send releases both for the next run.

import "server-only";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { digestMail } from "@/lib/domain/mail/messages";
import { publicBaseUrl, sendMail } from "@/lib/server/mail/transport";
import { log } from "@/lib/server/log";

export async function setEmailDigest(userId: string, enabled: boolean): Promise<{ emailDigest: boolean }> {
  // Keep an existing start date when it is already on: re-saving must not drop pending items.
  if (enabled) await db().user.updateMany({ where: { id: userId, digestSince: null }, data: { digestSince: new Date() } });
  else await db().user.update({ where: { id: userId }, data: { digestSince: null }, select: { id: true } });
  return { emailDigest: enabled };
}

export async function emailDigestEnabled(userId: string): Promise<boolean> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { digestSince: true } });
  return Boolean(row?.digestSince);
}

/** Sends every digest that is due; returns how many mails went out. */
export async function sendDueDigests(now = new Date()): Promise<{ sent: number; failed: number }> {
  const intervalMs = env().DIGEST_INTERVAL_HOURS * 60 * 60 * 1000;
  const due = await db().user.findMany({
    where: {
      digestSince: { not: null },
      email: { not: null },
      OR: [{ digestSentAt: null }, { digestSentAt: { lte: new Date(now.getTime() - intervalMs) } }],
    },
    select: { id: true, email: true, displayName: true, digestSince: true, digestSentAt: true },
    take: 500,
  });
  let sent = 0;
  let failed = 0;
  for (const user of due) {
    const outcome = await sendDigest(user, now).catch((error: unknown) => {
      log().error({ err: error, userId: user.id }, "[digest] sending failed for a user; it will be retried");
      return "failed" as const;
    });
    if (outcome === "sent") sent++;
    if (outcome === "failed") failed++;
  }
  return { sent, failed };
}

async function sendDigest(
  user: { id: string; email: string | null; displayName: string; digestSince: Date | null; digestSentAt: Date | null },
  now: Date,
): Promise<"sent" | "nothing" | "taken" | "failed"> {
  if (!user.email || !user.digestSince) return "nothing";
  const pending = { userId: user.id, readAt: null, emailedAt: null, createdAt: { gte: user.digestSince } };
  if ((await db().notification.count({ where: pending })) === 0) return "nothing";
  // Claim the user for this interval; another process that read the same row loses here.
  const claimed = await db().user.updateMany({ where: { id: user.id, digestSentAt: user.digestSentAt }, data: { digestSentAt: now } });
  if (claimed.count !== 1) return "taken";
  const items = await db().$transaction(async (tx) => {
    const rows = await tx.notification.findMany({
      where: pending,
      select: { id: true, message: true, debateId: true, nodeId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    // Claim exactly the rows read; a row claimed meanwhile (count mismatch) aborts the digest.
    const { count } = await tx.notification.updateMany({ where: { id: { in: rows.map((r) => r.id) }, emailedAt: null }, data: { emailedAt: now } });
    if (count !== rows.length) throw new Error("notifications were claimed concurrently");
    return rows;
  });
  const titles = new Map(
    (await db().debate.findMany({ where: { id: { in: [...new Set(items.map((i) => i.debateId))] } }, select: { id: true, title: true } })).map((d) => [d.id, d.title]),
  );
  const base = publicBaseUrl();
  try {
    await sendMail({
      to: user.email,
      ...digestMail({
        displayName: user.displayName,
        items: items.map((n) => ({
          message: n.message,
          debateTitle: titles.get(n.debateId) ?? "A debate",
          link: `${base}/debates/${n.debateId}${n.nodeId ? `#node-${n.nodeId}` : ""}`,
          createdAt: n.createdAt,
        })),
        notificationsUrl: `${base}/notifications`,
        settingsUrl: `${base}/settings`,
      }),
    });
    return "sent";
  } catch (error) {
    // Not sent: release the claims so the next run tries again.
    await db().notification.updateMany({ where: { id: { in: items.map((i) => i.id) }, emailedAt: now }, data: { emailedAt: null } });
    await db().user.updateMany({ where: { id: user.id, digestSentAt: now }, data: { digestSentAt: user.digestSentAt } });
    throw error;
  }
}
