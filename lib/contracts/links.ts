import { z } from "zod";
import { dateTime, idSchema, linkTypeSchema } from "@/lib/contracts/common";
import { defineContract } from "@/lib/contracts/define";
import { createLinkSchema } from "@/lib/domain/debate/links";

// Typed cross-links between two nodes of one debate (docs/decisions/012-support-and-links.md).

/** One link; the tree read (GET /tree, the overview) lists the debate's links in this shape. */
export const nodeLinkSchema = z.object({
  id: idSchema, fromId: idSchema, toId: idSchema, type: linkTypeSchema, authorId: idSchema, createdAt: dateTime,
});
export type NodeLinkItem = z.infer<typeof nodeLinkSchema>;

// (debateParams written out: lib/contracts/debates.ts imports nodeLinkSchema from here.)
const debateParams = z.object({ debateId: idSchema });
export const linkParams = debateParams.extend({ linkId: idSchema });

export const createLink = defineContract({
  operationId: "createLink", idempotent: true, method: "POST", path: "/debates/{debateId}/links",
  summary: "Link two nodes of the debate with a type (supports, attacks, same claim, see also, duplicate of); 400 for a self-link, 409 if it exists",
  tag: "tree", auth: "required",
  params: debateParams, body: createLinkSchema, status: 201, response: z.object({ link: nodeLinkSchema }), errors: ["NOT_FOUND", "CONFLICT", "BAD_REQUEST"],
  example: { request: { fromId: "cm1node000000000000002", toId: "cm1node000000000000003", type: "SAME_CLAIM" } },
});

export const deleteLink = defineContract({
  operationId: "deleteLink", method: "DELETE", path: "/debates/{debateId}/links/{linkId}", summary: "Remove a link (its author, moderators, the owner)", tag: "tree", auth: "required",
  params: linkParams, status: 204, errors: ["NOT_FOUND"],
});
