import { apiRoute } from "@/lib/http/route";
import { listNotifications, listNotificationsQuery } from "@/lib/server/notifications/service";

export const GET = apiRoute({ auth: true, query: listNotificationsQuery }, ({ actor, query }) => listNotifications(actor, query));
