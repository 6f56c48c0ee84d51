"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, errorText } from "@/lib/client/api";
import { markNotificationsRead } from "@/lib/contracts/accounts";
import { notificationsMayHaveChanged } from "@/app/components/NotificationsLink";

export interface NotificationItem {
  id: string;
  type: string;
  message: string;
  href: string;
  debateTitle: string | null;
  createdAt: string;
  read: boolean;
}

// What kind of news each line is, in words (the API's `type` is the event name).
const LABELS: Record<string, string> = {
  reply: "reply",
  counterexample: "counterexample",
  "branch.pruned": "pruned",
  "branch.reopened": "reopened",
  "claim.resolved": "resolved",
  "member.invited": "invitation",
  "link.created": "link",
  "crux.follow-up": "confirm your update",
  "ownership.transferred": "owner",
  "debate.deleted": "deleted",
  "round.judge": "judge",
  "counterexample.classified": "class",
  "class.answered": "class answered",
  "class.deleted": "class deleted",
  "standing-rule.changed": "rule",
};

export function NotificationList({ items, unreadCount }: { items: NotificationItem[]; unreadCount: number }) {
  const router = useRouter();
  const [readIds, setReadIds] = useState<ReadonlySet<string>>(new Set());
  const [allRead, setAllRead] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isRead = (n: NotificationItem) => allRead || n.read || readIds.has(n.id);

  async function markRead(body: { ids: string[] } | { all: true }) {
    setError(null);
    try {
      await callApi(markNotificationsRead, { body });
      if ("all" in body) setAllRead(true);
      else setReadIds((prev) => new Set([...prev, ...body.ids]));
      notificationsMayHaveChanged();
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }

  const unread = allRead ? 0 : Math.max(0, unreadCount - items.filter((n) => !n.read && readIds.has(n.id)).length);
  return (
    <section className="panel" aria-label="Notifications">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span data-testid="unread-count">{unread} unread</span>
        <button type="button" className="secondary" disabled={unread === 0} onClick={() => void markRead({ all: true })}>
          Mark all read
        </button>
      </div>
      {error ? <p role="alert" className="small" style={{ color: "var(--danger)" }}>{error}</p> : null}
      {items.length === 0 ? <p className="muted">Nothing here yet.</p> : null}
      <ul className="list">
        {items.map((n) => (
          <li key={n.id} data-testid="notification" data-read={isRead(n) ? "true" : "false"} style={isRead(n) ? { opacity: 0.65 } : { fontWeight: 600 }}>
            <span className="badge kind">{LABELS[n.type] ?? "news"}</span>{" "}
            <Link href={n.href} onClick={() => (isRead(n) ? undefined : void markRead({ ids: [n.id] }))}>
              {n.message}
            </Link>{" "}
            <span className="small muted">
              <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
            </span>{" "}
            {isRead(n) ? null : (
              <button type="button" className="secondary small" onClick={() => void markRead({ ids: [n.id] })}>
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
