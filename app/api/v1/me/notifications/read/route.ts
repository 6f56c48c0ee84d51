import { apiRoute } from "@/lib/http/route";
import { markNotificationsRead as markRead } from "@/lib/server/notifications/service";
import { markNotificationsRead } from "@/lib/contracts/accounts";

export const POST = apiRoute(markNotificationsRead, ({ actor, body }) => markRead(actor, body));
