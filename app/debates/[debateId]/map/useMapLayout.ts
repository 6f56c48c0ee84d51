import { useEffect, useMemo, useState } from "react";
import {
  assembleMapLayout,
  chooseDrawn,
  mapGraphOf,
  positionMapGraph,
  type MapGraph,
  type MapLayout,
  type MapLayoutInput,
} from "@/lib/domain/debate/map-layout";
import type { TreeRow } from "@/lib/domain/debate/tree";
import { hasLayoutWorker, positionInBackground } from "./map-positions";

export interface MapLayoutState<T extends TreeRow> {
  /** The latest finished layout (null before the first one). */
  layout: MapLayout<T> | null;
  /** True while a newer layout is being computed; `layout` is then the previous one. */
  pending: boolean;
}

/**
 * The map's layout for `input` (memoize it: a new object is a new layout). Which nodes
 * are drawn is decided here (cheap); where they go is computed in the layout worker, or
 * synchronously when the browser has none.
 */
export function useMapLayout<T extends TreeRow>(input: MapLayoutInput<T>): MapLayoutState<T> {
  const picks = useMemo(() => chooseDrawn(input), [input]);
  const graph = useMemo(() => mapGraphOf(picks), [picks]);
  const sync = useMemo(() => (hasLayoutWorker() ? null : assembleMapLayout(input, picks, positionMapGraph(graph))), [input, picks, graph]);
  const [done, setDone] = useState<{ graph: MapGraph; layout: MapLayout<T> } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    if (sync) return;
    let current = true;
    positionInBackground(graph).then(
      (positions) => {
        if (current) setDone({ graph, layout: assembleMapLayout(input, picks, positions) });
      },
      (error: unknown) => {
        if (current) setFailure(error ?? new Error("map layout failed"));
      },
    );
    return () => {
      current = false;
    };
  }, [sync, graph, input, picks]);

  // A layout that failed on both threads is a bug: let the page's error boundary show it.
  if (failure) throw failure;
  if (sync) return { layout: sync, pending: false };
  return { layout: done?.layout ?? null, pending: done?.graph !== graph };
}
