import { errorResponse } from "@/lib/http/errors";
import { debateParams } from "@/lib/http/params";
import { clientIp } from "@/lib/http/request";
import { resolveActor } from "@/lib/http/actor";
import { openEventStream, parseSince } from "@/lib/server/live/stream";

// Server-Sent Events for one debate. It streams, so it cannot return JSON through
// apiRoute(); it reuses the same actor resolution and error mapping.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ debateId: string }> }): Promise<Response> {
  try {
    const actor = await resolveActor(request);
    const { debateId } = debateParams.parse(await context.params);
    const since = parseSince(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("since"));
    // The stream resolves its viewer again through the same path while it is open.
    const again = () => resolveActor(request);
    return await openEventStream({ actor, resolveActor: again, debateId, since, ip: clientIp(request.headers), signal: request.signal });
  } catch (error) {
    return errorResponse(error);
  }
}
