import { apiRoute } from "@/lib/http/route";
import { listRounds as list, openRound as open } from "@/lib/server/rounds/service";
import { listRounds, openRound } from "@/lib/contracts/rounds";

export const GET = apiRoute(listRounds, async ({ actor, params }) => ({ rounds: await list(actor, params.debateId) }));

export const POST = apiRoute(openRound, async ({ actor, params, body }) => ({ round: await open(actor, params.debateId, body) }));
