import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/http/actor";
import { listNotifications, listNotificationsQuery } from "@/lib/server/notifications/service";
import { NotificationList } from "./NotificationList";

export const metadata: Metadata = { title: "Notifications" };

export const dynamic = "force-dynamic";

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin?callbackUrl=/notifications");
  const sp = await searchParams;
  const unread = sp.unread === "1" ? "1" : undefined;
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const parsed = listNotificationsQuery.safeParse({ unread, before });
  const { notifications, unreadCount, nextBefore } = await listNotifications(actor, parsed.success ? parsed.data : listNotificationsQuery.parse({ unread }));
  return (
    <>
      <h1>Notifications</h1>
      <p className="small muted">
        Replies to your nodes, counterexamples against your proposal versions, your branches pruned or reopened,
        branches you pruned reopened, resolutions of claims you predicted on, and invitations to debates. ·{" "}
        {unread ? <Link href="/notifications">Show all</Link> : <Link href="/notifications?unread=1">Show unread only</Link>}
      </p>
      <NotificationList
        unreadCount={unreadCount}
        items={notifications.map((n) => ({
          id: n.id,
          type: n.type,
          message: n.message,
          href: n.href,
          debateTitle: n.debateTitle,
          createdAt: n.createdAt.toISOString(),
          read: n.readAt !== null,
        }))}
      />
      {nextBefore ? (
        <p>
          <Link href={`/notifications?${new URLSearchParams({ ...(unread ? { unread } : {}), before: nextBefore })}`}>Older notifications</Link>
        </p>
      ) : null}
    </>
  );
}
