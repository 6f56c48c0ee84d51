"use client";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { flattenVisible, type Forest } from "@/lib/domain/debate/tree";
import { labelOf, type TreeRowData } from "./tree-row";
import { PHONE, useMediaQuery } from "./media";

const DESKTOP_ROW_HEIGHT = 34;
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
  doubleCruxIds = new Set(),
  onSelect,
}: {
  forest: Forest<TreeRowData>;
  focusId: string | null;
  selectedId: string | null;
  highlighted: ReadonlySet<string>;
  /** Claims the crux ledger finds to be double cruxes (badge). */
  doubleCruxIds?: ReadonlySet<string>;
  onSelect: (id: string) => void;
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
    const isOpen = expanded.has(id);
    const next = open ?? !isOpen;
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
        if (current.hasChildren && !current.expanded) toggle(current.node.id, true);
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
        <span className="muted">{visible.length} of {forest.byId.size} moves shown</span>
      </div>
      <div
        ref={viewport}
        className="tree-viewport"
        role="tree"
        aria-label="Debate tree"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: visible.length * rowHeight, position: "relative" }}>
          {visible.slice(first, last).map((v, i) => {
            const row = v.node.row;
            const index = first + i;
            const classes = ["tree-row", row.prunedAt ? "is-pruned" : "", row.retractedAt ? "is-retracted" : "", row.id === selectedId ? "selected" : "", highlighted.has(row.id) ? "highlight" : ""];
            return (
              <div
                key={row.id}
                role="treeitem"
                aria-level={v.depth + 1}
                aria-expanded={v.hasChildren ? v.expanded : undefined}
                aria-selected={row.id === selectedId}
                data-node-id={row.id}
                className={classes.join(" ")}
                style={{ top: index * rowHeight, height: rowHeight, paddingLeft: 4 + Math.min(v.depth, phone ? 12 : 24) * indentPx }}
                onClick={() => onSelect(row.id)}
              >
                <span className={`side-bar ${row.side}`} aria-hidden />
                {v.hasChildren ? (
                  <button
                    type="button"
                    className="toggle"
                    tabIndex={-1}
                    aria-label={v.expanded ? "Collapse branch" : "Expand branch"}
                    onClick={(e) => { e.stopPropagation(); toggle(row.id); }}
                  >
                    {v.expanded ? "▾" : "▸"}
                  </button>
                ) : (
                  <span className="toggle" aria-hidden />
                )}
                <span className={`badge side-${row.side}`}>{kindLabel(row.kind)}</span>
                {row.versionNumber ? <span className="badge kind">v{row.versionNumber}</span> : null}
                <span className="title">{labelOf(row)}</span>
                {row.prunedAt ? <span className="badge pruned">pruned</span> : null}
                {row.retractedAt ? <span className="badge retracted">retracted</span> : null}
                {row.acceptedAt ? <span className="badge stands">accepted</span> : null}
                {row.resolutionMode === "EMPIRICAL" ? <span className="badge empirical">empirical</span> : null}
                {row.resolutionMode === "OUT_OF_SCOPE" ? <span className="badge out-of-scope">out of scope</span> : null}
                {row.outcome ? <span className={`badge outcome-${row.outcome}`}>{row.outcome.toLowerCase()}</span> : null}
                {doubleCruxIds.has(row.id) ? <span className="badge double-crux">double crux</span> : null}
                {v.node.subtreeSize > 1 ? <span className="small muted" title="Moves in this branch">({v.node.subtreeSize - 1})</span> : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function kindLabel(kind: string): string {
  return kind === "COUNTEREXAMPLE" ? "counterexample" : kind.toLowerCase();
}
