"use client";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import type { Forest } from "@/lib/domain/debate/tree";
import {
  ancestorsToOpen,
  linkPaths,
  MAP_NODE_HEIGHT,
  MAP_TOGGLE_HEIGHT,
  type MapLayout,
  type MapLink,
  type MapLinkPath,
  type MapNodeBox,
} from "@/lib/domain/debate/map-layout";
import { MAP_STANDING_LABELS, standingOf, type MapStanding, type StandingScoreboard } from "@/lib/domain/debate/map-standing";
import { SIDE_LABELS } from "@/lib/domain/vocabulary";
import { labelOf, type TreeRowData } from "../tree-row";
import { wrapLines } from "./map-text";
import { MapLegend, linkLabel } from "./MapLegend";
import { useMapLayout } from "./useMapLayout";
import styles from "./map.module.css";

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2.5;
const ZOOM_STEP = 1.25;
/** A press that moves less than this (px) is a click, not a drag. */
const CLICK_SLOP = 5;

interface View {
  x: number;
  y: number;
  k: number;
}

/** What the map draws before its first layout arrives from the worker. */
const EMPTY_LAYOUT: MapLayout<TreeRowData> = { nodes: [], byId: new Map(), edges: [], rootIds: [], width: 0, height: 0, totalCount: 0, hiddenCount: 0 };

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
export const mapNodeDomId = (id: string) => `map-node-${id}`;

function kindText(kind: string): string {
  return kind === "COUNTEREXAMPLE" ? "counterexample" : kind.toLowerCase();
}

/**
 * The argument map: the debate as a top-down graph beside the outline, sharing its
 * selection. Pan by dragging, zoom with the wheel, a pinch or the buttons; arrow keys
 * walk parent/children/siblings; Enter opens the node panel. Big debates draw a budget
 * of nodes (lib/domain/debate/map-layout.ts) and fold the rest behind "+N more".
 */
export function ArgumentMap({
  forest,
  scoreboard,
  links,
  promise,
  focusId,
  selectedId,
  onSelect,
}: {
  forest: Forest<TreeRowData>;
  scoreboard: StandingScoreboard;
  /** Cross-links between nodes (drawn dashed, outside the tree layout). */
  links: readonly MapLink[];
  /** Promise estimates (0–100) of pruned branches, by node id. */
  promise: ReadonlyMap<string, number | null>;
  focusId: string | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [showPruned, setShowPruned] = useState(false);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const viewport = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  const layoutInput = useMemo(
    () => ({
      forest,
      focusId,
      collapsedIds: collapsed,
      expandedIds: expanded,
      showPruned,
      isPruned: (row: TreeRowData) => row.prunedAt !== null,
    }),
    [forest, focusId, collapsed, expanded, showPruned],
  );
  // Laid out in a Web Worker (useMapLayout): while a new layout is `pending`, the previous one stays drawn.
  const { layout: laidOut, pending } = useMapLayout(layoutInput);
  const layout = laidOut ?? EMPTY_LAYOUT;
  const paths = useMemo(() => linkPaths(layout, forest, links), [layout, forest, links]);
  const standing = useMemo(() => standingOf(scoreboard), [scoreboard]);
  // Inside a pruned branch (the pruned node or below it): drawn faded.
  const inPruned = useMemo(() => {
    const set = new Set<string>();
    for (const box of layout.nodes) {
      const parentFaded = box.parentId !== null && set.has(box.parentId);
      if (parentFaded || box.row.prunedAt !== null) set.add(box.id);
    }
    return set;
  }, [layout]);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const fit = useCallback(() => {
    if (!size.width || !size.height || !layout.width) return;
    const k = clampZoom(Math.min(size.width / layout.width, size.height / layout.height, 1));
    setView({ k, x: (size.width - layout.width * k) / 2, y: Math.max(0, (size.height - layout.height * k) / 2) });
  }, [size, layout.width, layout.height]);

  // Fit once the viewport has a size and the layout is done, and again when the focus changes.
  const fittedFor = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!size.width || pending || !laidOut || fittedFor.current === focusId) return;
    fittedFor.current = focusId;
    fit();
  }, [size.width, focusId, fit, pending, laidOut]);

  const zoomAt = useCallback((factor: number, cx?: number, cy?: number) => {
    setView((v) => {
      const k = clampZoom(v.k * factor);
      const px = cx ?? size.width / 2;
      const py = cy ?? size.height / 2;
      // Keep the map point under (px, py) where it is.
      return { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
    });
  }, [size]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [zoomAt]);

  // A node selected elsewhere (the outline, a link) but folded away here: open its ancestors.
  useEffect(() => {
    if (pending || !selectedId || layout.byId.has(selectedId) || !forest.byId.has(selectedId)) return;
    if (focusId && !ancestorsToOpen(forest, selectedId).includes(focusId) && selectedId !== focusId) return;
    const open = ancestorsToOpen(forest, selectedId);
    // Past the hard cap the node may stay undrawn: change nothing then, or this would loop.
    if (open.every((id) => expanded.has(id) && !collapsed.has(id))) return;
    setExpanded((e) => new Set([...e, ...open]));
    setCollapsed((c) => new Set([...c].filter((id) => !open.includes(id))));
  }, [pending, selectedId, layout, forest, focusId, expanded, collapsed]);

  // Bring the selected node into sight when it is off-screen.
  useEffect(() => {
    const box = selectedId ? layout.byId.get(selectedId) : undefined;
    if (pending || !box || !size.width) return;
    setView((v) => {
      const left = v.x + box.x * v.k;
      const top = v.y + box.y * v.k;
      const inside = left >= 0 && top >= 0 && left + box.width * v.k <= size.width && top + MAP_NODE_HEIGHT * v.k <= size.height;
      if (inside) return v;
      return { k: v.k, x: size.width / 2 - (box.x + box.width / 2) * v.k, y: size.height / 2 - (box.y + MAP_NODE_HEIGHT / 2) * v.k };
    });
  }, [pending, selectedId, layout, size]);

  const toggle = useCallback(
    (id: string) => {
      const box = layout.byId.get(id);
      if (!box) return;
      if (box.open) {
        setCollapsed((c) => new Set([...c, id]));
        setExpanded((e) => new Set([...e].filter((x) => x !== id)));
      } else {
        setExpanded((e) => new Set([...e, id]));
        setCollapsed((c) => new Set([...c].filter((x) => x !== id)));
      }
    },
    [layout],
  );

  // Pointers: one drags the map, two pinch-zoom it; a press that barely moves is a click.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const press = useRef<{ x: number; y: number; target: EventTarget | null; moved: boolean } | null>(null);
  function local(e: { clientX: number; clientY: number }) {
    const rect = viewport.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }
  function onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
    if ((e.target as Element).closest("button")) return;
    pointers.current.set(e.pointerId, local(e));
    press.current = pointers.current.size === 1 ? { ...local(e), target: e.target, moved: false } : null;
  }
  function onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
    const before = pointers.current.get(e.pointerId);
    if (!before) return;
    const now = local(e);
    if (press.current && Math.hypot(now.x - press.current.x, now.y - press.current.y) > CLICK_SLOP) {
      if (!press.current.moved) e.currentTarget.setPointerCapture(e.pointerId);
      press.current.moved = true;
    }
    if (pointers.current.size === 1) {
      if (press.current?.moved) setView((v) => ({ ...v, x: v.x + now.x - before.x, y: v.y + now.y - before.y }));
    } else if (pointers.current.size === 2) {
      const other = [...pointers.current.entries()].find(([id]) => id !== e.pointerId)![1];
      const was = Math.hypot(before.x - other.x, before.y - other.y);
      const is = Math.hypot(now.x - other.x, now.y - other.y);
      if (was > 0) zoomAt(is / was, (now.x + other.x) / 2, (now.y + other.y) / 2);
    }
    pointers.current.set(e.pointerId, now);
  }
  function onPointerUp(e: ReactPointerEvent<HTMLDivElement>) {
    if (!pointers.current.delete(e.pointerId)) return;
    const p = press.current;
    press.current = null;
    if (!p || p.moved || !(p.target instanceof Element)) return;
    const toggleId = p.target.closest("[data-toggle-id]")?.getAttribute("data-toggle-id");
    if (toggleId) return toggle(toggleId);
    const nodeId = p.target.closest("[data-node-id]")?.getAttribute("data-node-id");
    if (nodeId) onSelect(nodeId);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = selectedId ? layout.byId.get(selectedId) : undefined;
    const go = (id: string | null | undefined) => {
      if (id) onSelect(id);
    };
    const siblings = current ? (current.parentId ? layout.byId.get(current.parentId)!.childIds : layout.rootIds) : [];
    const at = current ? siblings.indexOf(current.id) : -1;
    switch (event.key) {
      case "ArrowUp":
        go(current ? current.parentId : layout.rootIds[0]);
        break;
      case "ArrowDown":
        if (!current) go(layout.rootIds[0]);
        else if (current.childIds.length) go(current.childIds[0]);
        else if (current.hiddenCount) toggle(current.id);
        break;
      case "ArrowLeft":
        go(current ? siblings[at - 1] : layout.rootIds[0]);
        break;
      case "ArrowRight":
        go(current ? siblings[at + 1] : layout.rootIds[0]);
        break;
      case "Home":
        go(layout.rootIds[0]);
        break;
      case "Enter":
        go(current?.id ?? layout.rootIds[0]);
        break;
      case " ":
        if (current && (current.open || current.hiddenCount)) toggle(current.id);
        break;
      case "+":
      case "=":
        zoomAt(ZOOM_STEP);
        break;
      case "-":
        zoomAt(1 / ZOOM_STEP);
        break;
      case "0":
        fit();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const activeId = selectedId && layout.byId.has(selectedId) ? selectedId : undefined;
  const drawnCount = layout.nodes.length;

  return (
    <div className={styles.wrap}>
      <div className="row small" style={{ marginBottom: 6 }}>
        <label className={styles.check}>
          <input type="checkbox" checked={showPruned} onChange={(e) => setShowPruned(e.target.checked)} /> Show pruned branches
        </label>
        <button type="button" className="secondary" onClick={() => { setCollapsed(new Set()); setExpanded(new Set()); }}>
          Reset folds
        </button>
        <span className="muted" data-testid="map-count">
          {laidOut
            ? `${drawnCount} of ${layout.totalCount} moves drawn${layout.hiddenCount ? ` · ${layout.hiddenCount} folded (“+N more” opens a branch)` : ""}`
            : "Laying out the map…"}
        </span>
      </div>
      <div className={styles.stage}>
        <div className={styles.zoom} role="group" aria-label="Zoom">
          <button type="button" className="secondary" aria-label="Zoom in" onClick={() => zoomAt(ZOOM_STEP)}>+</button>
          <button type="button" className="secondary" aria-label="Zoom out" onClick={() => zoomAt(1 / ZOOM_STEP)}>−</button>
          <button type="button" className="secondary" aria-label="Fit the map to the view" onClick={fit}>Fit</button>
        </div>
        <div
          ref={viewport}
          className={styles.viewport}
          role="tree"
          aria-label="Argument map"
          aria-describedby="map-help"
          aria-busy={pending}
          aria-activedescendant={activeId ? mapNodeDomId(activeId) : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          data-zoom={view.k.toFixed(3)}
          data-testid="argument-map"
        >
          <svg className={styles.svg} width="100%" height="100%" role="none">
            <defs>
              <marker id="map-link-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className={styles.arrow} />
              </marker>
            </defs>
            <g transform={`translate(${view.x} ${view.y}) scale(${view.k})`} role="none">
              <MapContent layout={layout} paths={paths} standing={standing} inPruned={inPruned} promise={promise} selectedId={selectedId} />
            </g>
          </svg>
        </div>
        <p id="map-help" className="sr-only">
          Arrow keys: up to the parent, down to the first reply, left and right between siblings. Enter opens the move; Space folds or opens its branch; plus and minus zoom; 0 fits.
        </p>
      </div>
      <MapLegend hasLinks={paths.length > 0 || links.length > 0} />
    </div>
  );
}

const MapContent = memo(function MapContent({
  layout,
  paths,
  standing,
  inPruned,
  promise,
  selectedId,
}: {
  layout: MapLayout<TreeRowData>;
  paths: MapLinkPath[];
  standing: (row: TreeRowData) => MapStanding | null;
  inPruned: ReadonlySet<string>;
  promise: ReadonlyMap<string, number | null>;
  selectedId: string | null;
}) {
  return (
    <>
      <g role="none">
        {layout.edges.map((e) => {
          const from = layout.byId.get(e.fromId)!;
          const to = layout.byId.get(e.toId)!;
          // From under the parent's fold control to the top of the child, as a smooth S.
          const x1 = from.x + from.width / 2;
          const y1 = from.y + from.height;
          const x2 = to.x + to.width / 2;
          const y2 = to.y;
          const my = (y1 + y2) / 2;
          return (
            <path
              key={`${e.fromId}-${e.toId}`}
              className={`${styles.edge} ${inPruned.has(e.toId) ? styles.faded : ""}`}
              d={`M ${x1} ${y1} C ${x1} ${my} ${x2} ${my} ${x2} ${y2}`}
            />
          );
        })}
      </g>
      <g role="none">
        {paths.map((p, i) => {
          const mx = (p.from.x + p.to.x) / 2;
          const my = (p.from.y + p.to.y) / 2 - 30;
          return (
            <g key={`${p.link.fromId}-${p.link.toId}-${p.link.type}-${i}`} role="none" data-link-type={p.link.type}>
              <path className={`${styles.link} ${styles[`link${p.link.type}`] ?? ""}`} d={`M ${p.from.x} ${p.from.y} Q ${mx} ${my} ${p.to.x} ${p.to.y}`} markerEnd="url(#map-link-arrow)" />
              <text className={styles.linkLabel} x={mx} y={my + 12} textAnchor="middle">{linkLabel(p.link.type)}</text>
            </g>
          );
        })}
      </g>
      <g role="none">
        {layout.nodes.map((box) => (
          <MapNode
            key={box.id}
            box={box}
            standing={standing(box.row)}
            faded={inPruned.has(box.id)}
            promise={promise.get(box.id) ?? null}
            selected={box.id === selectedId}
          />
        ))}
      </g>
    </>
  );
});

const MapNode = memo(function MapNode({
  box,
  standing,
  faded,
  promise,
  selected,
}: {
  box: MapNodeBox<TreeRowData>;
  standing: MapStanding | null;
  faded: boolean;
  promise: number | null;
  selected: boolean;
}) {
  const row = box.row;
  const title = labelOf(row);
  // 28 characters of 13 px text fit the box beside its 14 px margin, in wide fonts too (DejaVu Sans).
  const lines = wrapLines(title, 28, 2);
  const notes: string[] = [];
  if (row.resolutionMode === "EMPIRICAL") notes.push(row.outcome ? `empirical · ${row.outcome.toLowerCase()}` : "empirical");
  if (row.resolutionMode === "OUT_OF_SCOPE") notes.push("out of scope");
  if (row.prunedAt && promise !== null) notes.push(`promise ${Math.round(promise)}/100`);
  const standingText = standing ? MAP_STANDING_LABELS[standing] : null;
  const kind = kindText(row.kind);
  const kindLine = `${kind.toUpperCase()}${row.versionNumber ? ` · v${row.versionNumber}` : ""}`;
  const hasChildren = box.open || box.hiddenCount > 0;
  const toggleText = box.open ? "−" : `+${box.hiddenCount} more`;
  // The name starts with the words shown, in the order shown (what a sighted reader and a
  // screen reader share), then what the colours say: the side, the whole title, the fold.
  const shown = [kindLine, standingText, ...lines, notes.join(" · ") || null, hasChildren ? toggleText : null].filter(Boolean).join(" ");
  const truncated = lines.join(" ").replace(/…$/, "") !== title.replace(/\s+/g, " ").trim();
  const label = [
    shown,
    `${SIDE_LABELS[row.side]}’s move`,
    truncated ? `Full title: ${title}` : null,
    box.hiddenCount ? `${box.hiddenCount} more moves folded` : null,
  ]
    .filter(Boolean)
    .join(". ");
  const pillWidth = standingText ? standingText.length * 6.6 + 12 : 0;
  return (
    <g
      id={mapNodeDomId(box.id)}
      role="treeitem"
      aria-level={box.depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? box.open : undefined}
      aria-label={label}
      data-node-id={box.id}
      className={`${styles.node} ${selected ? styles.selected : ""} ${faded ? styles.faded : ""} ${row.retractedAt ? styles.retracted : ""}`}
      transform={`translate(${box.x} ${box.y})`}
    >
      <rect className={styles.ring} x={-4} y={-4} width={box.width + 8} height={MAP_NODE_HEIGHT + 8} rx={10} />
      <rect className={styles.box} width={box.width} height={MAP_NODE_HEIGHT} rx={7} />
      <rect className={`${styles.sideBar} ${styles[`side${row.side}`]}`} width={6} height={MAP_NODE_HEIGHT} rx={3} />
      <text className={`${styles.kind} ${styles[`side${row.side}`]}`} x={14} y={17}>
        {`${kindLine} `}
      </text>
      {standing ? (
        <g transform={`translate(${box.width - pillWidth - 8} 5)`}>
          <rect className={`${styles.pill} ${styles[`pill-${standing}`]}`} width={pillWidth} height={16} rx={8} />
          <text className={`${styles.pillText} ${styles[`pill-${standing}`]}`} x={pillWidth / 2} y={12} textAnchor="middle">{`${standingText} `}</text>
        </g>
      ) : null}
      {lines.map((line, i) => (
        <text key={i} className={styles.title} x={14} y={35 + i * 15}>{`${line} `}</text>
      ))}
      {notes.length ? <text className={styles.note} x={14} y={64}>{`${notes.join(" · ")} `}</text> : null}
      {hasChildren ? (
        <g className={styles.toggle} data-toggle-id={box.id} transform={`translate(${box.width / 2} ${MAP_NODE_HEIGHT + MAP_TOGGLE_HEIGHT / 2})`} aria-hidden>
          <rect x={box.open ? -14 : -44} y={-9} width={box.open ? 28 : 88} height={18} rx={9} />
          <text y={4} textAnchor="middle">{toggleText}</text>
        </g>
      ) : null}
    </g>
  );
});
