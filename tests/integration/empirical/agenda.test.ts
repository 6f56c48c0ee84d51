// The research agenda: per debate and across my debates, sorting, the
// resolved claim dropping off, and the CSV / Markdown downloads through the
// real route handlers (bearer token), formula-injection safe.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/tokens";
import { applyResolution, debateAgenda, myAgenda, recordPrediction, upsertExperimentCard } from "@/lib/server/empirical/service";
import { GET as debateAgendaRoute } from "@/app/api/v1/debates/[debateId]/agenda/route";
import { GET as myAgendaRoute } from "@/app/api/v1/me/agenda/route";
import { POST as predictRoute } from "@/app/api/v1/debates/[debateId]/nodes/[nodeId]/predictions/route";
import { claim, debateFixture, resolveInput, type Fixture } from "./fixtures";

let fx: Fixture;
let wide: string; // builders 0.9 vs breakers 0.1
let narrow: string; // 0.6 vs 0.5
let heavy: string; // no predictions, two dependent nodes
let formula: string;
let token: string;

beforeAll(async () => {
  fx = await debateFixture("PRIVATE");
  wide = await claim(fx, { title: "Wide disagreement" });
  narrow = await claim(fx, { title: "Narrow disagreement" });
  heavy = await claim(fx, { title: "Many branches hang here" });
  const child = await claim(fx, { parentId: heavy, kind: "QUESTION", empirical: false });
  await claim(fx, { parentId: child, kind: "COMMENT", empirical: false });
  formula = await claim(fx, { title: '=HYPERLINK("https://evil.example","click")' });
  await upsertExperimentCard(fx.actors.builder, fx.debateId, formula, {
    question: "+SUM(A1:A9)",
    method: "@import, with a comma and \"quotes\"",
    supportIf: "-1 or more",
    refuteIf: "line one\nline two | piped",
    status: "PROPOSED",
    links: [],
    ownerId: null,
  });
  for (const [id, b, k] of [[wide, 0.9, 0.1], [narrow, 0.6, 0.5]] as const) {
    await recordPrediction(fx.actors.builder, fx.debateId, id, { probability: b });
    await recordPrediction(fx.actors.breaker, fx.debateId, id, { probability: k });
  }
  token = (await createApiToken(fx.actors.observer.id, "agenda test")).secret;
});

const get = (url: string, bearer = token) => new Request(url, { headers: { authorization: `Bearer ${bearer}` } });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe("research agenda", () => {
  it("lists open empirical claims, sorted by disagreement (rows without one last) or by dependent nodes", async () => {
    const byDisagreement = (await debateAgenda(fx.actors.observer, fx.debateId)).rows;
    expect(byDisagreement.map((r) => r.nodeId).slice(0, 2)).toEqual([wide, narrow]);
    expect(byDisagreement).toHaveLength(4);
    expect(byDisagreement[0]!.disagreement).toBeCloseTo(0.8);
    expect(byDisagreement[0]!.spread.BUILDER?.mean).toBeCloseTo(0.9);
    expect(byDisagreement.find((r) => r.nodeId === formula)?.card?.question).toBe("+SUM(A1:A9)");

    const byBranches = (await debateAgenda(fx.actors.observer, fx.debateId, "dependentNodes")).rows;
    expect(byBranches[0]).toMatchObject({ nodeId: heavy, dependentNodes: 2 });
  });

  it("names each claim by its title, or by its body's first 80 characters when untitled", async () => {
    const untitled = await claim(fx, { title: "" });
    const body = "An experiment would settle this: run the monitor on a thousand held-out sessions and count the misses.";
    await db().node.update({ where: { id: untitled }, data: { body } });
    const rows = (await debateAgenda(fx.actors.observer, fx.debateId)).rows;
    expect(rows.find((r) => r.nodeId === untitled)?.title).toBe(`${body.slice(0, 80)}…`);
    expect(rows.find((r) => r.nodeId === wide)?.title).toBe("Wide disagreement");
  });

  it("drops a resolved claim, shows it again while disputed, and spans my debates", async () => {
    const other = await debateFixture("PUBLIC");
    const elsewhere = await claim(other, { title: "Elsewhere" });
    const victim = await claim(fx, { title: "Soon resolved" });
    expect((await debateAgenda(fx.actors.owner, fx.debateId)).rows.map((r) => r.nodeId)).toContain(victim);

    await applyResolution(fx.actors.owner, fx.debateId, victim, resolveInput("REFUTED"));
    expect((await debateAgenda(fx.actors.owner, fx.debateId)).rows.map((r) => r.nodeId)).not.toContain(victim);

    await applyResolution(fx.actors.builder, fx.debateId, victim, { action: "DISPUTE", summary: "Wrong data set.", evidence: [] });
    const disputed = (await debateAgenda(fx.actors.owner, fx.debateId)).rows.find((r) => r.nodeId === victim);
    expect(disputed?.status).toBe("disputed");

    // Mine: the builder of fx is not in `other`; other's builder is not in fx.
    const mine = (await myAgenda(fx.actors.builder)).rows;
    expect(mine.map((r) => r.nodeId)).toContain(victim);
    expect(mine.map((r) => r.nodeId)).not.toContain(elsewhere);
    expect(mine.find((r) => r.nodeId === wide)).toMatchObject({ debateId: fx.debateId, debateTitle: "Does the cache help?" });
    expect((await myAgenda(other.actors.builder)).rows.map((r) => r.nodeId)).toEqual([elsewhere]);
  });

  it("downloads CSV with a header, CRLF lines and defused formulas; attachment disposition", async () => {
    const response = await debateAgendaRoute(get(`http://localhost/api/v1/debates/${fx.debateId}/agenda?format=csv`), ctx({ debateId: fx.debateId }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="agenda-${fx.debateId}.csv"`);
    const csv = await response.text();
    expect(csv.startsWith("Claim,Kind,Status,Question,")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(csv).toContain("'+SUM(A1:A9)");
    expect(csv).toContain(`"'@import, with a comma and ""quotes"""`);
    expect(csv).toContain("'-1 or more");
    // No cell starts with a formula character.
    for (const line of csv.trimEnd().split("\r\n")) {
      expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
    }
  });

  it("downloads Markdown and JSON, and the cross-debate agenda names each debate", async () => {
    const md = await debateAgendaRoute(get(`http://localhost/api/v1/debates/${fx.debateId}/agenda?format=md&sort=dependentNodes`), ctx({ debateId: fx.debateId }));
    expect(md.headers.get("content-disposition")).toBe(`attachment; filename="agenda-${fx.debateId}.md"`);
    const text = await md.text();
    expect(text.split("\n")[0]).toMatch(/^\| Claim \| Kind \| Status \|/);
    expect(text).toContain("line one line two \\| piped");

    const js = await debateAgendaRoute(get(`http://localhost/api/v1/debates/${fx.debateId}/agenda`), ctx({ debateId: fx.debateId }));
    expect(js.headers.get("content-disposition")).toBeNull();
    expect(((await js.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(3);

    const mine = await myAgendaRoute(get("http://localhost/api/v1/me/agenda?format=csv"), ctx({}));
    expect(mine.headers.get("content-disposition")).toBe('attachment; filename="my-agenda.csv"');
    expect(await mine.text()).toContain("[Does the cache help?] Wide disagreement");

    const bad = await myAgendaRoute(get("http://localhost/api/v1/me/agenda?format=xlsx"), ctx({}));
    expect(bad.status).toBe(422);
  });

  it("a private debate's agenda is not found for an outsider's token", async () => {
    const outsider = (await createApiToken(fx.actors.nonMember.id, "outsider")).secret;
    const response = await debateAgendaRoute(get(`http://localhost/api/v1/debates/${fx.debateId}/agenda?format=csv`, outsider), ctx({ debateId: fx.debateId }));
    expect(response.status).toBe(404);
  });

  it("the prediction route refuses 150% with 400 and a clear message, and records 70%", async () => {
    const post = (probability: unknown) =>
      predictRoute(
        new Request(`http://localhost/api/v1/debates/${fx.debateId}/nodes/${narrow}/predictions`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ probability }),
        }),
        ctx({ debateId: fx.debateId, nodeId: narrow }),
      );
    const bad = await post("150%");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/0% and 100%/);
    const ok = await post("70%");
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { prediction: { probability: number; side: string } }).prediction).toMatchObject({ probability: 0.7, side: "OBSERVER" });
  });
});
