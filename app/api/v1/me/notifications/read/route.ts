import { apiRoute } from "@/lib/api/route";
import { markNotificationsRead, markReadBody } from "@/lib/notifications/service";

export const POST = apiRoute({ auth: true, body: markReadBody }, ({ actor, body }) => markNotificationsRead(actor, body));
