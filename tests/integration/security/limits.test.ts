import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateRules } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/server/db/client";
import { createDebate, createUser } from "@/tests/factories";
import { ensureBuild, type Server } from "@/tests/support/servers";
import { call, insertToken, serverOnTestDb, signInWithCredentials, type Reply } from "./helpers";

// Input limits and rate limits over HTTP against one `next start` with
// TRUST_PROXY=true (X-Forwarded-For names the client) and the limits scaled to
// 5% (RATE_LIMIT_MULTIPLIER=0.05): sign-in 1 failure per account and IP and 15
// per IP, sign-up 5 per IP, writes 6 per user, moves 3 per user, writes 30 per IP,
// imports 1 per user and 3 per IP, per window. The input-limit tests send their
// writes as a pool of users, so the per-user write budget does not answer first.
// Without TRUST_PROXY: client-address.test.ts.

const MULTIPLIER = 0.05;
const PASSWORD = "Correct horse battery 9!";
let server: Server;
let debate: { id: string; rootNodeId: string; nodeId: string };
let poster: { id: string; token: string; username: string };
const posters: { token: string }[] = [];
const inputClients: string[] = [];
let ipCounter = 0;
/** A fresh client address per call unless one is given. */
const ip = () => `203.0.113.${(ipCounter = (ipCounter % 250) + 1)}`;

beforeAll(async () => {
  await ensureBuild();
  const u = await createUser(db(), { password: PASSWORD });
  poster = { id: u.id, username: u.username, token: (await insertToken(db(), u.id)).secret };
  const d = await createDebate(db(), { owner: u, visibility: "PUBLIC" });
  const n = await db().node.create({
    data: { debateId: d.id, parentId: d.rootNodeId, depth: 1, kind: "COMMENT", side: "BUILDER", authorId: u.id, title: "", body: "A comment" },
    select: { id: true },
  });
  debate = { id: d.id, rootNodeId: d.rootNodeId, nodeId: n.id };
  for (let i = 0; i < 13; i++) {
    const p = await createUser(db());
    await db().membership.create({ data: { debateId: d.id, userId: p.id, side: "BREAKER" } });
    posters.push({ token: (await insertToken(db(), p.id)).secret });
  }
  for (let i = 0; i < 12; i++) inputClients.push((await insertToken(db(), (await createUser(db())).id)).secret);
  server = await serverOnTestDb({ TRUST_PROXY: "true", RATE_LIMIT_MULTIPLIER: String(MULTIPLIER) });
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

let inputClient = 0;
/** Bearer headers of the next user of the input-limit pool (or of `token`) from a fresh address. */
const auth = (token = inputClients[(inputClient = (inputClient + 1) % inputClients.length)]!) => ({ authorization: `Bearer ${token}`, "x-forwarded-for": ip() });

async function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = "POST"): Promise<Reply> {
  return call(`${server.url}${path}`, { method, headers: { ...auth(), "content-type": "application/json", ...headers }, body });
}

async function stillUp() {
  // A pooled keep-alive socket the server closed after a refused upload may reset once; a new one must work.
  const get = () => call(`${server.url}/api/v1/debates/${debate.id}`, { headers: auth() });
  const r = await get().catch(async (e: unknown) => {
    if ((e as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw e;
    return get();
  });
  expect(r.status, "the server answers a normal request afterwards").toBe(200);
}

describe("input limits", () => {
  const nodes = () => `/api/v1/debates/${debate.id}/nodes`;

  it("refuses bodies over the cap with 413 (declared or streamed)", async () => {
    const big = JSON.stringify({ parentId: debate.rootNodeId, kind: "COMMENT", body: "x".repeat(200 * 1024) });
    expect((await post(nodes(), big)).status).toBe(413);
    // No Content-Length: the cap is enforced while reading the stream.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent++;
        controller.enqueue(sent === 1 ? new TextEncoder().encode('{"body":"') : chunk);
      },
    });
    const res = await fetch(`${server.url}${nodes()}`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: stream,
      duplex: "half",
      signal: AbortSignal.timeout(15_000),
    } as RequestInit & { duplex: "half" }).catch((e: unknown) => e as Error);
    // The server may answer 413 and close before the client finished sending.
    if (res instanceof Response) expect(res.status).toBe(413);
    const signup = await call(`${server.url}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": ip() },
      body: JSON.stringify({ username: "big", password: PASSWORD, displayName: "d".repeat(20_000) }),
    });
    expect(signup.status).toBe(413);
    await stillUp();
  });

  it("answers deeply nested JSON with 4xx, not a crash", async () => {
    for (const depth of [10_000, 120_000]) {
      const arrays = "[".repeat(depth) + "]".repeat(depth);
      const objects = '{"a":'.repeat(Math.min(depth, 40_000)) + "1" + "}".repeat(Math.min(depth, 40_000));
      for (const [what, body] of [["arrays", arrays], ["objects", objects]] as const) {
        const r = await post(nodes(), body);
        expect(r.status, `${what} × ${depth}: ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${what} × ${depth}`).toBeLessThan(500);
      }
    }
    await stillUp();
  });

  it("answers invalid UTF-8 with 400", async () => {
    const prefix = new TextEncoder().encode(`{"parentId":"${debate.rootNodeId}","kind":"COMMENT","body":"`);
    const bytes = new Uint8Array([...prefix, 0xff, 0xfe, 0xc3, 0x28, ...new TextEncoder().encode('"}')]);
    const r = await post(nodes(), bytes);
    expect(r.status, r.text).toBe(400);
    // Overlong encoding of "/" and a lone surrogate encoded as UTF-8 are invalid too.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const b = new Uint8Array([...prefix, ...bad, ...new TextEncoder().encode('"}')]);
      expect((await post(nodes(), b)).status).toBe(400);
    }
    await stillUp();
  });

  it("refuses huge, negative, fractional and non-numeric numbers and ids with 4xx", async () => {
    const nodePath = `/api/v1/debates/${debate.id}/nodes/${debate.nodeId}`;
    const bad: [string, string, string, string][] = [];
    for (const revision of ["1e308", "1e309", "9007199254740993", "-1", "0", "1.5", '"1"', "null", "[1]"]) {
      bad.push([`revision ${revision}`, "PATCH", nodePath, `{"body":"x","revision":${revision}}`]);
    }
    for (const promise of ["101", "-1", "50.5", "1e400", '"50"']) {
      bad.push([`promise ${promise}`, "PUT", `${nodePath}/estimate`, `{"promise":${promise}}`]);
    }
    for (const v of ["1e20", "-3", "0", "1.5"]) {
      bad.push([`targetVersions ${v}`, "POST", nodes(), `{"parentId":"${debate.rootNodeId}","kind":"COUNTEREXAMPLE","body":"x","targetVersions":[${v}]}`]);
    }
    bad.push(["quote offsets", "POST", nodes(), `{"parentId":"${debate.rootNodeId}","kind":"COMMENT","body":"x","quote":{"text":"a","start":-5,"end":1e300}}`]);
    bad.push(["parentId too long", "POST", nodes(), JSON.stringify({ parentId: "a".repeat(65), kind: "COMMENT", body: "x" })]);
    bad.push(["parentId with odd characters", "POST", nodes(), JSON.stringify({ parentId: "../../x", kind: "COMMENT", body: "x" })]);
    const failures: string[] = [];
    for (const [what, method, path, body] of bad) {
      const r = await post(path, body, {}, method);
      if (r.status < 400 || r.status >= 500) failures.push(`${what}: ${r.status} ${r.text.slice(0, 160)}`);
    }
    for (const n of ["0", "-1", "1.5", "1e3x", "99999999999999999999", "NaN", "Infinity", "0x10"]) {
      const r = await call(`${server.url}/api/v1/debates/${debate.id}/versions/${n}`, { headers: auth() });
      if (r.status < 400 || r.status >= 500) failures.push(`version ${n}: ${r.status}`);
    }
    for (const id of ["a".repeat(65), "%00", "x%27%20OR%201%3D1"]) {
      const r = await call(`${server.url}/api/v1/debates/${id}`, { headers: auth() });
      if (r.status < 400 || r.status >= 500) failures.push(`debate id ${id}: ${r.status}`);
    }
    expect(failures).toEqual([]);
    const edited = await call(`${server.url}${nodePath}`, { headers: auth() });
    expect((edited.json as { node: { body: string } }).node.body).toBe("A comment");
    await stillUp();
  });

  it("refuses a body of the wrong content type with 415", async () => {
    const body = JSON.stringify({ parentId: debate.rootNodeId, kind: "COMMENT", body: "typed" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", ""]) {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const r = await call(`${server.url}${nodes()}`, { method: "POST", headers: { ...auth(), ...headers }, body });
      expect(r.status, `content-type "${type}": ${r.text}`).toBe(415);
    }
    const r = await call(`${server.url}/api/v1/debates/import`, { method: "POST", headers: { ...auth(), "content-type": "image/png" }, body: "x" });
    expect(r.status).toBe(415);
    await stillUp();
  });

  it("refuses an empty or malformed JSON body with 400", async () => {
    for (const body of ["", " ", "{", "{'a':1}", "\u0000"]) {
      expect((await post(nodes(), body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("rate limits", () => {
  it("sign-in: per account and address, then 429 with Retry-After; the owner elsewhere still signs in", async () => {
    const attacker = { "x-forwarded-for": ip() };
    const first = await signInWithCredentials(server.url, poster.username, "wrong password 1", attacker);
    expect(first.reply.status).toBe(401);
    const second = await signInWithCredentials(server.url, poster.username, "wrong password 2", attacker);
    expect(second.reply.status, second.reply.text).toBe(429);
    expect(Number(second.reply.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(second.reply.text).toContain("Too%20many");
    // Even the right password waits for the window, from that address.
    const right = await signInWithCredentials(server.url, poster.username, PASSWORD, attacker);
    expect(right.reply.status).toBe(429);
    const elsewhere = await signInWithCredentials(server.url, poster.username, PASSWORD, { "x-forwarded-for": ip() });
    expect(elsewhere.reply.status).toBe(200);
  });

  it("sign-in: per IP across accounts, while other addresses still get through", async () => {
    const address = "198.51.100.7";
    const limit = Math.ceil(300 * MULTIPLIER);
    for (let i = 0; i < limit; i++) {
      const r = await signInWithCredentials(server.url, `nobody${i}`, "wrong password", { "x-forwarded-for": address });
      expect(r.reply.status, `attempt ${i + 1}`).toBe(401);
    }
    const limited = await signInWithCredentials(server.url, "nobody-more", "wrong password", { "x-forwarded-for": address });
    expect(limited.reply.status).toBe(429);
    expect(Number(limited.reply.headers.get("retry-after"))).toBeGreaterThan(0);
    const elsewhere = await signInWithCredentials(server.url, "nobody-else", "wrong password", { "x-forwarded-for": "198.51.100.8" });
    expect(elsewhere.reply.status).toBe(401);
  }, 120_000); // 17 sign-ins, each an scrypt run: slow on a loaded machine

  it("sign-up: per IP, 429 with Retry-After; another address may still sign up", async () => {
    const address = "198.51.100.20";
    const limit = Math.ceil(100 * MULTIPLIER);
    const signup = (username: string, from: string) =>
      call(`${server.url}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": from },
        body: JSON.stringify({ username, password: PASSWORD, displayName: "Someone" }),
      });
    // A taken username still counts (and costs no password hash).
    for (let i = 0; i < limit; i++) expect((await signup(poster.username, address)).status, `attempt ${i + 1}`).toBe(409);
    const limited = await signup(`fresh${Date.now().toString(36)}`, address);
    expect(limited.status, limited.text).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await signup(`other${Date.now().toString(36)}`, "198.51.100.21")).status).toBe(201);
  });

  it("posting: per user, then per IP across users; 429 with Retry-After", async () => {
    const move = (token: string, from: string) =>
      call(`${server.url}/api/v1/debates/${debate.id}/nodes`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-forwarded-for": from },
        body: JSON.stringify({ parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: `move ${Math.random()}` }),
      });
    const perUser = Math.ceil(60 * MULTIPLIER);
    const one = posters[0]!.token;
    for (let i = 0; i < perUser; i++) expect((await move(one, ip())).status, `move ${i + 1}`).toBe(201);
    const limited = await move(one, ip());
    expect(limited.status, limited.text).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);

    // One address, many users: the per-IP budget runs out before any user's does.
    const address = "198.51.100.30";
    const perIp = Math.ceil(600 * MULTIPLIER);
    const { created, lastStatus, retryAfter } = await untilLimited(posters.slice(1, 12), perUser, (token) => move(token, address));
    expect(created).toBe(perIp);
    expect(lastStatus).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // A user with budget left, from another address, still posts.
    expect((await move(posters[12]!.token, "198.51.100.31")).status).toBe(201);
  });

  it("importing: per user, then per IP across users; 429 with Retry-After", async () => {
    const kialo = "Discussion Title: Limits\n\n1. Limits\n1.1. Con: Too many.\n";
    const upload = (token: string, from: string) =>
      call(`${server.url}/api/v1/debates/import?format=kialo`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", "x-forwarded-for": from },
        body: kialo,
      });
    const perUser = Math.ceil(rateRules.importsPerUser.limit * MULTIPLIER);
    for (let i = 0; i < perUser; i++) expect((await upload(poster.token, ip())).status, `import ${i + 1}`).toBe(201);
    const limited = await upload(poster.token, ip());
    expect(limited.status, limited.text).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((limited.json as { error: { code: string } }).error.code).toBe("RATE_LIMITED");

    // One address, many users: the per-IP budget runs out before any user's does.
    const address = "198.51.100.40";
    const perIp = Math.ceil(rateRules.importsPerIp.limit * MULTIPLIER);
    const { created, lastStatus, retryAfter } = await untilLimited(posters.slice(0, 12), perUser, (token) => upload(token, address));
    expect(created).toBe(perIp);
    expect(lastStatus).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // A user with budget left, from another address, still imports.
    expect((await upload(posters[12]!.token, "198.51.100.41")).status).toBe(201);
  });
});

/** Each user sends up to `perUser` requests until one answers 429: how many got 201, the last status, its Retry-After. */
async function untilLimited(users: readonly { token: string }[], perUser: number, send: (token: string) => Promise<{ status: number; headers: Headers }>) {
  let created = 0;
  let lastStatus = 0;
  let retryAfter: string | null = null;
  for (const user of users) {
    for (let i = 0; i < perUser && lastStatus !== 429; i++) {
      const r = await send(user.token);
      lastStatus = r.status;
      if (r.status === 201) created++;
      else retryAfter = r.headers.get("retry-after");
    }
  }
  return { created, lastStatus, retryAfter };
}
