"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DebateViewProps } from "@/lib/debate/page-data";
import { api, errorText } from "@/app/components/api-client";
import { DebateView } from "./DebateView";

/**
 * Loads the debate page's data and reloads it after a change (our own or, via
 * live updates, someone else's). The view keeps its own state across reloads.
 */
export function DebateLoader({ debateId, title, context }: { debateId: string; title: string; context: string }) {
  const [data, setData] = useState<DebateViewProps | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const reload = useCallback(async () => {
    // Coalesce bursts: at most one request in flight and one queued.
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const run = async () => {
      do {
        again.current = false;
        try {
          setData(await api<DebateViewProps>(`/api/v1/debates/${debateId}/overview`));
          setError(null);
        } catch (e) {
          setError(errorText(e));
        }
      } while (again.current);
      inFlight.current = null;
    };
    inFlight.current = run();
    return inFlight.current;
  }, [debateId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!data) {
    return (
      <>
        <h1>{title}</h1>
        {context ? <p className="muted">{context}</p> : null}
        {error ? <p role="alert" className="form-error">{error}</p> : <p className="muted" role="status">Loading the debate tree…</p>}
      </>
    );
  }
  return <DebateView {...data} reload={reload} />;
}
