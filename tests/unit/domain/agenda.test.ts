import { describe, expect, it } from "vitest";
import {
  agendaRows,
  agendaToCsv,
  agendaToMarkdown,
  csvField,
  defuseFormula,
  markdownCell,
  sortAgenda,
  type ExperimentCardRow,
} from "@/lib/domain/empirical/agenda";
import type { PredictionRow } from "@/lib/domain/empirical/scoring";
import type { ResolutionEventRow } from "@/lib/domain/empirical/resolution";
import type { EstimateRow } from "@/lib/domain/cruxes/ledger";
import { at, counterexample, node, proposal } from "./fixtures";

const empirical = { resolutionMode: "EMPIRICAL" as const };
const nodes = [
  proposal(),
  counterexample("hot", "p1", [1], { ...empirical, title: "Scaling breaks it", createdAt: at(1) }),
  node({ id: "hot-1", parentId: "hot" }),
  node({ id: "hot-2", parentId: "hot-1" }),
  counterexample("cool", "p1", [1], { ...empirical, title: "Edge case", createdAt: at(2) }),
  counterexample("lonely", "p1", [1], { ...empirical, title: "Nobody predicted", createdAt: at(3) }),
  counterexample("done", "p1", [1], { ...empirical, title: "Resolved already" }),
  counterexample("disputed", "p1", [1], { ...empirical, title: "Disputed one", createdAt: at(4) }),
  counterexample("gone", "p1", [1], { ...empirical, retractedAt: at(5) }),
  counterexample("argued", "p1", [1]),
];
const p = (nodeId: string, userId: string, side: PredictionRow["side"], probability: number): PredictionRow => ({
  nodeId,
  userId,
  side,
  probability,
  createdAt: at(10),
});
const predictions = [
  p("hot", "b1", "BUILDER", 0.9),
  p("hot", "b2", "BUILDER", 0.7),
  p("hot", "k1", "BREAKER", 0.1),
  p("hot", "o1", "OBSERVER", 0.5),
  p("cool", "b1", "BUILDER", 0.5),
  p("cool", "k1", "BREAKER", 0.4),
  p("lonely", "b1", "BUILDER", 0.5),
];
const resolutionEvent = (nodeId: string, action: ResolutionEventRow["action"], minute: number): ResolutionEventRow => ({
  id: `${nodeId}-${action}`,
  nodeId,
  actorId: "mod",
  action,
  outcome: action === "RESOLVE" ? "SUPPORTED" : null,
  createdAt: at(minute),
});
const resolutionEvents = [
  resolutionEvent("done", "RESOLVE", 20),
  resolutionEvent("disputed", "RESOLVE", 20),
  resolutionEvent("disputed", "DISPUTE", 21),
];
const card: ExperimentCardRow = {
  nodeId: "hot",
  question: "Does loss spike at 10B params?",
  method: "Train, watch",
  supportIf: "spike > 2x",
  refuteIf: "no spike",
  ownerId: "b1",
  status: "RUNNING",
};
const rows = agendaRows({ nodes, cards: [card], predictions, resolutionEvents });
const get = (id: string) => rows.find((r) => r.nodeId === id)!;

describe("agendaRows", () => {
  it("lists open and disputed empirical claims, not resolved, retracted or argumentative ones", () => {
    expect(rows.map((r) => r.nodeId).sort()).toEqual(["cool", "disputed", "hot", "lonely"]);
    expect(get("disputed").status).toBe("disputed");
    expect(get("hot").status).toBe("open");
  });

  it("attaches the card, the spread by side and the disagreement", () => {
    const hot = get("hot");
    expect(hot.card).toEqual(card);
    expect(hot.spread.BUILDER).toMatchObject({ count: 2, mean: 0.8 });
    expect(hot.spread.BREAKER).toMatchObject({ count: 1, mean: 0.1 });
    expect(hot.predictionCount).toBe(4);
    expect(hot.disagreement).toBeCloseTo(0.7);
    expect(get("cool").disagreement).toBeCloseTo(0.1);
    expect(get("cool").card).toBeNull();
  });

  it("has no disagreement while a side has not predicted", () => {
    expect(get("lonely").disagreement).toBeNull();
    expect(get("disputed").disagreement).toBeNull();
  });

  it("counts the nodes hanging on each claim", () => {
    expect(get("hot").dependentNodes).toBe(2);
    expect(get("cool").dependentNodes).toBe(0);
  });

  it("comes sorted by disagreement, unknown last", () => {
    expect(rows.map((r) => r.nodeId)).toEqual(["hot", "cool", "disputed", "lonely"]);
  });
});

describe("sortAgenda", () => {
  it("sorts by each field in either direction, nulls last", () => {
    expect(sortAgenda(rows, "disagreement", "asc").map((r) => r.nodeId)).toEqual(["cool", "hot", "disputed", "lonely"]);
    expect(sortAgenda(rows, "dependentNodes")[0]!.nodeId).toBe("hot");
    expect(sortAgenda(rows, "predictionCount").map((r) => r.predictionCount)).toEqual([4, 2, 1, 0]);
    expect(sortAgenda(rows, "createdAt", "asc").map((r) => r.nodeId)).toEqual(["hot", "cool", "lonely", "disputed"]);
    expect(sortAgenda(rows, "title", "asc").map((r) => r.title)).toEqual([
      "Disputed one",
      "Edge case",
      "Nobody predicted",
      "Scaling breaks it",
    ]);
  });
});

describe("CSV export", () => {
  it("quotes per RFC 4180", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
  });

  it("defuses spreadsheet formulas", () => {
    for (const evil of ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"]) {
      expect(defuseFormula(evil)).toBe(`'${evil}`);
    }
    expect(defuseFormula("safe = fine")).toBe("safe = fine");
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("writes a header and one CRLF line per row", () => {
    const csv = agendaToCsv(rows);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Claim,Kind,Status,Question,Method,Supported if,Refuted if,Experiment,Builders mean,Breakers mean,Observers mean,Predictions,Disagreement,Dependent nodes,Expected belief change",
    );
    expect(lines[1]).toBe(
      "Scaling breaks it,empirical,open,Does loss spike at 10B params?,\"Train, watch\",spike > 2x,no spike,RUNNING,0.80,0.10,0.50,4,0.70,2,0.00",
    );
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines.at(-1)).toBe("");
  });

  it("keeps a malicious title inert", () => {
    const evil = agendaRows({
      nodes: [counterexample("e", "p1", [1], { ...empirical, title: '=cmd|" /C calc"!A0' })],
      cards: [],
      predictions: [],
      resolutionEvents: [],
    });
    expect(agendaToCsv(evil).split("\r\n")[1]!.startsWith(`"'=cmd|"`)).toBe(true);
  });
});

describe("Markdown export", () => {
  it("escapes pipes and flattens newlines so a cell cannot break the table", () => {
    expect(markdownCell("a|b")).toBe("a\\|b");
    expect(markdownCell("one\ntwo\r\nthree")).toBe("one two three");
    expect(markdownCell("back\\slash")).toBe("back\\\\slash");
  });

  it("writes a table with a header, a separator and a row per claim", () => {
    const md = agendaToMarkdown(rows).trimEnd().split("\n");
    expect(md).toHaveLength(rows.length + 2);
    expect(md[0]!.startsWith("| Claim | Kind | Status |")).toBe(true);
    expect(md[1]).toMatch(/^\|( --- \|)+$/);
    expect(md[2]).toContain("| Scaling breaks it | empirical | open |");
    for (const line of md) expect(line.split(/(?<!\\)\|/).length).toBe(17);
  });
});

describe("claims that are not empirical, with crux-ledger entries", () => {
  const est = (nodeId: string, userId: string, side: EstimateRow["side"], credence: number, ifTrue: number, ifFalse: number): EstimateRow => ({
    nodeId, userId, side, credence, ifTrue, ifFalse, createdAt: at(30),
  });
  const cruxNodes = [
    ...nodes,
    counterexample("pruned", "p1", [1], { prunedAt: at(6) }),
    counterexample("unweighed", "p1", [1]),
  ];
  const cruxEstimates = [
    est("argued", "b1", "BUILDER", 0.6, 0.9, 0.1), // a big move either way
    est("argued", "k1", "BREAKER", 0.4, 0.1, 0.8),
    est("hot", "b1", "BUILDER", 0.5, 0.55, 0.45), // a small one on an empirical claim
    est("pruned", "b1", "BUILDER", 0.5, 0.9, 0.1), // pruned: off the agenda
    est("gone", "b1", "BUILDER", 0.5, 0.9, 0.1), // retracted: off the agenda
  ];
  const withCruxes = agendaRows({ nodes: cruxNodes, cards: [card], predictions, resolutionEvents, cruxEstimates });

  it("are listed, flagged CRUX, open, with their expected belief change; pruned, retracted and unweighed ones are not", () => {
    expect(withCruxes.map((r) => r.nodeId).sort()).toEqual(["argued", "cool", "disputed", "hot", "lonely"]);
    const argued = withCruxes.find((r) => r.nodeId === "argued")!;
    expect(argued).toMatchObject({ kind: "CRUX", status: "open", cruxEstimators: 2, disagreement: null, predictionCount: 0, card: null });
    expect(argued.expectedBeliefChange).toBeGreaterThan(0.5);
    expect(withCruxes.filter((r) => r.kind === "EMPIRICAL").map((r) => r.nodeId).sort()).toEqual(["cool", "disputed", "hot", "lonely"]);
  });

  it("rank with the empirical claims by expected belief change, and come last by disagreement", () => {
    expect(sortAgenda(withCruxes, "expectedBeliefChange").map((r) => r.nodeId).slice(0, 2)).toEqual(["argued", "hot"]);
    expect(withCruxes.map((r) => r.nodeId)[0]).toBe("hot");
  });

  it("say so in CSV and Markdown", () => {
    const line = agendaToCsv(sortAgenda(withCruxes, "expectedBeliefChange")).split("\r\n")[1]!;
    expect(line).toContain(",crux (not empirical),open,");
    expect(agendaToMarkdown(withCruxes)).toContain("| crux (not empirical) | open |");
  });
});
