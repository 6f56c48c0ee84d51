"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { buildForest, ancestorPath } from "@/lib/domain/debate/tree";
import { callApi, errorText } from "@/lib/client/api";
import { searchNodes } from "@/lib/contracts/debates";
import type { DebateViewProps } from "@/lib/contracts/debates";
import { labelOf, type TreeRowData } from "./tree-row";
import { TreeView } from "./TreeView";
import { NodePanel } from "./NodePanel";
import { ScoreboardView } from "./ScoreboardView";
import { FrontierView, RevisitView, StuckBanner } from "./SearchViews";
import { MembershipBar } from "./MembershipBar";
import { DebateSettings } from "./DebateSettings";
import { LiveUpdates, type LiveChange } from "./LiveUpdates";
import { ForecastsView } from "./ForecastsView";
import { DoubleCruxList } from "./DoubleCruxList";
import { ModeFilter } from "./ModeFilter";
import { NARROW_LAYOUT, PHONE, useMediaQuery } from "./media";
import { DebateHeader } from "./DebateHeader";
import { PlanPanel } from "./PlanPanel";
import { HowItWorks, Legend, useHowItWorksDismissed } from "./Onboarding";
import { ViewTabs } from "./ViewTabs";
import { ClassCoverageView, StandingRuleSettings, classIndex } from "./ClassesWeights";
import { viewerPermissions } from "./viewer-permissions";
import { ArgumentMap } from "./map/ArgumentMap";
import { TreeViewSwitch, useTreeViewChoice } from "./map/TreeViewSwitch";
import { useOutlinePaging } from "./outline-pages";

type Tab = "tree" | "scoreboard" | "classes" | "frontier" | "revisit" | "cruxes";

export function DebateView(props: DebateViewProps & { reload: () => Promise<void> }) {
  const { debate, me } = props;
  const router = useRouter();
  const [tab, setTab] = useState<Tab>("tree");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // On a narrow screen the node panel is its own view: open after a tap, closed by "Back".
  const [panelOpen, setPanelOpen] = useState(false);
  const narrow = useMediaQuery(NARROW_LAYOUT);
  const phone = useMediaQuery(PHONE);
  const [howItWorksDismissed, setHowItWorksDismissed] = useHowItWorksDismissed();
  const nodeView = useRef<HTMLElement>(null);
  const viewsSection = useRef<HTMLElement>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [searchResults, setSearchResults] = useState<{ id: string; title: string; snippet: string; kind: string }[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [treeView, setTreeView] = useTreeViewChoice();
  const promise = useMemo(() => new Map(props.revisit.map((r) => [r.nodeId, r.promise])), [props.revisit]);
  const [doubleCruxIds, setDoubleCruxIds] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo<TreeRowData[]>(
    () => props.nodes.map((n) => ({ ...n, createdAt: new Date(n.createdAt), updatedAt: new Date(n.updatedAt) })),
    [props.nodes],
  );
  const forest = useMemo(() => buildForest(rows), [rows]);
  const byId = forest.byId;

  // A large debate's node that is not loaded yet is read with its ancestors when opened.
  const reveal = useOutlinePaging()?.reveal;

  // Deep links: /debates/<id>#node-<nodeId> selects and reveals that node.
  useEffect(() => {
    const fromHash = () => {
      const match = /^#node-(.+)$/.exec(window.location.hash);
      if (!match?.[1]) return;
      if (!byId.has(match[1])) {
        if (reveal) void reveal(match[1]);
        return;
      }
      setSelectedId(match[1]);
      setPanelOpen(true);
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    return () => window.removeEventListener("hashchange", fromHash);
  }, [byId, reveal]);

  const select = useCallback(
    (id: string) => {
      setSelectedId(id);
      setPanelOpen(true);
      setTab("tree");
      window.history.replaceState(null, "", `#node-${id}`);
      if (!byId.has(id)) void reveal?.(id);
    },
    [byId, reveal],
  );

  // Narrow screens: bring the view that just opened (the panel, or the tree after Back) into sight.
  useEffect(() => {
    if (!narrow) return;
    const target = panelOpen && selectedId ? nodeView.current : null;
    target?.scrollIntoView({ block: "start" });
  }, [narrow, panelOpen, selectedId]);
  const backToTree = useCallback(() => {
    setPanelOpen(false);
    requestAnimationFrame(() => viewsSection.current?.scrollIntoView({ block: "start" }));
  }, []);

  const { reload } = props;
  // Our own changes and remote ones reload the data; the header (server-rendered) refreshes too.
  const refresh = useCallback(() => {
    void reload();
    router.refresh();
  }, [reload, router]);

  // Counts remote changes to the open node, so its panel re-reads what the tree row does
  // not carry (predictions, experiment card, cruxes, revisions); changes elsewhere leave it alone.
  const [openNodeChanges, setOpenNodeChanges] = useState(0);
  const onRemoteChange = useCallback(
    ({ nodeIds, everything }: LiveChange) => {
      if (nodeIds.length) setHighlighted(new Set(nodeIds));
      if (everything || (selectedId !== null && nodeIds.includes(selectedId))) setOpenNodeChanges((n) => n + 1);
      void reload();
    },
    [reload, selectedId],
  );

  const breadcrumbs = focusId ? ancestorPath(forest, focusId) : [];
  // The standing under the debate's rule (equal to the scoreboard's with the default rule).
  const current = props.weighing.current ?? props.scoreboard.current;
  // A large debate's first load: rows now, analyses (empty placeholders until then) in a moment.
  const pending = props.analysisPending === true;
  const classOf = useMemo(() => new Map([...classIndex(props.weighing)].map(([id, c]) => [id, c.name])), [props.weighing]);
  const permits = viewerPermissions(debate, me, props.viewerId);

  async function search(q: string) {
    setSearchError(null);
    if (!q.trim()) {
      setSearchResults(null);
      return;
    }
    try {
      const { results } = await callApi(searchNodes, { params: { debateId: debate.id }, query: { q } });
      setSearchResults(results);
    } catch (error) {
      setSearchError(errorText(error));
    }
  }

  return (
    <>
      <LiveUpdates debateId={debate.id} onChange={onRemoteChange} />
      <DebateHeader debate={debate} focusId={focusId} phone={phone} />
      <PlanPanel debate={debate} scoreboard={{ ...props.scoreboard, current }} weighing={props.weighing} byId={byId} onOpen={select} analysisPending={pending} />
      <MembershipBar debate={debate} me={me} viewerId={props.viewerId} onChanged={refresh} />
      <StuckBanner stuck={props.stuck} onOpen={select} />
      {narrow && !howItWorksDismissed ? <HowItWorks compact onDismiss={() => setHowItWorksDismissed(true)} /> : null}
      {/* Secondary panels fold into one row, so the tree stays in view. */}
      <div className="debate-folds">
        <DebateSettings debate={debate} me={me} viewerId={props.viewerId} onChanged={refresh} />
        <StandingRuleSettings debate={debate} weighing={props.weighing} permits={permits} onChanged={refresh} />
        {props.cruxes.length ? (
          <details className="fold" data-testid="cruxes">
            <summary>Cruxes ({props.cruxes.length})</summary>
            <section className="panel" aria-labelledby="cruxes-heading">
              <h2 id="cruxes-heading">Cruxes</h2>
              <ul className="list">
                {props.cruxes.map((c) => (
                  <li key={c.nodeId}>
                    <button type="button" className="secondary" onClick={() => select(c.nodeId)}>{labelOf(byId.get(c.nodeId)?.row)}</button>{" "}
                    <span className="small muted">marked by {c.builder} builder(s), {c.breaker} breaker(s)</span>
                  </li>
                ))}
              </ul>
            </section>
          </details>
        ) : null}
        <ForecastsView debateId={debate.id} version={props.nodes} />
        <DoubleCruxList debateId={debate.id} version={props.nodes} labelOf={(id) => labelOf(byId.get(id)?.row)} onOpen={select} onDoubleCruxes={setDoubleCruxIds} />
      </div>
      <div className={`debate-layout${panelOpen && selectedId ? " panel-open" : ""}`}>
        <section className="panel debate-views" aria-label="Debate views" ref={viewsSection}>
          <ViewTabs
            tabs={[
              ["tree", "Tree"],
              ["scoreboard", "Scoreboard"],
              ["classes", pending ? "Classes" : `Classes (${props.weighing.classes.length})`],
              ["frontier", "Frontier"],
              ["revisit", pending ? "Revisit" : `Revisit (${props.revisit.length})`],
            ]}
            selected={tab}
            onSelect={setTab}
            panelId="debate-view-panel"
          />
          <div role="tabpanel" id="debate-view-panel" aria-labelledby={`tab-${tab}`}>
          {tab === "tree" ? (
            <>
              <div className="tree-toolbar">
              <form
                className="row"
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  void search(String(new FormData(e.currentTarget).get("q") ?? ""));
                }}
                style={{ marginBottom: 8 }}
              >
                <label htmlFor="node-search" className="sr-only">Search this debate</label>
                <input id="node-search" name="q" placeholder="Search moves" style={{ maxWidth: 160 }} />
                <button type="submit" className="secondary">Search</button>
              </form>
              <ModeFilter rows={rows} needsReview={props.needsReview} onOpen={select} />
              <Legend idPrefix="tree" onShowHowItWorks={howItWorksDismissed ? () => setHowItWorksDismissed(false) : undefined} />
              </div>
              {searchError ? <p className="form-error">{searchError}</p> : null}
              {searchResults ? (
                <div className="panel" aria-label="Search results">
                  <div className="row" style={{ justifyContent: "space-between" }}>
                    <strong>{searchResults.length} result(s)</strong>
                    <button type="button" className="secondary" onClick={() => setSearchResults(null)}>Close</button>
                  </div>
                  <ul className="list">
                    {searchResults.map((r) => (
                      <li key={r.id}>
                        <button type="button" className="secondary" onClick={() => select(r.id)}>{r.title || r.kind.toLowerCase()}</button>
                        <div className="small muted">{r.snippet}</div>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {focusId ? (
                <nav aria-label="Breadcrumbs" className="small" style={{ marginBottom: 6 }}>
                  <button type="button" className="secondary" onClick={() => setFocusId(null)}>Whole debate</button>
                  {breadcrumbs.map((r) => (
                    <span key={r.id}>
                      {" › "}
                      <a href={`#node-${r.id}`} onClick={(e) => { e.preventDefault(); setFocusId(r.id); select(r.id); }}>{labelOf(r)}</a>
                    </span>
                  ))}
                </nav>
              ) : null}
              <div style={{ float: "right" }}>
                <TreeViewSwitch value={treeView} onChange={setTreeView} />
              </div>
              {treeView === "map" ? (
                <ArgumentMap forest={forest} scoreboard={props.scoreboard} links={props.links} promise={promise} focusId={focusId} selectedId={selectedId} onSelect={select} />
              ) : (
                <TreeView
                  forest={forest}
                  focusId={focusId}
                  selectedId={selectedId}
                  highlighted={highlighted}
                  links={props.links}
                  doubleCruxIds={doubleCruxIds}
                  onSelect={select}
                  chips={classOf}
                />
              )}
            </>
          ) : null}
          {tab !== "tree" && pending ? (
            <p className="muted" role="status">Working out the scoreboard, the frontier and the revisit list of {debate.nodeCount.toLocaleString("en-US")} moves…</p>
          ) : null}
          {tab === "scoreboard" && !pending ? <ScoreboardView scoreboard={props.scoreboard} byId={byId} onOpen={select} /> : null}
          {tab === "classes" && !pending ? <ClassCoverageView debateId={debate.id} weighing={props.weighing} byId={byId} permits={permits} onOpen={select} onChanged={refresh} /> : null}
          {tab === "frontier" && !pending ? <FrontierView frontier={props.frontier} byId={byId} onOpen={select} /> : null}
          {tab === "revisit" && !pending ? <RevisitView rows={props.revisit} onOpen={select} /> : null}
          </div>
        </section>
        <section aria-label="Selected move" className="node-view" ref={nodeView}>
          <button type="button" className="secondary back-to-tree" onClick={backToTree}>← Back to the tree</button>
          {selectedId && byId.has(selectedId) ? (
            <NodePanel
              key={selectedId}
              debate={debate}
              me={me}
              viewerId={props.viewerId}
              nodeId={selectedId}
              forest={forest}
              scoreboard={props.scoreboard}
              weighing={props.weighing}
              needsReview={props.needsReview.includes(selectedId)}
              links={props.links}
              remoteChanges={openNodeChanges}
              onSelect={select}
              onFocus={(id: string) => { setFocusId(id); setTab("tree"); }}
              onChanged={refresh}
            />
          ) : (
            <div className="stack">
              {/* On a narrow screen it is shown folded above the tree instead. */}
              {!narrow && !howItWorksDismissed ? <HowItWorks onDismiss={() => setHowItWorksDismissed(true)} /> : null}
              <div className="panel muted">Select a move in the tree to read it, reply, or act on it. Use ↑/↓ to move, ←/→ to fold.</div>
              <Legend idPrefix="aside" open />
            </div>
          )}
        </section>
      </div>
    </>
  );
}
