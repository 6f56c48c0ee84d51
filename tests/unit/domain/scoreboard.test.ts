import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { appliesTo, computeScoreboard, type ScoreNode } from "@/lib/domain/debate/scoreboard";
import { at, counterexample, node, patch, proposal, rebuttal } from "./fixtures";

const cellOf = (board: ReturnType<typeof computeScoreboard>, version: number, ceId: string) =>
  board.coverage.find((r) => r.version === version)!.cells.find((c) => c.counterexampleId === ceId)!.cell;

describe("computeScoreboard", () => {
  it("with no counterexamples every version stands", () => {
    const board = computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes: [proposal()] });
    expect(board.current).toEqual({ number: 1, nodeId: "p1", status: "stands", brokenBy: [] });
  });

  it("has no current status without versions", () => {
    expect(computeScoreboard({ versions: [], nodes: [] }).current).toBeNull();
  });

  it("a live counterexample breaks its target and later versions until patched", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", [])];
    const versions = [
      { number: 2, nodeId: "x2" },
      { number: 1, nodeId: "p1" },
    ];
    const board = computeScoreboard({ versions, nodes });
    expect(board.versions.map((v) => [v.number, v.status, v.brokenBy])).toEqual([
      [1, "broken", ["c1"]],
      [2, "broken", ["c1"]],
    ]);
    expect(board.current?.number).toBe(2);
  });

  it("a patch answers from its own version onwards, not before", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", ["c1"]), patch("x3", "x2", [])];
    const versions = [
      { number: 1, nodeId: "p1" },
      { number: 2, nodeId: "x2" },
      { number: 3, nodeId: "x3" },
    ];
    const board = computeScoreboard({ versions, nodes });
    expect(board.versions.map((v) => v.status)).toEqual(["broken", "stands", "stands"]);
    expect(cellOf(board, 1, "c1")).toEqual({ status: "breaks" });
    expect(cellOf(board, 2, "c1")).toEqual({ status: "answered", patchId: "x2", version: 2 });
    expect(cellOf(board, 3, "c1")).toEqual({ status: "answered", patchId: "x2", version: 2 });
    expect(board.current?.status).toBe("stands");
  });

  it("re-breaks when the counterexample also targets a version after the patch", () => {
    const nodes = [
      proposal(),
      counterexample("c1", "p1", [1, 3]),
      patch("x2", "c1", ["c1"]),
      patch("x3", "x2", []),
      patch("x4", "x3", ["c1"]),
    ];
    const versions = [1, 2, 3, 4].map((number) => ({ number, nodeId: number === 1 ? "p1" : `x${number}` }));
    const board = computeScoreboard({ versions, nodes });
    expect(board.versions.map((v) => v.status)).toEqual(["broken", "stands", "broken", "stands"]);
    expect(cellOf(board, 4, "c1")).toEqual({ status: "answered", patchId: "x4", version: 4 });
  });

  it("a counterexample targeting only a later version does not touch earlier ones", () => {
    const nodes = [proposal(), patch("x2", "p1", []), counterexample("c1", "x2", [2])];
    const versions = [
      { number: 1, nodeId: "p1" },
      { number: 2, nodeId: "x2" },
    ];
    const board = computeScoreboard({ versions, nodes });
    expect(cellOf(board, 1, "c1")).toEqual({ status: "not-targeted" });
    expect(board.versions.map((v) => v.status)).toEqual(["stands", "broken"]);
  });

  it("one patch can answer several counterexamples", () => {
    const nodes = [
      proposal(),
      counterexample("c1", "p1", [1]),
      counterexample("c2", "p1", [1]),
      counterexample("c3", "p1", [1]),
      patch("x2", "c1", ["c1", "c2"]),
    ];
    const versions = [
      { number: 1, nodeId: "p1" },
      { number: 2, nodeId: "x2" },
    ];
    const board = computeScoreboard({ versions, nodes });
    expect(board.versions[0]!.brokenBy).toEqual(["c1", "c2", "c3"]);
    expect(board.versions[1]!.brokenBy).toEqual(["c3"]);
    expect(board.counterexamples.find((c) => c.id === "c2")!.answeredBy).toEqual([{ patchId: "x2", version: 2 }]);
  });

  it("a retracted patch answers nothing", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x2", "c1", ["c1"], { retractedAt: at(99) })];
    const versions = [
      { number: 1, nodeId: "p1" },
      { number: 2, nodeId: "x2" },
    ];
    const board = computeScoreboard({ versions, nodes });
    expect(board.versions.map((v) => v.status)).toEqual(["broken", "broken"]);
    expect(cellOf(board, 2, "c1")).toEqual({ status: "breaks" });
  });

  it("a patch without a version answers nothing", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), patch("x?", "c1", ["c1"])];
    const board = computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes });
    expect(board.counterexamples[0]!.answeredBy).toEqual([]);
  });

  it("a retracted counterexample is listed but does not count", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1], { retractedAt: at(50) })];
    const board = computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes });
    expect(board.current?.status).toBe("stands");
    expect(board.counterexamples[0]!.disposition).toBe("retracted");
    expect(cellOf(board, 1, "c1")).toEqual({ status: "retracted" });
  });

  it("an accepted rebuttal defeats the counterexample; a pending or retracted one does not", () => {
    const base = [proposal(), counterexample("c1", "p1", [1])];
    const versions = [{ number: 1, nodeId: "p1" }];
    const accepted = computeScoreboard({ versions, nodes: [...base, rebuttal("r1", "c1", { acceptedAt: at(60) })] });
    expect(accepted.current?.status).toBe("stands");
    expect(cellOf(accepted, 1, "c1")).toEqual({ status: "rebutted", rebuttalId: "r1" });

    const pending = computeScoreboard({ versions, nodes: [...base, rebuttal("r1", "c1")] });
    expect(pending.current?.status).toBe("broken");

    const retracted = computeScoreboard({
      versions,
      nodes: [...base, rebuttal("r1", "c1", { acceptedAt: at(60), retractedAt: at(61) })],
    });
    expect(retracted.current?.status).toBe("broken");
  });

  it("an accepted rebuttal of something else does not help", () => {
    const nodes = [proposal(), counterexample("c1", "p1", [1]), rebuttal("r1", "p1", { acceptedAt: at(60) })];
    expect(computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes }).current?.status).toBe("broken");
  });

  it("an empirically refuted counterexample is defeated", () => {
    const refuted = counterexample("c1", "p1", [1], { resolutionMode: "EMPIRICAL", outcome: "REFUTED" });
    const board = computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes: [proposal(), refuted] });
    expect(board.current?.status).toBe("stands");
    expect(cellOf(board, 1, "c1")).toEqual({ status: "defeated" });
  });

  it("empirical SUPPORTED or INCONCLUSIVE, or a non-empirical REFUTED, stays live", () => {
    for (const extra of [
      { resolutionMode: "EMPIRICAL" as const, outcome: "SUPPORTED" as const },
      { resolutionMode: "EMPIRICAL" as const, outcome: "INCONCLUSIVE" as const },
      { resolutionMode: "ARGUMENTATIVE" as const, outcome: "REFUTED" as const },
    ]) {
      const nodes = [proposal(), counterexample("c1", "p1", [1], extra)];
      expect(computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes }).current?.status).toBe("broken");
    }
  });

  it("a pruned counterexample, or one inside a pruned branch, is set aside", () => {
    const versions = [{ number: 1, nodeId: "p1" }];
    const pruned = computeScoreboard({
      versions,
      nodes: [proposal(), counterexample("c1", "p1", [1], { prunedAt: at(70) })],
    });
    expect(pruned.current?.status).toBe("stands");
    expect(cellOf(pruned, 1, "c1")).toEqual({ status: "set-aside" });

    const folded = computeScoreboard({
      versions,
      nodes: [proposal(), node({ id: "q", parentId: "p1", kind: "QUESTION", prunedAt: at(70) }), counterexample("c1", "q", [1])],
    });
    expect(folded.counterexamples[0]!.disposition).toBe("set-aside");
    expect(folded.current?.status).toBe("stands");
  });

  it("reopening the pruned parent of a separately pruned counterexample keeps it set aside", () => {
    const nodes = [
      proposal(),
      node({ id: "q", parentId: "p1", kind: "QUESTION", prunedAt: null }),
      counterexample("c1", "q", [1], { prunedAt: at(71) }),
      counterexample("c2", "q", [1]),
    ];
    const board = computeScoreboard({ versions: [{ number: 1, nodeId: "p1" }], nodes });
    expect(board.counterexamples.map((c) => [c.id, c.disposition])).toEqual([
      ["c1", "set-aside"],
      ["c2", "live"],
    ]);
    expect(board.current?.brokenBy).toEqual(["c2"]);
  });

  it("lists counterexamples oldest first and builds a full coverage table", () => {
    const nodes = [proposal(), counterexample("c2", "p1", [1], { createdAt: at(9) }), counterexample("c1", "p1", [1], { createdAt: at(5) })];
    const versions = [
      { number: 1, nodeId: "p1" },
      { number: 2, nodeId: "x2" },
    ];
    const board = computeScoreboard({ versions, nodes: [...nodes, patch("x2", "c1", ["c1"], { createdAt: at(10) })] });
    expect(board.counterexamples.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(board.coverage).toHaveLength(2);
    for (const row of board.coverage) expect(row.cells.map((c) => c.counterexampleId)).toEqual(["c1", "c2"]);
  });
});

describe("scoreboard properties", () => {
  // Random debates: versions 1..V (v1 = proposal, others patches), random counterexamples and answers.
  const arbitraryDebate = fc
    .record({
      versionCount: fc.integer({ min: 1, max: 5 }),
      counterexamples: fc.array(
        fc.record({
          targets: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
          retracted: fc.boolean(),
          pruned: fc.boolean(),
          refuted: fc.boolean(),
          rebutted: fc.boolean(),
        }),
        { maxLength: 5 },
      ),
      answers: fc.array(fc.array(fc.nat(4), { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
      patchRetracted: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    })
    .map(({ versionCount, counterexamples, answers, patchRetracted }) => {
      const nodes: ScoreNode[] = [proposal()];
      const versions = [{ number: 1, nodeId: "p1" }];
      counterexamples.forEach((c, i) => {
        nodes.push(
          counterexample(`c${i}`, "p1", c.targets, {
            retractedAt: c.retracted ? at(1) : null,
            prunedAt: c.pruned ? at(1) : null,
            ...(c.refuted ? { resolutionMode: "EMPIRICAL", outcome: "REFUTED" } : {}),
          }),
        );
        if (c.rebutted) nodes.push(rebuttal(`r${i}`, `c${i}`, { acceptedAt: at(2) }));
      });
      for (let v = 2; v <= versionCount; v++) {
        const answered = (answers[v - 2] ?? []).filter((i) => i < counterexamples.length).map((i) => `c${i}`);
        nodes.push(patch(`x${v}`, "p1", answered, { retractedAt: patchRetracted[v - 2] ? at(3) : null }));
        versions.push({ number: v, nodeId: `x${v}` });
      }
      return { nodes, versions };
    });

  it("a version stands iff no live counterexample applies to it", () => {
    fc.assert(
      fc.property(arbitraryDebate, ({ nodes, versions }) => {
        const board = computeScoreboard({ versions, nodes });
        for (const standing of board.versions) {
          const liveApplying = board.counterexamples.filter(
            (c) => c.disposition === "live" && appliesTo(c, c.answeredBy, standing.number),
          );
          expect(standing.status === "stands").toBe(liveApplying.length === 0);
          expect(standing.brokenBy).toEqual(liveApplying.map((c) => c.id));
        }
      }),
    );
  });

  it("matches the definition read literally (exists t, no patch a with t < a <= v)", () => {
    fc.assert(
      fc.property(arbitraryDebate, ({ nodes, versions }) => {
        const board = computeScoreboard({ versions, nodes });
        const versionOf = new Map(versions.map((v) => [v.nodeId, v.number]));
        for (const c of board.counterexamples) {
          const ce = nodes.find((n) => n.id === c.id)!;
          for (const { number: v } of versions) {
            const applies = ce.targetVersions.some(
              (t) =>
                t <= v &&
                !nodes.some((p) => {
                  const a = versionOf.get(p.id);
                  return (
                    p.kind === "PATCH" && p.retractedAt === null && p.answersNodeIds.includes(c.id) && a !== undefined && t < a && a <= v
                  );
                }),
            );
            const breaks = board.versions.find((s) => s.number === v)!.brokenBy.includes(c.id);
            expect(breaks).toBe(applies && c.disposition === "live");
          }
        }
      }),
    );
  });
});
