import { apiRoute } from "@/lib/api/route";
import { myRevisit } from "@/lib/debate/branches";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ branches: await myRevisit(actor) }));
