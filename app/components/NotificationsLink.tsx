"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { callApi } from "@/lib/client/api";
import { listNotifications } from "@/lib/contracts/accounts";

// The header's link to /notifications with its unread badge, kept current without a
// reload: it asks the API for the count every POLL_MS while the tab is visible, at
// once when the tab comes back, and soon after a hint that something may have
// changed (a live event in the debate being viewed, notifications marked read).
// Polling one indexed count is simpler than a per-user stream and its delay is
// bounded; the hints make it immediate where a notification is most likely.

export const POLL_MS = 10_000;
const HINT = "bb:notifications-may-have-changed";

/** Asks the header badge to look again shortly (bursts collapse into one request). */
export function notificationsMayHaveChanged() {
  window.dispatchEvent(new Event(HINT));
}

export function NotificationsLink({ initialUnread }: { initialUnread: number }) {
  // A server render after router.refresh() brings a fresh count: it wins over the polled one.
  const [state, setState] = useState({ initial: initialUnread, unread: initialUnread });
  if (state.initial !== initialUnread) setState({ initial: initialUnread, unread: initialUnread });

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let hinted: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      if (inFlight || document.visibilityState === "hidden") return;
      inFlight = true;
      try {
        // Signed out meanwhile, or the server is busy: the call throws and we keep what we show.
        const { unreadCount } = await callApi(listNotifications, { query: { unread: "1", limit: 1 } });
        if (!stopped) setState((s) => ({ ...s, unread: unreadCount }));
      } catch {
        // offline: the next tick tries again
      } finally {
        inFlight = false;
      }
    };
    const onHint = () => {
      if (!hinted) hinted = setTimeout(() => ((hinted = undefined), void refresh()), 300);
    };
    const onVisible = () => void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    window.addEventListener(HINT, onHint);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(hinted);
      window.removeEventListener(HINT, onHint);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);

  const { unread } = state;
  return (
    <Link href="/notifications" data-testid="notifications-link">
      Notifications
      {unread ? (
        <span className="badge broken" data-testid="unread-badge" aria-label={`${unread} unread`}>
          {" "}
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
