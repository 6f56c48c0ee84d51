import { apiRoute } from "@/lib/http/route";
import { finaliseRound as finalise } from "@/lib/server/rounds/service";
import { finaliseRound } from "@/lib/contracts/rounds";

export const POST = apiRoute(finaliseRound, async ({ actor, params }) => {
  await finalise(actor, params.debateId, params.number);
});
