import { apiRoute } from "@/lib/api/route";
import { listNotifications, listNotificationsQuery } from "@/lib/notifications/service";

export const GET = apiRoute({ auth: true, query: listNotificationsQuery }, ({ actor, query }) => listNotifications(actor, query));
