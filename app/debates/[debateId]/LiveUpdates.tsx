"use client";
import { useEffect, useRef, useState } from "react";
import { notificationsMayHaveChanged } from "@/app/components/NotificationsLink";

const MAX_RETRY_MS = 30_000;

/**
 * Subscribes to the debate's Server-Sent Events. EventSource reconnects by
 * itself and sends Last-Event-ID, so the server replays what was missed. When
 * the browser gives up (a non-200 answer such as 429 or 502 closes it for good),
 * we open a new one after a growing delay, resuming from the last seq with ?since=.
 */
/** What a burst of events changed: the nodes they name, or everything after a resync. */
export interface LiveChange {
  nodeIds: string[];
  /** The server could not replay what was missed (or an event was unreadable): anything may have changed. */
  everything: boolean;
}

export function LiveUpdates({ debateId, onChange }: { debateId: string; onChange: (change: LiveChange) => void }) {
  const [status, setStatus] = useState<"connecting" | "live" | "reconnecting">("connecting");
  const [viewers, setViewers] = useState<string[]>([]);
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastSeq: string | null = null;
    let retryMs = 1_000;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: string[] = [];
    let everything = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // Bursts of events cause one refresh, not one per event.
    const flush = () => {
      timer = undefined;
      const change = { nodeIds: pending, everything };
      pending = [];
      everything = false;
      callback.current(change);
    };
    const remember = (event: MessageEvent<string>) => {
      if (event.lastEventId) lastSeq = event.lastEventId;
    };

    const connect = () => {
      const query = lastSeq ? `?since=${encodeURIComponent(lastSeq)}` : "";
      const current = new EventSource(`/api/v1/debates/${debateId}/events${query}`);
      source = current;
      current.onopen = () => {
        retryMs = 1_000;
        setStatus("live");
      };
      current.onerror = () => {
        setStatus("reconnecting");
        if (current.readyState !== EventSource.CLOSED || stopped) return;
        // The browser will not retry this one: schedule our own reconnect.
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      };
      current.addEventListener("ready", (event) => remember(event as MessageEvent<string>));
      current.addEventListener("change", (event) => {
        remember(event as MessageEvent<string>);
        notificationsMayHaveChanged(); // a move here may have notified me (written with its event)
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as { nodeId?: string | null };
          if (data.nodeId) pending.push(data.nodeId);
        } catch {
          everything = true; // a malformed event still triggers a refresh below
        }
        timer ??= setTimeout(flush, 150);
      });
      current.addEventListener("resync", (event) => {
        remember(event as MessageEvent<string>);
        everything = true;
        timer ??= setTimeout(flush, 0);
      });
      current.addEventListener("presence", (event) => {
        try {
          setViewers((JSON.parse((event as MessageEvent<string>).data) as { viewers: string[] }).viewers);
        } catch {
          setViewers([]);
        }
      });
    };
    connect();

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (retryTimer) clearTimeout(retryTimer);
      source?.close();
    };
  }, [debateId]);

  return (
    <div className="small muted live-status" aria-live="polite" data-testid="live-status" data-status={status}>
      {status === "live" ? "● live" : status === "connecting" ? "connecting…" : "reconnecting…"}
      {viewers.length ? ` · viewing now: ${viewers.join(", ")}` : ""}
    </div>
  );
}
