import { apiRoute } from "@/lib/http/route";
import { markNotificationsRead, markReadBody } from "@/lib/server/notifications/service";

export const POST = apiRoute({ auth: true, body: markReadBody }, ({ actor, body }) => markNotificationsRead(actor, body));
