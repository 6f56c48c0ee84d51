import { json } from "@/lib/http/route";
import { openApiDocument } from "@/lib/http/openapi";

export function GET() {
  return json(openApiDocument());
}
