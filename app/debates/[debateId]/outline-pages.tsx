"use client";
// A large debate's outline arrives in pages (docs/api.md, "The tree"): the overview brings
// the first rows in reading order, "Show more" follows GET /tree's cursor, and opening a
// branch whose children are not here yet reads them with ?under=. DebateLoader owns the
// loaded rows; TreeView reads this context, so DebateView passes nothing new.
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { getTree, type Outline, type TreeItem, type TreePageNode } from "@/lib/contracts/debates";
import { callApi, errorText } from "@/lib/client/api";

const PAGE_ROWS = 300;
const CHILDREN_ROWS = 1_000;
const EXCERPT_CHARS = 160;

export interface OutlinePaging {
  /** Nodes in the debate; the forest may hold fewer. */
  total: number;
  /** [children, descendants] of a node in the whole debate, when the server told us. */
  countsOf(id: string): readonly [number, number] | undefined;
  /** More rows after the loaded ones (in reading order). */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore(): Promise<void>;
  /** Reads a node's children when some are not loaded. */
  loadChildren(id: string): Promise<void>;
  /** Reads a node that is not loaded, with its ancestors (opened from a list, a search, a link). */
  reveal(id: string): Promise<void>;
}

const OutlineContext = createContext<OutlinePaging | null>(null);
export const OutlineProvider = OutlineContext.Provider;
/** The paging of the debate's outline, or null when the page holds every node. */
export const useOutlinePaging = () => useContext(OutlineContext);

/** A /tree page node as the page lists it (an excerpt instead of the body). */
export function toTreeItem(n: TreePageNode): TreeItem {
  return {
    id: n.id, parentId: n.parentId, kind: n.kind, side: n.side, authorId: n.authorId, authorName: n.authorName, title: n.title,
    excerpt: n.body.length > EXCERPT_CHARS ? `${n.body.slice(0, EXCERPT_CHARS)}…` : n.body,
    createdAt: n.createdAt, updatedAt: n.updatedAt, prunedAt: n.prunedAt, retractedAt: n.retractedAt, acceptedAt: n.acceptedAt,
    resolutionMode: n.resolutionMode, outcome: n.outcome, versionNumber: n.versionNumber, targetVersions: n.targetVersions,
    answersNodeIds: n.answersNodeIds, hasQuote: n.quoteText !== null,
  };
}

/**
 * The rows loaded beyond the overview's, and the paging built on them. `merge` puts them
 * beside the overview's rows (the overview's copy of a node wins: it is the newer read).
 */
export function useOutlinePages(debateId: string, outline: Outline | undefined) {
  const [extra, setExtra] = useState<Map<string, { item: TreeItem; counts: [number, number] }>>(new Map());
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const add = useCallback((nodes: TreePageNode[]) => {
    setExtra((old) => {
      const next = new Map(old);
      for (const n of nodes) next.set(n.id, { item: toTreeItem(n), counts: [n.childCount ?? 0, n.descendantCount ?? 0] });
      return next;
    });
  }, []);

  const run = useCallback(async (read: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      await read();
    } catch (e) {
      setError(errorText(e));
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, []);

  // The overview's cursor until we have paged past it.
  const nextCursor = cursor === undefined ? (outline?.nextCursor ?? null) : cursor;

  const loadMore = useCallback(
    () =>
      run(async () => {
        if (!nextCursor) return;
        const page = await callApi(getTree, { params: { debateId }, query: { cursor: nextCursor, limit: PAGE_ROWS } });
        add(page.nodes as TreePageNode[]);
        setCursor(page.nextCursor ?? null);
      }),
    [add, debateId, nextCursor, run],
  );

  const loadChildren = useCallback(
    (id: string) =>
      run(async () => {
        const page = await callApi(getTree, { params: { debateId }, query: { under: id, depth: 1, limit: CHILDREN_ROWS } });
        add(page.nodes as TreePageNode[]);
      }),
    [add, debateId, run],
  );

  // Not through `run`: opening a node must not wait for, or be dropped behind, a page being read.
  const reveal = useCallback(
    async (id: string) => {
      try {
        const path = await callApi(getTree, { params: { debateId }, query: { path: id } });
        add(path.nodes as TreePageNode[]);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [add, debateId],
  );

  const paging = useMemo<OutlinePaging | null>(() => {
    if (!outline || outline.complete) return null;
    return {
      total: outline.total,
      countsOf: (id) => outline.counts[id] ?? extra.get(id)?.counts,
      hasMore: nextCursor !== null,
      loading,
      error,
      loadMore,
      loadChildren,
      reveal,
    };
  }, [outline, extra, nextCursor, loading, error, loadMore, loadChildren, reveal]);

  const merge = useCallback(
    (nodes: TreeItem[]): TreeItem[] => {
      if (extra.size === 0) return nodes;
      const have = new Set(nodes.map((n) => n.id));
      return [...nodes, ...[...extra.values()].filter((e) => !have.has(e.item.id)).map((e) => e.item)];
    },
    [extra],
  );

  return { paging, merge };
}
