"use client";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { flattenVisible, type Forest } from "@/lib/domain/debate/tree";
import { labelOf, type TreeRowData } from "./tree-row";
import { PHONE, useMediaQuery } from "./media";
import { useOutlinePaging } from "./outline-pages";

/** Desktop: a title wraps onto a second line rather than being cut (globals.css). */
const DESKTOP_ROW_HEIGHT = 46;
/** Phone width: the badges on one line, the title on up to two more (globals.css). */
const PHONE_ROW_HEIGHT = 72;
const OVERSCAN = 10;

/**
 * A virtualized tree: only the rows in the viewport (plus a few) are in the DOM,
 * so a 10,000-node debate renders a few dozen elements.
 */
export function TreeView({
  forest,
  focusId,
  selectedId,
  highlighted,
  links = [],
  doubleCruxIds = new Set(),
  onSelect,
  chips,
}: {
  forest: Forest<TreeRowData>;
  focusId: string | null;
  selectedId: string | null;
  highlighted: ReadonlySet<string>;
  /** Cross-links: rows with any are marked (the node panel lists them). */
  links?: readonly { fromId: string; toId: string }[];
  /** Claims the crux ledger finds to be double cruxes (badge). */
  doubleCruxIds?: ReadonlySet<string>;
  onSelect: (id: string) => void;
  /** A label chip per node id (a counterexample's class). */
  chips?: ReadonlyMap<string, string>;
}) {
  // New nodes start expanded; pruned branches start folded away.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [openedPruned, setOpenedPruned] = useState<ReadonlySet<string>>(new Set());
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(560);
  const viewport = useRef<HTMLDivElement>(null);
  const phone = useMediaQuery(PHONE);
  const rowHeight = phone ? PHONE_ROW_HEIGHT : DESKTOP_ROW_HEIGHT;
  const indentPx = phone ? 10 : 16;
  // A large debate: rows come in pages; a node may have children not loaded yet (outline-pages.tsx).
  const paging = useOutlinePaging();
  const unloadedChildren = (node: { id: string; children: readonly unknown[] }) => {
    const counts = paging?.countsOf(node.id);
    return counts ? counts[0] > node.children.length : false;
  };

  const expanded = useMemo(() => {
    const set = new Set<string>();
    for (const [id, node] of forest.byId) {
      const open = node.row.prunedAt ? openedPruned.has(id) : !collapsed.has(id);
      if (open) set.add(id);
    }
    return set;
  }, [forest, collapsed, openedPruned]);

  const visible = useMemo(() => {
    const focusNode = focusId ? forest.byId.get(focusId) : undefined;
    return flattenVisible(focusNode ? { ...forest, roots: [focusNode] } : forest, expanded);
  }, [forest, focusId, expanded]);

  const linkCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const l of links) for (const id of [l.fromId, l.toId]) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }, [links]);

  const selectedIndex = selectedId ? visible.findIndex((v) => v.node.id === selectedId) : -1;

  // Reveal the selected node: unfold its ancestors, then scroll it into view.
  useEffect(() => {
    if (!selectedId) return;
    const node = forest.byId.get(selectedId);
    if (!node) return;
    const toOpen: string[] = [];
    for (let p = node.parent; p; p = p.parent) if (!expanded.has(p.id)) toOpen.push(p.id);
    if (toOpen.length) {
      setCollapsed((c) => new Set([...c].filter((id) => !toOpen.includes(id))));
      setOpenedPruned((o) => new Set([...o, ...toOpen]));
    }
  }, [selectedId, forest, expanded]);

  useEffect(() => {
    const el = viewport.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [selectedIndex, rowHeight]);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  function toggle(id: string, open?: boolean) {
    const node = forest.byId.get(id);
    if (!node) return;
    const isOpen = expanded.has(id) && node.children.length > 0;
    const next = open ?? !isOpen;
    if (next && unloadedChildren(node)) {
      // Unfold it now; the children not read yet appear when they arrive.
      setCollapsed((c) => new Set([...c].filter((x) => x !== id)));
      if (node.row.prunedAt) setOpenedPruned((o) => new Set([...o, id]));
      void paging?.loadChildren(id);
      return;
    }
    if (next === isOpen) return;
    if (node.row.prunedAt) setOpenedPruned((o) => (next ? new Set([...o, id]) : new Set([...o].filter((x) => x !== id))));
    else setCollapsed((c) => (next ? new Set([...c].filter((x) => x !== id)) : new Set([...c, id])));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (visible.length === 0) return;
    const index = Math.max(0, selectedIndex);
    const current = visible[index]!;
    const moveTo = (i: number) => onSelect(visible[Math.min(visible.length - 1, Math.max(0, i))]!.node.id);
    switch (event.key) {
      case "ArrowDown": moveTo(selectedIndex < 0 ? 0 : index + 1); break;
      case "ArrowUp": moveTo(index - 1); break;
      case "Home": moveTo(0); break;
      case "End": moveTo(visible.length - 1); break;
      case "ArrowRight":
        if ((current.hasChildren || unloadedChildren(current.node)) && !current.expanded) toggle(current.node.id, true);
        else if (current.expanded) moveTo(index + 1);
        break;
      case "ArrowLeft":
        if (current.expanded) toggle(current.node.id, false);
        else if (current.node.parent) onSelect(current.node.parent.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  return (
    <div>
      <div className="row small" style={{ marginBottom: 6 }}>
        <button type="button" className="secondary" onClick={() => { setCollapsed(new Set()); setOpenedPruned(new Set([...forest.byId.values()].filter((n) => n.row.prunedAt).map((n) => n.id))); }}>
          Expand all
        </button>
        <button type="button" className="secondary" onClick={() => { setCollapsed(new Set([...forest.byId.values()].filter((n) => n.children.length).map((n) => n.id))); setOpenedPruned(new Set()); }}>
          Collapse all
        </button>
        {paging ? (
          <span className="muted" role="status" data-testid="outline-loaded">
            {visible.length} shown · {forest.byId.size.toLocaleString("en-US")} of {paging.total.toLocaleString("en-US")} moves loaded
          </span>
        ) : (
          <span className="muted">{visible.length} of {forest.byId.size} moves shown</span>
        )}
        {/* Only where there is something to explain, so a plain debate keeps its tree above the fold. */}
        {linkCounts.size > 0 || [...forest.byId.values()].some((n) => n.row.kind === "SUPPORT") ? (
          <span className="tree-legend small" aria-label="Legend">
            <span className="badge support">+ support</span> backs what it answers · <span className="badge attack-mark">− counterexample / rebuttal</span> attacks it · <span className="badge linked">⇄ links</span> cross-links
          </span>
        ) : null}
      </div>
      <div
        ref={viewport}
        className="tree-viewport"
        role="tree"
        aria-label="Debate tree"
        aria-activedescendant={selectedId && selectedIndex >= first && selectedIndex < last ? `tree-item-${selectedId}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div role="none" style={{ height: visible.length * rowHeight, position: "relative" }}>
          {visible.slice(first, last).map((v, i) => {
            const row = v.node.row;
            const index = first + i;
            const counts = paging?.countsOf(row.id);
            const canOpen = v.hasChildren || unloadedChildren(v.node);
            const open = v.expanded;
            const descendants = counts ? counts[1] : v.node.subtreeSize - 1;
            const classes = ["tree-row", row.prunedAt ? "is-pruned" : "", row.retractedAt ? "is-retracted" : "", row.id === selectedId ? "selected" : "", highlighted.has(row.id) ? "highlight" : ""];
            return (
              <div
                key={row.id}
                role="treeitem"
                id={`tree-item-${row.id}`}
                aria-level={v.depth + 1}
                aria-expanded={canOpen ? open : undefined}
                aria-selected={row.id === selectedId}
                data-node-id={row.id}
                className={classes.join(" ")}
                style={{ top: index * rowHeight, height: rowHeight, paddingLeft: 4 + Math.min(v.depth, phone ? 12 : 24) * indentPx }}
                onClick={() => onSelect(row.id)}
              >
                <span className={`side-bar ${row.side}`} aria-hidden />
                {canOpen ? (
                  <button
                    type="button"
                    className="toggle"
                    tabIndex={-1}
                    aria-label={open ? "Collapse branch" : "Expand branch"}
                    onClick={(e) => { e.stopPropagation(); toggle(row.id); }}
                  >
                    {open ? "▾" : "▸"}
                  </button>
                ) : (
                  <span className="toggle" aria-hidden />
                )}
                {row.kind === "SUPPORT" ? (
                  <span className="badge support" title="Supports what it answers">+ support</span>
                ) : (
                  <span className={`badge side-${row.side}${row.kind === "COUNTEREXAMPLE" || row.kind === "REBUTTAL" ? " attack" : ""}`}>{kindLabel(row.kind)}</span>
                )}
                {row.versionNumber ? <span className="badge kind">v{row.versionNumber}</span> : null}
                {chips?.get(row.id) ? <span className="badge kind" data-testid="class-chip" title="Counterexample class">{chips.get(row.id)}</span> : null}
                <span className="title">{labelOf(row)}</span>
                {row.prunedAt ? <span className="badge pruned">pruned</span> : null}
                {row.retractedAt ? <span className="badge retracted">retracted</span> : null}
                {row.acceptedAt ? <span className="badge stands">accepted</span> : null}
                {row.resolutionMode === "EMPIRICAL" ? <span className="badge empirical">empirical</span> : null}
                {row.resolutionMode === "OUT_OF_SCOPE" ? <span className="badge out-of-scope">out of scope</span> : null}
                {row.outcome ? <span className={`badge outcome-${row.outcome}`}>{row.outcome.toLowerCase()}</span> : null}
                {linkCounts.get(row.id) ? (
                  <span className="badge linked" title="Cross-links: open the node to see them" data-testid="row-links">⇄ {linkCounts.get(row.id)}</span>
                ) : null}
                {descendants > 0 ? <span className="small muted" title="Moves in this branch">({descendants})</span> : null}
                {doubleCruxIds.has(row.id) ? <span className="badge double-crux">double crux</span> : null}
              </div>
            );
          })}
        </div>
      </div>
      {paging && (paging.hasMore || paging.error) ? (
        <div className="row small" style={{ marginTop: 6 }}>
          {paging.hasMore ? (
            <button type="button" className="secondary" disabled={paging.loading} onClick={() => void paging.loadMore()}>
              {paging.loading ? "Loading…" : "Show more"}
            </button>
          ) : null}
          {paging.error ? <span className="form-error" role="alert">{paging.error}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

export function kindLabel(kind: string): string {
  return kind === "COUNTEREXAMPLE" ? "counterexample" : kind.toLowerCase();
}
