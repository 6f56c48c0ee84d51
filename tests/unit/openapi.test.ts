import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, routeDocs } from "@/lib/http/openapi";
import { createRequire } from "node:module";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { sessionCookieName } from "@/lib/server/auth/origin";

const API_ROOT = path.resolve(__dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every (method, path) that a route file under app/api/v1 exports. */
function implementedRoutes(): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else if (entry === "route.ts") {
        const source = readFileSync(full, "utf8");
        const apiPath = "/" + path.relative(API_ROOT, dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
        for (const method of METHODS) {
          if (new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(source)) {
            found.push(`${method.toLowerCase()} ${apiPath}`);
          }
        }
      }
    }
  };
  visit(API_ROOT);
  return found.filter((r) => r !== "get /openapi.json").sort();
}

/** Every (method, path) whose route file passes apiRoute's `idempotent: true`. */
function idempotentRoutes(): string[] {
  return implementedRoutesWhere((source, method) => new RegExp(`export const ${method} = apiRoute\\(\\{[^}]*idempotent: true`).test(source));
}

function implementedRoutesWhere(test: (source: string, method: string) => boolean): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else if (entry === "route.ts") {
        const source = readFileSync(full, "utf8");
        const apiPath = "/" + path.relative(API_ROOT, dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
        for (const method of METHODS) if (test(source, method)) found.push(`${method.toLowerCase()} ${apiPath}`);
      }
    }
  };
  visit(API_ROOT);
  return found.sort();
}

describe("OpenAPI document", () => {
  it("documents the Idempotency-Key header on exactly the routes that honour it", () => {
    const doc = openApiDocument();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => JSON.stringify((op as { parameters: unknown[] }).parameters).includes("#/components/parameters/IdempotencyKey"))
          .map(([method]) => `${method} ${p}`),
      )
      .sort();
    expect(documented).toEqual(idempotentRoutes());
    expect(documented).toEqual(expect.arrayContaining(["post /debates", "post /debates/import", "post /debates/{debateId}/nodes", "post /me/tokens"]));
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
  });

  it("lists exactly the routes that exist", () => {
    const documented = routeDocs.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(implementedRoutes());
  });

  it("is an OpenAPI 3.1 document with JSON schemas for request bodies", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const post = doc.paths["/debates/{debateId}/nodes"]?.post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } };
    expect(Object.keys(post.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["parentId", "kind", "body", "quote", "targetVersions", "answersNodeIds", "proposal"]),
    );
  });

  it("documents the debate's stuckAfterDays setting as a whole number of days, 1–365", () => {
    const patch = openApiDocument().paths["/debates/{debateId}"]?.patch as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } };
    expect(patch.requestBody.content["application/json"].schema.properties.stuckAfterDays).toMatchObject({ type: "integer", minimum: 1, maximum: 365 });
  });

  it("documents 429 with Retry-After on the rate-limited routes, quoting the rules", () => {
    const doc = openApiDocument();
    type Responses = Record<string, { description: string; headers?: Record<string, unknown> }>;
    const responses = (path: string, method: string) => (doc.paths[path]?.[method] as { responses: Responses }).responses;
    const imports = responses("/debates/import", "post")["429"]!;
    expect(imports.headers).toHaveProperty("Retry-After");
    expect(imports.description).toContain(`${rateRules.importsPerUser.limit} per hour per user, ${rateRules.importsPerIp.limit} per hour per client address`);
    expect(responses("/debates/{debateId}/nodes", "post")["429"]!.description).toContain(`${rateRules.movesPerUser.limit} per minute per user`);
    expect(responses("/auth/signup", "post")["429"]).toBeDefined();
    expect(responses("/debates/{debateId}/nodes/{nodeId}", "patch")["429"]!.description).toContain(`${rateRules.editsPerUser.limit} per minute per user`);
    expect(responses("/me/tokens", "post")["429"]!.description).toContain(`${rateRules.tokensPerUser.limit} per hour per user`);
    expect(responses("/debates", "get")["429"]).toBeUndefined();
  });

  it("documents the general per-user write budget (429) on every write a signed-in user makes", () => {
    const doc = openApiDocument();
    const writes = routeDocs.filter((r) => r.method !== "get");
    expect(writes.length).toBeGreaterThan(20);
    for (const route of writes) {
      const response = (doc.paths[route.path]?.[route.method] as { responses: Record<string, { description: string }> }).responses["429"];
      expect(response, `${route.method} ${route.path}`).toBeDefined();
      if (route.auth !== "none") expect(response!.description, `${route.method} ${route.path}`).toContain(`${rateRules.writesPerUser.limit} per minute per user`);
    }
  });

  // next-auth does not export its cookie names: read them from the installed package itself.
  const { defaultCookies } = createRequire(import.meta.url)(path.resolve(__dirname, "../../node_modules/next-auth/core/lib/cookie.js")) as {
    defaultCookies: (secure: boolean) => { sessionToken: { name: string } };
  };

  // Issue #18: the document named `next-auth.session-token` even where next-auth sets
  // `__Secure-next-auth.session-token` (an https NEXTAUTH_URL). Checked against next-auth's own names.
  it.each([
    [undefined, false],
    ["http://127.0.0.1:3000", false],
    ["https://debates.example.org", true],
    ["https://debates.example.org/base", true],
  ])("names the session cookie next-auth sets under NEXTAUTH_URL=%s", (nextAuthUrl, secure) => {
    const expected = defaultCookies(secure).sessionToken.name;
    expect(sessionCookieName(nextAuthUrl)).toBe(expected);
    const session = openApiDocument(routeDocs, sessionCookieName(nextAuthUrl)).components.securitySchemes.session;
    expect(session).toEqual({ type: "apiKey", in: "cookie", name: expected });
  });
});
