"use client";
import { useEffect, useRef, useState } from "react";

/**
 * Subscribes to the debate's Server-Sent Events. EventSource reconnects by
 * itself and sends Last-Event-ID, so the server replays what was missed.
 */
export function LiveUpdates({ debateId, onChange }: { debateId: string; onChange: (nodeIds: string[]) => void }) {
  const [status, setStatus] = useState<"connecting" | "live" | "reconnecting">("connecting");
  const [viewers, setViewers] = useState<string[]>([]);
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const source = new EventSource(`/api/v1/debates/${debateId}/events`);
    let pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Bursts of events cause one refresh, not one per event.
    const flush = () => {
      timer = undefined;
      const ids = pending;
      pending = [];
      callback.current(ids);
    };
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("reconnecting");
    source.addEventListener("change", (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { nodeId?: string | null };
        if (data.nodeId) pending.push(data.nodeId);
      } catch {
        // A malformed event still triggers a refresh below.
      }
      timer ??= setTimeout(flush, 150);
    });
    source.addEventListener("resync", () => {
      timer ??= setTimeout(flush, 0);
    });
    source.addEventListener("presence", (event) => {
      try {
        setViewers((JSON.parse((event as MessageEvent<string>).data) as { viewers: string[] }).viewers);
      } catch {
        setViewers([]);
      }
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [debateId]);

  return (
    <div className="small muted" aria-live="polite" data-testid="live-status" data-status={status} style={{ float: "right" }}>
      {status === "live" ? "● live" : status === "connecting" ? "connecting…" : "reconnecting…"}
      {viewers.length ? ` · viewing now: ${viewers.join(", ")}` : ""}
    </div>
  );
}
