// GraphML: nodes and edges with typed <data> for everything a graph tool
// may want to filter or colour by (kind, side, status, …). Edges carry a
// type: "parent" for the reply tree (with its stance), "link" for a
// cross-link (with its linkType: SUPPORTS, ATTACKS, …).

import { escapeXml } from "../escape";
import { nodeStatus, stanceTowardParent } from "../semantics";
import { placeNodes, type DebateSource } from "../source";

const NODE_KEYS = ["ref", "kind", "side", "status", "title", "body", "author", "createdAt", "resolutionMode", "outcome", "depth"] as const;

export async function* exportGraphml(source: DebateSource): AsyncGenerator<string> {
  let head = `<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n`;
  head += `  <key id="g_title" for="graph" attr.name="title" attr.type="string"/>\n`;
  for (const key of NODE_KEYS) head += `  <key id="${key}" for="node" attr.name="${key}" attr.type="${key === "depth" ? "int" : "string"}"/>\n`;
  head += `  <key id="stance" for="edge" attr.name="stance" attr.type="string"/>\n`;
  head += `  <key id="type" for="edge" attr.name="type" attr.type="string"/>\n`;
  head += `  <key id="linkType" for="edge" attr.name="linkType" attr.type="string"/>\n`;
  head += `  <graph id="debate" edgedefault="directed">\n    <data key="g_title">${escapeXml(source.debate.title)}</data>\n`;
  yield head;

  const names = new Map(source.participants.map((p) => [p.ref, p.displayName]));
  const ids = new Map<string, string>();
  for await (const { node, parent, index, depth } of placeNodes(source.nodes)) {
    const nodeId = `n${index}`;
    ids.set(node.ref, nodeId);
    const values: Record<(typeof NODE_KEYS)[number], string> = {
      ref: node.ref,
      kind: node.kind,
      side: node.side,
      status: nodeStatus(node),
      title: node.title,
      body: node.body,
      author: names.get(node.authorRef) ?? node.authorRef,
      createdAt: node.createdAt,
      resolutionMode: node.resolutionMode,
      outcome: node.outcome ?? "",
      depth: String(depth),
    };
    let out = `    <node id="${nodeId}">\n`;
    for (const key of NODE_KEYS) out += `      <data key="${key}">${escapeXml(values[key])}</data>\n`;
    out += `    </node>\n`;
    if (parent) {
      out += `    <edge id="e${index}" source="${nodeId}" target="${ids.get(parent.ref)}"><data key="stance">${stanceTowardParent(node.kind, parent.kind)}</data><data key="type">parent</data></edge>\n`;
    }
    yield out;
  }
  let linkIndex = 0;
  for (const l of source.links ?? []) {
    const from = ids.get(l.fromRef);
    const to = ids.get(l.toRef);
    if (!from || !to) continue;
    const stance = l.type === "SUPPORTS" ? "support" : l.type === "ATTACKS" ? "attack" : "neutral";
    yield `    <edge id="l${linkIndex++}" source="${from}" target="${to}"><data key="stance">${stance}</data><data key="type">link</data><data key="linkType">${l.type}</data></edge>\n`;
  }
  yield `  </graph>\n</graphml>\n`;
}
