// Small builders for domain rows: a test states only what it cares about.
import type { NodeRow } from "@/lib/domain/debate/tree";
import type { AppError } from "@/lib/domain/errors";
import { expect } from "vitest";

export const T0 = new Date("2026-01-01T00:00:00Z");
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let counter = 0;

export function node(overrides: Partial<NodeRow> & { id: string }): NodeRow {
  counter += 1;
  return {
    parentId: null,
    kind: "COMMENT",
    side: "OBSERVER",
    authorId: "u-author",
    createdAt: at(counter),
    prunedAt: null,
    retractedAt: null,
    acceptedAt: null,
    targetVersions: [],
    answersNodeIds: [],
    resolutionMode: "ARGUMENTATIVE",
    outcome: null,
    title: overrides.id,
    ...overrides,
  };
}

export const proposal = (id = "p1", extra: Partial<NodeRow> = {}) =>
  node({ id, kind: "PROPOSAL", side: "BUILDER", createdAt: at(0), ...extra });

export const counterexample = (id: string, parentId: string, targetVersions: number[], extra: Partial<NodeRow> = {}) =>
  node({ id, parentId, kind: "COUNTEREXAMPLE", side: "BREAKER", targetVersions, ...extra });

export const patch = (id: string, parentId: string, answersNodeIds: string[], extra: Partial<NodeRow> = {}) =>
  node({ id, parentId, kind: "PATCH", side: "BUILDER", answersNodeIds, ...extra });

export const rebuttal = (id: string, parentId: string, extra: Partial<NodeRow> = {}) =>
  node({ id, parentId, kind: "REBUTTAL", side: "BUILDER", ...extra });

/** Runs `fn` and returns the AppError it throws (fails the test if it does not throw one). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect((error as Error).name).toBe("AppError");
    return error as AppError;
  }
  throw new Error("expected an AppError, nothing was thrown");
}
