// A generated client must see real types: openapi-typescript turns the served document into
// TypeScript, and no operation may answer `unknown` or have no content where it sends JSON.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import openapiTS, { astToString } from "openapi-typescript";
import { GET as servedDocument } from "@/app/api/v1/openapi.json/route";
import { openApiDocument } from "@/lib/http/openapi";
import { defineContract } from "@/lib/contracts/define";

async function generate(document: unknown): Promise<string> {
  return astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
}

/** Per operation: the success statuses whose content is missing or `unknown` in the generated types. */
function untypedResponses(source: string): string[] {
  const operations = source.slice(source.indexOf("export interface operations {"));
  const found: string[] = [];
  for (const block of operations.split(/\n(?=    \w+: \{\n)/).slice(1)) {
    const operationId = /^ {4}(\w+):/.exec(block)![1];
    const responses = block.slice(block.indexOf("        responses: {"));
    for (const status of responses.split(/\n(?= {12}(?:\d{3}|default): \{\n)/).slice(1)) {
      const code = /^ {12}(\d{3}|default):/.exec(status)![1]!;
      if (code === "204") continue;
      if (/\n {16}content\?: never;/.test(status)) found.push(`${operationId} ${code}: no content`);
      for (const m of status.matchAll(/\n {20}"([^"]+)": unknown;/g)) found.push(`${operationId} ${code}: ${m[1]} is unknown`);
    }
  }
  return found;
}

describe("types generated from the served OpenAPI document (openapi-typescript)", () => {
  it("have a typed body for every response of every operation", async () => {
    const response = servedDocument();
    expect(response.status).toBe(200);
    const source = await generate(await response.json());
    expect(source).toContain("getOverview: {");
    expect(untypedResponses(source)).toEqual([]);
  }, 30_000);

  it("would catch an operation without a response schema (the check can fail)", async () => {
    const untyped = defineContract({
      operationId: "untyped", method: "GET", path: "/untyped", summary: "No schema", tag: "debates", auth: "none", status: 200, errors: [],
    });
    const loose = defineContract({
      operationId: "loose", method: "GET", path: "/loose", summary: "Anything", tag: "debates", auth: "none", status: 200, response: z.unknown(), errors: [],
    });
    const source = await generate(openApiDocument([untyped, loose]));
    expect(untypedResponses(source)).toEqual(["untyped 200: no content", "loose 200: application/json is unknown"]);
  }, 30_000);
});
