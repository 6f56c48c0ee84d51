import { describe, expect, it } from "vitest";
import { assertStateAllows, stateAllows, stateRefusal } from "@/lib/domain/debate/node-state";
import { appErrorOf } from "./fixtures";

const open = { kind: "COMMENT", retractedAt: null, prunedAt: null };
const proposal = { ...open, kind: "PROPOSAL" };

describe("node state rules (asked by the services and the debate page)", () => {
  it("the proposal cannot be edited, retracted or pruned", () => {
    expect(stateRefusal("node:edit", proposal)).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/patch/) });
    expect(stateRefusal("node:retract", proposal)).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/proposal/) });
    expect(stateRefusal("branch:prune", proposal)).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/proposal/) });
  });

  it("an open node allows all three", () => {
    for (const action of ["node:edit", "node:retract", "branch:prune"] as const) expect(stateAllows(action, open)).toBe(true);
  });

  it("a retracted node cannot be edited or retracted again; a pruned branch cannot be pruned again", () => {
    const retracted = { ...open, retractedAt: "2026-01-01T00:00:00.000Z" };
    expect(appErrorOf(() => assertStateAllows("node:edit", retracted)).message).toMatch(/retracted/);
    expect(appErrorOf(() => assertStateAllows("node:retract", retracted)).code).toBe("CONFLICT");
    const pruned = { ...open, prunedAt: new Date() };
    expect(appErrorOf(() => assertStateAllows("branch:prune", pruned)).message).toMatch(/already pruned/);
    expect(stateAllows("node:edit", pruned)).toBe(true);
  });
});
