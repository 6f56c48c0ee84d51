import { apiRoute, JsonText } from "@/lib/http/route";
import { largeJson, matchesValidator, notModified } from "@/lib/http/large-json";
import { openTreeRead } from "@/lib/server/debate/tree-pages";
import { getTree } from "@/lib/contracts/debates";

// Pages and subtrees are JSON text checked outside production (the check would cost more than the read);
// the full read streams slice by slice (docs/api.md, "The tree"). An unchanged tree answers 304.
export const GET = apiRoute(getTree, { responseCheck: "outside-production" }, async ({ actor, params, query, request }) => {
  const read = await openTreeRead(actor, params.debateId, query);
  if (matchesValidator(request, read.etag)) return notModified(read.etag);
  const body = await read.body();
  return typeof body === "string" ? new JsonText(body, read.etag) : largeJson(body, { etag: read.etag });
});
