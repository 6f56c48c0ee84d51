import schema from "@/public/schemas/builder-breaker-2.schema.json";

// The JSON Schema of the builder-breaker/2 export format (also a static file at /schemas/builder-breaker-2.schema.json).
const body = JSON.stringify(schema, null, 2);

export function GET(): Response {
  return new Response(body, {
    headers: { "content-type": "application/schema+json; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
