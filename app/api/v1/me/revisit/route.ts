import { apiRoute } from "@/lib/http/route";
import { myRevisit } from "@/lib/server/debate/branches";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ branches: await myRevisit(actor) }));
