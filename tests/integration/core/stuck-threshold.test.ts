// The per-debate stuck threshold (Debate.stuckAfterDays) through the real
// PATCH /api/v1/debates/{id} handler (bearer tokens, real database, no HTTP
// server): who may change it, what a bad value answers, and that the stuck
// signal of the overview follows it.
import { beforeAll, describe, expect, it, vi } from "vitest";

// These requests carry no cookie; next-auth's getServerSession needs a Next request
// scope, so it is the one boundary replaced: "no session" (as in tests/unit/api/route.test.ts).
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => null),
}));

const { PATCH } = await import("@/app/api/v1/debates/[debateId]/route");
const { GET: getOverview } = await import("@/app/api/v1/debates/[debateId]/overview/route");
import { createApiToken } from "@/lib/server/auth/tokens";
import { joinDebate, switchSide } from "@/lib/server/debate/debates";
import { createNode } from "@/lib/server/debate/nodes";
import { db } from "@/lib/server/db/client";
import type { Visibility } from "@/lib/domain/vocabulary";
import { createDebate, createUser, type DebateFixture } from "@/tests/factories";

const d = db();
const DAY_MS = 24 * 60 * 60 * 1000;

const ACTORS = ["anonymous", "nonMember", "observer", "builder", "breaker", "moderator", "owner"] as const;
type ActorName = (typeof ACTORS)[number];
type MemberName = "observer" | "builder" | "breaker" | "moderator";
type Fx = DebateFixture<MemberName>;

/** As docs/permissions.md and the security matrix: 401 signed out, 404 for outsiders of a private debate, else 403 unless allowed. */
function expectedStatus(actor: ActorName, visibility: Visibility): number {
  if (actor === "anonymous") return 401;
  if (actor === "nonMember") return visibility === "PRIVATE" ? 404 : 403;
  return actor === "owner" || actor === "moderator" ? 200 : 403;
}

const ctx = (debateId: string) => ({ params: Promise.resolve({ debateId }) });

function request(debateId: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {}) {
  const headers = new Headers({ host: "app.example" });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body !== undefined || init.rawBody !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://app.example/api/v1/debates/${debateId}`, {
    method: init.method ?? "GET",
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}

type ErrorReply = { error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]> } } };

async function patch(fx: Fx, token: string | undefined, body: unknown, rawBody?: string) {
  const res = await PATCH(request(fx.id, { method: "PATCH", token, body, rawBody }), ctx(fx.id));
  return { status: res.status, json: (await res.json()) as { debate?: { stuckAfterDays: number } } & Partial<ErrorReply> };
}

async function overview(fx: Fx, token: string) {
  const res = await getOverview(request(fx.id, { token }), ctx(fx.id));
  expect(res.status).toBe(200);
  const json = (await res.json()) as { debate: { stuckAfterDays: number }; stuck: { stuck: boolean; reason: string | null; stuckAfterDays: number; idleDays: number } };
  return json;
}

/** The debate's settings and its event count: a refused change must leave both alone. */
async function state(debateId: string) {
  const debate = await d.debate.findUniqueOrThrow({
    where: { id: debateId },
    select: { stuckAfterDays: true, title: true, context: true, visibility: true, playMode: true, lastMoveAt: true },
  });
  return { ...debate, events: await d.debateEvent.count({ where: { debateId } }) };
}

let outsiderToken: string;
const tokens = new Map<string, string>();
const fixtures = {} as Record<Visibility, Fx>;

async function tokenFor(fx: Fx, actor: ActorName): Promise<string | undefined> {
  if (actor === "anonymous") return undefined;
  if (actor === "nonMember") return outsiderToken;
  const user = actor === "owner" ? fx.owner : fx.members[actor];
  let token = tokens.get(user.id);
  if (!token) tokens.set(user.id, (token = (await createApiToken(user.id, "stuck-threshold")).secret));
  return token;
}

async function makeFixture(visibility: Visibility): Promise<Fx> {
  return createDebate(d, {
    visibility,
    members: {
      observer: { side: "OBSERVER" },
      builder: { side: "BUILDER" },
      breaker: { side: "BREAKER" },
      // Moderates from the observer side: the setting follows the role, not the side.
      moderator: { side: "OBSERVER", role: "MODERATOR" },
    },
  });
}

beforeAll(async () => {
  outsiderToken = (await createApiToken((await createUser(d)).id, "outsider")).secret;
  for (const visibility of ["PUBLIC", "UNLISTED", "PRIVATE"] as const) fixtures[visibility] = await makeFixture(visibility);
});

describe("PATCH /debates/{id} { stuckAfterDays }", () => {
  it("a new debate counts as stuck after 7 days", async () => {
    const fx = fixtures.PUBLIC;
    expect((await state(fx.id)).stuckAfterDays).toBe(7);
    expect((await overview(fx, (await tokenFor(fx, "owner"))!)).debate.stuckAfterDays).toBe(7);
  });

  for (const visibility of ["PUBLIC", "UNLISTED", "PRIVATE"] as const) {
    for (const actor of ACTORS) {
      const status = expectedStatus(actor, visibility);
      it(`${visibility} · ${actor} → ${status}`, async () => {
        const fx = fixtures[visibility];
        const value = 2 + ACTORS.indexOf(actor); // distinct per cell, never the current value
        await d.debate.update({ where: { id: fx.id }, data: { stuckAfterDays: 100, lastMoveAt: new Date(Date.now() - 10 * DAY_MS) } });
        const before = await state(fx.id);
        const reply = await patch(fx, await tokenFor(fx, actor), { stuckAfterDays: value });
        expect(reply.status, JSON.stringify(reply.json)).toBe(status);
        const after = await state(fx.id);
        if (status === 200) {
          expect(reply.json.debate?.stuckAfterDays).toBe(value);
          // A settings change is not a move: the idle clock keeps running (lib/server/events/record.ts isMove).
          expect(after).toEqual({ ...before, stuckAfterDays: value, events: before.events + 1 });
          const event = await d.debateEvent.findFirstOrThrow({ where: { debateId: fx.id }, orderBy: { seq: "desc" }, select: { type: true, payload: true } });
          expect(event).toMatchObject({ type: "debate.updated", payload: { fields: ["stuckAfterDays"] } });
        } else {
          expect(after).toEqual(before);
          const code = { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND" }[status];
          expect(reply.json.error?.code).toBe(code);
        }
      });
    }
  }

  it("a moderator may not slip an owner-only setting in with it: 403, nothing changes", async () => {
    const fx = fixtures.UNLISTED;
    const before = await state(fx.id);
    const reply = await patch(fx, await tokenFor(fx, "moderator"), { stuckAfterDays: 30, title: "Taken over" });
    expect(reply.status).toBe(403);
    expect(reply.json.error?.message).toMatch(/owner/);
    expect(await state(fx.id)).toEqual(before);
  });

  it("the owner may change it together with other settings", async () => {
    const fx = await makeFixture("PUBLIC");
    const reply = await patch(fx, await tokenFor(fx, "owner"), { stuckAfterDays: 21, context: "Quieter now" });
    expect(reply.status).toBe(200);
    expect(await state(fx.id)).toMatchObject({ stuckAfterDays: 21, context: "Quieter now" });
  });

  it("a change without a context keeps the context (zod 4 used to fill in its default \"\")", async () => {
    const fx = await createDebate(d, { context: "Keep this context", members: { moderator: { side: "OBSERVER", role: "MODERATOR" } } });
    expect((await patch(fx as Fx, await tokenFor(fx as Fx, "moderator"), { stuckAfterDays: 3 })).status).toBe(200);
    expect((await patch(fx as Fx, await tokenFor(fx as Fx, "owner"), { title: "Renamed" })).status).toBe(200);
    expect(await state(fx.id)).toMatchObject({ stuckAfterDays: 3, title: "Renamed", context: "Keep this context" });
  });

  it("the bounds 1 and 365 are accepted", async () => {
    const fx = fixtures.PUBLIC;
    for (const value of [1, 365]) {
      const reply = await patch(fx, await tokenFor(fx, "owner"), { stuckAfterDays: value });
      expect(reply.status).toBe(200);
      expect((await state(fx.id)).stuckAfterDays).toBe(value);
    }
  });

  const bad: [string, unknown][] = [
    ["0", 0],
    ["366", 366],
    ["2.5", 2.5],
    ['"x"', "x"],
    ['"14" (a string)', "14"],
    ["-3", -3],
    ["null", null],
  ];
  for (const [label, value] of bad) {
    it(`${label} → 422 VALIDATION naming stuckAfterDays; nothing changes`, async () => {
      const fx = fixtures.PRIVATE;
      await d.debate.update({ where: { id: fx.id }, data: { stuckAfterDays: 9 } });
      const before = await state(fx.id);
      for (const actor of ["owner", "moderator"] as const) {
        const reply = await patch(fx, await tokenFor(fx, actor), { stuckAfterDays: value });
        expect(reply.status, JSON.stringify(reply.json)).toBe(422);
        expect(reply.json.error?.code).toBe("VALIDATION");
        expect(reply.json.error?.details?.fieldErrors).toEqual({
          stuckAfterDays: ["Stuck after must be a whole number of days from 1 to 365"],
        });
        expect(await state(fx.id)).toEqual(before);
      }
    });
  }

  it("a JSON number too large for the column is refused the same way", async () => {
    const fx = fixtures.PRIVATE;
    const before = await state(fx.id);
    const reply = await patch(fx, await tokenFor(fx, "owner"), undefined, '{"stuckAfterDays":1e400}');
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json.error?.details?.fieldErrors ?? {})).toEqual(["stuckAfterDays"]);
    expect(await state(fx.id)).toEqual(before);
  });
});

describe("the overview's stuck signal follows the setting", () => {
  it("10 idle days: stuck at the default 7, not at 14, stuck again at 10", async () => {
    const fx = await makeFixture("PUBLIC");
    const owner = (await tokenFor(fx, "owner"))!;
    const moderator = (await tokenFor(fx, "moderator"))!;
    // A fresh proposal: the breaker has a move, so only idleness can make it stuck.
    const idleFor10Days = () => d.debate.update({ where: { id: fx.id }, data: { lastMoveAt: new Date(Date.now() - 10 * DAY_MS - 60_000) } });
    await idleFor10Days();
    expect((await overview(fx, owner)).stuck).toMatchObject({ stuck: true, reason: "idle", stuckAfterDays: 7, idleDays: 10 });

    expect((await patch(fx, moderator, { stuckAfterDays: 14 })).status).toBe(200);
    const after14 = await overview(fx, owner);
    expect(after14.debate.stuckAfterDays).toBe(14);
    expect(after14.stuck).toMatchObject({ stuck: false, reason: null, stuckAfterDays: 14, idleDays: 10 });

    expect((await patch(fx, owner, { stuckAfterDays: 10 })).status).toBe(200);
    expect((await overview(fx, owner)).stuck).toMatchObject({ stuck: true, reason: "idle", stuckAfterDays: 10, idleDays: 10 });
  });

  it("joining or changing sides does not reset the idle clock; a move does", async () => {
    const fx = await makeFixture("PUBLIC");
    const owner = (await tokenFor(fx, "owner"))!;
    const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS - 60_000);
    await d.debate.update({ where: { id: fx.id }, data: { lastMoveAt: tenDaysAgo } });
    const newcomer = await createUser(d);
    await joinDebate(newcomer, fx.id, "BREAKER");
    await switchSide(newcomer, fx.id, "BUILDER");
    expect((await d.debate.findUniqueOrThrow({ where: { id: fx.id } })).lastMoveAt).toEqual(tenDaysAgo);
    expect((await overview(fx, owner)).stuck).toMatchObject({ stuck: true, reason: "idle", idleDays: 10 });

    await createNode(newcomer, fx.id, { parentId: fx.rootNodeId, kind: "COMMENT", title: "", body: "back to it" });
    expect((await d.debate.findUniqueOrThrow({ where: { id: fx.id } })).lastMoveAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await overview(fx, owner)).stuck).toMatchObject({ stuck: false, idleDays: 0 });
  });
});
