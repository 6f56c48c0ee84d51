import { z } from "zod";
import { dateTime, idSchema, nodeKindSchema, sideSchema, sentTextSchema as sentText } from "@/lib/contracts/common";
import { debateParams } from "@/lib/contracts/debates";
import { defineContract } from "@/lib/contracts/define";
import { openRoundSchema, verdictSchema } from "@/lib/domain/rounds/round";
import { ROUND_VERDICTS } from "@/lib/domain/vocabulary";

// Judged rounds (docs/decisions/013-judged-rounds.md).

const roundParams = debateParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000) });
const entryParams = roundParams.extend({ nodeId: idSchema });
const verdictKind = z.enum(ROUND_VERDICTS);

export const roundSummarySchema = z.object({
  number: z.number().int(), title: sentText, rubric: sentText, status: z.enum(["open", "closed", "judged"]),
  openedAt: dateTime, deadline: dateTime, finalisedAt: dateTime.nullable(),
  judges: z.array(z.object({ id: idSchema, displayName: sentText })),
});
export type RoundSummaryDto = z.infer<typeof roundSummarySchema>;

const verdictRow = z.object({ judgeId: idSchema, judgeName: sentText, verdict: verdictKind, reason: sentText, updatedAt: dateTime });
export const roundResultsSchema = z.object({
  debate: z.object({ id: idSchema, title: sentText }),
  round: roundSummarySchema,
  entries: z.array(z.object({
    nodeId: idSchema, kind: nodeKindSchema, side: sideSchema, title: sentText, body: sentText, authorId: idSchema, authorName: sentText,
    createdAt: dateTime, revision: z.number().int(), retracted: z.boolean(), verdicts: z.array(verdictRow),
    tally: z.object({ HOLDS: z.number().int(), PARTIAL: z.number().int(), BROKEN: z.number().int() }),
  })),
});
export type RoundResultsDto = z.infer<typeof roundResultsSchema>;

export const openRound = defineContract({
  operationId: "openRound", idempotent: true, method: "POST", path: "/debates/{debateId}/rounds", tag: "rounds", auth: "required",
  summary: "Open a judged round (owner): title, rubric, deadline, judges who are members",
  params: debateParams, body: openRoundSchema, status: 201, response: z.object({ round: roundSummarySchema }), errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { title: "Round 1", rubric: "Does the patch handle every counterexample posted so far?", deadline: "2027-01-31T18:00:00Z", judgeIds: ["cm1user000000000000001"] } },
});
export const listRounds = defineContract({
  operationId: "listRounds", method: "GET", path: "/debates/{debateId}/rounds", tag: "rounds", auth: "optional",
  summary: "The debate's judged rounds", params: debateParams, status: 200, response: z.object({ rounds: z.array(roundSummarySchema) }), errors: ["NOT_FOUND"],
});
export const roundResults = defineContract({
  operationId: "roundResults", method: "GET", path: "/debates/{debateId}/rounds/{number}", tag: "rounds", auth: "optional",
  summary: "A round's entries (locked text) and verdicts (json, or ?format=md for a Markdown report)",
  params: roundParams, query: z.object({ format: z.enum(["json", "md"]).default("json") }), status: 200,
  response: z.object({ results: roundResultsSchema }),
  otherContent: [{ type: "text/markdown", description: "?format=md: the results as a Markdown download" }],
  errors: ["NOT_FOUND"],
});
export const recordVerdict = defineContract({
  operationId: "recordVerdict", method: "PUT", path: "/debates/{debateId}/rounds/{number}/verdicts/{nodeId}", tag: "rounds", auth: "required",
  summary: "A judge's verdict on a patch entered in the round (after the deadline, until finalised; not on your own patch)",
  params: entryParams, body: verdictSchema, status: 200,
  response: z.object({ verdict: z.object({ nodeId: idSchema, judgeId: idSchema, verdict: verdictKind, reason: sentText, updatedAt: dateTime }) }),
  errors: ["NOT_FOUND", "CONFLICT"],
  example: { request: { verdict: "HOLDS", reason: "Handles both counterexamples posted in the round." } },
});
export const finaliseRound = defineContract({
  operationId: "finaliseRound", method: "POST", path: "/debates/{debateId}/rounds/{number}/finalise", tag: "rounds", auth: "required",
  summary: "Finalise a round after its deadline (owner): verdicts become final", params: roundParams, body: z.object({}), status: 204, errors: ["NOT_FOUND", "CONFLICT"],
});
