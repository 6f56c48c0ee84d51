import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeDocs } from "@/lib/http/openapi";
import { rateRules, type RateRule } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/server/db/client";
import { createDebate, createUser, uniqueSuffix } from "@/tests/factories";
import { ensureBuild, type Server } from "@/tests/support/servers";
import { call, insertToken, serverOnTestDb, signInWithCredentials } from "./helpers";

// Per-client limits as deployed by default: `next start` WITHOUT TRUST_PROXY, limits
// scaled to 5% (RATE_LIMIT_MULTIPLIER=0.05). Each client is a loopback address the
// test connects from (127.0.0.x): the server must count the socket's address, whatever
// X-Forwarded-For the client sends (`next start` passes a client's value through).
// Also: every write path of a signed-in user has a limit (429 with Retry-After).

const MULTIPLIER = 0.05;
const scaled = (rule: RateRule) => Math.ceil(rule.limit * MULTIPLIER);
const PASSWORD = "Correct horse battery 9!";
let server: Server;
let owner: { id: string; username: string };
let writer: { token: string; debateId: string; nodeId: string };
const spender: { token: string }[] = [];

/** A client at loopback address 127.0.0.`n`. */
const client = (n: number) => ({ localAddress: `127.0.0.${n}` });
let forged = 0;
/** A different made-up X-Forwarded-For on every request. */
const forgedForwardedFor = () => ({ "x-forwarded-for": `203.0.113.${(forged = (forged % 250) + 1)}` });

beforeAll(async () => {
  await ensureBuild();
  const u = await createUser(db(), { password: PASSWORD });
  owner = { id: u.id, username: u.username };
  const w = await createUser(db());
  const d = await createDebate(db(), { owner: w, visibility: "PUBLIC" });
  const n = await db().node.create({
    data: { debateId: d.id, parentId: d.rootNodeId, depth: 1, kind: "COMMENT", side: "BUILDER", authorId: w.id, title: "", body: "Revision 1" },
    select: { id: true },
  });
  writer = { token: (await insertToken(db(), w.id)).secret, debateId: d.id, nodeId: n.id };
  for (let i = 0; i < 2; i++) spender.push({ token: (await insertToken(db(), (await createUser(db())).id)).secret });
  server = await serverOnTestDb({ RATE_LIMIT_MULTIPLIER: String(MULTIPLIER) });
}, 420_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

const signIn = (login: string, password: string, from: { localAddress: string }) =>
  signInWithCredentials(server.url, login, password, forgedForwardedFor(), from).then((r) => r.reply);

describe("the client address without a trusted proxy", () => {
  it("sign-in: one address runs out of attempts (forged X-Forwarded-For changes nothing); another still signs in", async () => {
    const attacker = client(2);
    for (let i = 0; i < scaled(rateRules.signInPerIp); i++) {
      expect((await signIn(`nobody-${uniqueSuffix()}`, "wrong password", attacker)).status, `attempt ${i + 1}`).toBe(401);
    }
    const limited = await signIn(`nobody-${uniqueSuffix()}`, "wrong password", attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client is not affected: made-up users are 401, the owner gets in.
    expect((await signIn(`nobody-${uniqueSuffix()}`, "wrong password", client(3))).status).toBe(401);
    expect((await signIn(owner.username, PASSWORD, client(3))).status).toBe(200);
  }, 120_000); // 18 sign-ins, each an scrypt run: slow on a loaded machine

  it("sign-up: one address runs out of sign-ups (forged X-Forwarded-For changes nothing); another still signs up", async () => {
    const signUp = (username: string, from: { localAddress: string }) =>
      call(`${server.url}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", ...forgedForwardedFor() },
        body: JSON.stringify({ username, password: PASSWORD, displayName: "Someone" }),
        ...from,
      });
    // A taken username still counts (and costs no password hash).
    for (let i = 0; i < scaled(rateRules.signUpPerIp); i++) expect((await signUp(owner.username, client(4))).status, `attempt ${i + 1}`).toBe(409);
    const limited = await signUp(`fresh${uniqueSuffix()}`.slice(0, 30), client(4));
    expect(limited.status, limited.text).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await signUp(`other${uniqueSuffix()}`.slice(0, 30), client(5))).status).toBe(201);
  });

  it("wrong passwords from an attacker's address do not keep the owner out from theirs", async () => {
    const attacker = client(6);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(owner.username, `wrong password ${i}`, attacker)).status);
    expect(statuses.slice(0, scaled(rateRules.signInPerAccountAddress))).toEqual(Array(scaled(rateRules.signInPerAccountAddress)).fill(401));
    expect(statuses.at(-1)).toBe(429);
    // Even the right password waits, from the attacker's address only.
    expect((await signIn(owner.username, PASSWORD, attacker)).status).toBe(429);
    expect((await signIn(owner.username, PASSWORD, client(7))).status).toBe(200);
  }, 60_000);
});

describe("write limits", () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

  it("edits: a few revisions per minute per user, then 429 with Retry-After", async () => {
    const edit = (revision: number) =>
      call(`${server.url}/api/v1/debates/${writer.debateId}/nodes/${writer.nodeId}`, {
        method: "PATCH",
        headers: bearer(writer.token),
        body: JSON.stringify({ body: `Revision ${revision + 1} ${"x".repeat(19_000)}`, revision }),
      });
    for (let i = 1; i <= scaled(rateRules.editsPerUser); i++) expect((await edit(i)).status, `edit ${i}`).toBe(200);
    const limited = await edit(scaled(rateRules.editsPerUser) + 1);
    expect(limited.status, limited.text.slice(0, 300)).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("token creation: per user per hour, then 429 with Retry-After", async () => {
    const create = () => call(`${server.url}/api/v1/me/tokens`, { method: "POST", headers: bearer(writer.token), body: JSON.stringify({ name: "script" }) });
    for (let i = 0; i < scaled(rateRules.tokensPerUser); i++) expect((await create()).status).toBe(201);
    const limited = await create();
    expect(limited.status, limited.text).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("every documented write path counts against one per-user budget: once spent, each answers 429", async () => {
    const [user, other] = spender as [{ token: string }, { token: string }];
    const rename = (token: string) => call(`${server.url}/api/v1/me`, { method: "PATCH", headers: bearer(token), body: JSON.stringify({ displayName: "Renamed" }) });
    for (let i = 0; i < scaled(rateRules.writesPerUser); i++) expect((await rename(user.token)).status, `write ${i + 1}`).toBe(200);
    // The budget is counted before ids are looked at, so made-up ids do; before bodies too, except
    // a move, which counts it in the statement that reads its context (after parsing its body).
    const writes = routeDocs.filter((r) => r.method !== "get" && r.auth === "required");
    expect(writes.length).toBeGreaterThan(20);
    const move = JSON.stringify({ kind: "COMMENT", parentId: "x1", body: "counted" });
    const unlimited: string[] = [];
    for (const route of writes) {
      const path = route.path.replace(/\{\w+\}/g, "x1");
      const body = route.method === "post" && route.path === "/debates/{debateId}/nodes" ? move : "{}";
      const r = await call(`${server.url}/api/v1${path}`, { method: route.method.toUpperCase(), headers: bearer(user.token), body });
      if (r.status !== 429 || !(Number(r.headers.get("retry-after")) > 0)) unlimited.push(`${route.method} ${route.path}: ${r.status}`);
    }
    expect(unlimited).toEqual([]);
    // Reads are not counted, and another user's budget is their own.
    expect((await call(`${server.url}/api/v1/me`, { headers: bearer(user.token) })).status).toBe(200);
    expect((await rename(other.token)).status).toBe(200);
  });
});
