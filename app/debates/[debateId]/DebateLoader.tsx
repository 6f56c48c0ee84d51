"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getOverview, type DebateViewProps } from "@/lib/contracts/debates";
import { ApiError, callApi, errorText } from "@/lib/client/api";
import { DebateView } from "./DebateView";
import { OutlineProvider, useOutlinePages } from "./outline-pages";

/** After the next frame is painted; after 100 ms in a hidden tab, where frames wait until it is shown. */
const afterNextPaint = () =>
  new Promise<void>((resolve) => {
    const hidden = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(hidden);
      setTimeout(resolve, 0);
    });
  });

/**
 * Loads the debate page's data and reloads it after a change (our own or, via
 * live updates, someone else's). The view keeps its own state across reloads.
 */
export function DebateLoader({ debateId, title, context }: { debateId: string; title: string; context: string }) {
  const [data, setData] = useState<DebateViewProps | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const loaded = useRef(false);
  // Refreshes in a row that failed on the network (or with a 5xx/429): they are retried,
  // or a live update that arrived during a blip would be lost until the next one.
  const [failures, setFailures] = useState(0);

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
          // The first load of a large debate shows its rows at once and its analyses when
          // computed (seconds at 100,000 nodes); later reloads keep the view until both are in.
          const view = await callApi(getOverview, { params: { debateId }, query: loaded.current ? {} : { analysis: "later" } });
          loaded.current = true;
          setData(view);
          setError(null);
          setFailures(0);
          if (view.analysisPending) {
            again.current = true;
            // The rows paint before the analyses' megabytes arrive and are parsed beside them.
            await afterNextPaint();
          }
        } catch (e) {
          setError(errorText(e));
          const transient = !(e instanceof ApiError) || e.status >= 500 || e.status === 429;
          if (transient) setFailures((n) => n + 1);
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

  // Retry a failed refresh as soon as the browser is back online, else with backoff.
  useEffect(() => {
    if (failures === 0) return;
    const retry = () => void reload();
    const timer = setTimeout(retry, Math.min(30_000, 1_000 * 2 ** failures));
    window.addEventListener("online", retry);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("online", retry);
    };
  }, [failures, reload]);

  // A large debate comes as its first rows; the rows paged in since stay across reloads.
  const { paging, merge } = useOutlinePages(debateId, data?.outline);
  const view = useMemo(() => (data ? { ...data, nodes: merge(data.nodes) } : null), [data, merge]);

  if (!view) {
    return (
      <>
        <h1>{title}</h1>
        {context ? <p className="muted">{context}</p> : null}
        {error ? <p role="alert" className="form-error">{error}</p> : <p className="muted" role="status">Loading the debate tree…</p>}
      </>
    );
  }
  return (
    <OutlineProvider value={paging}>
      <DebateView {...view} reload={reload} />
    </OutlineProvider>
  );
}
