import { scalarBundle } from "@/app/docs/api/scalar-bundle";

export async function GET() {
  try {
    return new Response(new Uint8Array(await scalarBundle()), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=31536000, immutable" },
    });
  } catch (error) {
    console.error("[api-docs] Scalar's bundle is missing; run npm install", error);
    return new Response("// The API reference's bundle is missing on the server\n", { status: 500, headers: { "content-type": "text/javascript" } });
  }
}
