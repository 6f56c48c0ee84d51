// Typed cross-links between two nodes of one debate (docs/decisions/012-support-and-links.md):
// the input schema (client-importable, the "Link to…" form uses it) and the pure rules.
import { z } from "zod";
import { badRequest } from "@/lib/domain/errors";
import { LINK_TYPE_LABELS, LINK_TYPES, type LinkType } from "@/lib/domain/vocabulary";
import { idSchema } from "@/lib/domain/debate/validation";

export const createLinkSchema = z.object({
  fromId: idSchema,
  toId: idSchema,
  type: z.enum(LINK_TYPES),
});
export type CreateLinkInput = z.infer<typeof createLinkSchema>;

/** A link as the tree read and the map view take it. */
export interface LinkEdge {
  fromId: string;
  toId: string;
  type: LinkType;
}

/** A node cannot point at itself: 400, before anything is read. */
export function assertNotSelfLink(input: Pick<CreateLinkInput, "fromId" | "toId">): void {
  if (input.fromId === input.toId) throw badRequest("A node cannot be linked to itself", { field: "toId" });
}

/** How a link reads from either end: "Supports “X”" going out, "Supported by “X”" coming in. */
const INCOMING_LABELS: Readonly<Record<LinkType, string>> = {
  SUPPORTS: "Supported by",
  ATTACKS: "Attacked by",
  SAME_CLAIM: "Same claim as",
  SEE_ALSO: "See also",
  DUPLICATE_OF: "Duplicated by",
};

export function linkLabel(type: LinkType, direction: "out" | "in"): string {
  return direction === "out" ? LINK_TYPE_LABELS[type] : INCOMING_LABELS[type];
}

/** The links touching one node, outgoing first, each with the node at the other end. */
export function linksOfNode<L extends LinkEdge>(nodeId: string, links: readonly L[]): { link: L; direction: "out" | "in"; otherId: string }[] {
  const out = links.filter((l) => l.fromId === nodeId).map((link) => ({ link, direction: "out" as const, otherId: link.toId }));
  const inc = links.filter((l) => l.toId === nodeId).map((link) => ({ link, direction: "in" as const, otherId: link.fromId }));
  return [...out, ...inc];
}
