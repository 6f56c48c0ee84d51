import { apiRoute } from "@/lib/http/route";
import { listNotifications as readNotifications } from "@/lib/server/notifications/service";
import { listNotifications } from "@/lib/contracts/accounts";

export const GET = apiRoute(listNotifications, ({ actor, query }) => readNotifications(actor, query));
