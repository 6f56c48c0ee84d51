import { apiRoute } from "@/lib/http/route";
import { myRevisit as readRevisit } from "@/lib/server/debate/branches";
import { myRevisit } from "@/lib/contracts/debates";

export const GET = apiRoute(myRevisit, async ({ actor }) => ({ branches: await readRevisit(actor) }));
