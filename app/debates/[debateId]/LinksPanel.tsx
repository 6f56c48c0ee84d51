"use client";
// A node's typed cross-links (docs/decisions/012-support-and-links.md): both directions, each
// opening the node at its other end; "Link to…" picks a node of the debate by its title.
import { useMemo, useState, type FormEvent } from "react";
import type { Forest } from "@/lib/domain/debate/tree";
import { callApi, errorText } from "@/lib/client/api";
import { createLink, deleteLink, type NodeLinkItem } from "@/lib/contracts/links";
import { linkLabel, linksOfNode } from "@/lib/domain/debate/links";
import { LINK_TYPES, LINK_TYPE_LABELS, type LinkType } from "@/lib/domain/vocabulary";
import { labelOf, type TreeRowData } from "./tree-row";
import { kindLabel } from "./TreeView";
import type { ViewerCan } from "./viewer-permissions";

const MAX_MATCHES = 8;

export function LinksPanel({
  debateId,
  nodeId,
  links,
  forest,
  permits,
  onSelect,
  onChanged,
}: {
  debateId: string;
  nodeId: string;
  links: readonly NodeLinkItem[];
  forest: Forest<TreeRowData>;
  permits: ViewerCan;
  onSelect: (id: string) => void;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<LinkType>("SEE_ALSO");
  const [search, setSearch] = useState("");
  const [targetId, setTargetId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = linksOfNode(nodeId, links);
  const canLink = permits("link:create");

  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return [];
    const out: TreeRowData[] = [];
    for (const { row } of forest.byId.values()) {
      if (row.id === nodeId) continue;
      if ((row.title || row.excerpt).toLowerCase().includes(q)) out.push(row);
      if (out.length >= MAX_MATCHES) break;
    }
    return out;
  }, [search, forest, nodeId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!targetId) {
      setMessage("Pick the node to link to.");
      return;
    }
    setBusy(true);
    try {
      await callApi(createLink, { params: { debateId }, body: { fromId: nodeId, toId: targetId, type } });
      setMessage(null);
      setOpen(false);
      setSearch("");
      setTargetId(null);
      onChanged();
    } catch (e) {
      setMessage(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(linkId: string) {
    try {
      await callApi(deleteLink, { params: { debateId, linkId } });
      onChanged();
    } catch (e) {
      setMessage(errorText(e));
    }
  }

  if (!mine.length && !canLink) return null;
  return (
    <section aria-label="Links" className="stack" data-testid="node-links">
      <h3 style={{ margin: 0 }}>Links</h3>
      {mine.length ? (
        <ul className="links-list">
          {mine.map(({ link, direction, otherId }) => {
            const other = forest.byId.get(otherId)?.row;
            return (
              <li key={link.id} className={`link-item link-${link.type}`}>
                <span className="badge link-type">{linkLabel(link.type, direction)}</span>{" "}
                <a href={`#node-${otherId}`} onClick={(e) => { e.preventDefault(); onSelect(otherId); }}>
                  {other ? `${kindLabel(other.kind)}: ${labelOf(other)}` : "(a node)"}
                </a>
                {permits("link:delete", { link: { authorId: link.authorId } }) ? (
                  <button type="button" className="secondary small" aria-label={`Remove link: ${linkLabel(link.type, direction)} ${other ? labelOf(other) : ""}`} onClick={() => void remove(link.id)}>
                    Remove
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="small muted">No links yet.</p>
      )}
      {canLink ? (
        open ? (
          <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Link to another node">
            <label className="small">
              This node
              <select value={type} onChange={(e) => setType(e.target.value as LinkType)} aria-label="Link type">
                {LINK_TYPES.map((t) => (
                  <option key={t} value={t}>{LINK_TYPE_LABELS[t].toLowerCase()}</option>
                ))}
              </select>
            </label>
            <label className="small">
              Node
              <input type="search" value={search} placeholder="Search titles…" aria-label="Find the node to link to" onChange={(e) => { setSearch(e.target.value); setTargetId(null); }} />
            </label>
            {matches.length ? (
              <ul className="link-matches" role="listbox" aria-label="Matching nodes">
                {matches.map((row) => (
                  <li key={row.id} role="option" aria-selected={row.id === targetId}>
                    <button type="button" className={row.id === targetId ? "" : "secondary"} onClick={() => setTargetId(row.id)}>
                      {kindLabel(row.kind)}: {labelOf(row)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : search.trim() ? (
              <p className="small muted">No node matches.</p>
            ) : null}
            <div className="row">
              <button type="submit" disabled={busy || !targetId}>Create link</button>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
            </div>
          </form>
        ) : (
          <div className="row">
            <button type="button" className="secondary" onClick={() => setOpen(true)}>Link to…</button>
          </div>
        )
      ) : null}
      {message ? <p role="alert" className="form-error">{message}</p> : null}
    </section>
  );
}
