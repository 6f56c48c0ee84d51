import { describe, expect, it } from "vitest";
import { parseStrictProbability } from "@/lib/domain/empirical/validation";
import {
  OPEN_RESOLUTION,
  applyResolutionEvent,
  assertCanDispute,
  assertCanPredict,
  assertCanReopenResolution,
  assertCanResolve,
  parseProbability,
  reduceResolution,
  validatePrediction,
  type ResolutionEventRow,
} from "@/lib/domain/empirical/resolution";
import { appErrorOf, at } from "./fixtures";

const event = (
  id: string,
  action: ResolutionEventRow["action"],
  minute: number,
  outcome: ResolutionEventRow["outcome"] = null,
): ResolutionEventRow => ({ id, nodeId: "claim", actorId: `actor-${id}`, action, outcome, createdAt: at(minute) });

const empirical = { resolutionMode: "EMPIRICAL" as const };

describe("reduceResolution", () => {
  it("starts open", () => {
    expect(reduceResolution([])).toMatchObject({ status: "open", outcome: null, ignoredEventIds: [] });
  });

  it("resolve → dispute → reopen → resolve, in time order whatever the input order", () => {
    const events = [
      event("e4", "RESOLVE", 4, "SUPPORTED"),
      event("e1", "RESOLVE", 1, "REFUTED"),
      event("e3", "REOPEN", 3),
      event("e2", "DISPUTE", 2),
    ];
    expect(reduceResolution(events.slice(1, 2))).toMatchObject({
      status: "resolved",
      outcome: "REFUTED",
      resolvedAt: at(1),
      resolvedById: "actor-e1",
    });
    expect(reduceResolution([events[1]!, events[3]!])).toMatchObject({
      status: "disputed",
      outcome: "REFUTED",
      disputedAt: at(2),
      disputedById: "actor-e2",
    });
    expect(reduceResolution([events[1]!, events[3]!, events[2]!])).toMatchObject({ status: "open", outcome: null });
    expect(reduceResolution(events)).toMatchObject({
      status: "resolved",
      outcome: "SUPPORTED",
      resolvedAt: at(4),
      disputedAt: null,
      updatedAt: at(4),
    });
  });

  it("skips and lists events that were not valid at their time", () => {
    const state = reduceResolution([
      event("dispute-open", "DISPUTE", 1),
      event("reopen-open", "REOPEN", 2),
      event("ok", "RESOLVE", 3, "SUPPORTED"),
      event("resolve-again", "RESOLVE", 4, "REFUTED"),
      event("no-outcome", "RESOLVE", 5),
    ]);
    expect(state).toMatchObject({ status: "resolved", outcome: "SUPPORTED" });
    expect(state.ignoredEventIds).toEqual(["dispute-open", "reopen-open", "resolve-again", "no-outcome"]);
  });

  it("ignores every RESOLVE for a claim that is not empirical", () => {
    const state = reduceResolution([event("e1", "RESOLVE", 1, "SUPPORTED")], { resolutionMode: "ARGUMENTATIVE" });
    expect(state.status).toBe("open");
  });
});

describe("transition guards", () => {
  const resolved = reduceResolution([event("e1", "RESOLVE", 1, "SUPPORTED")]);
  const disputed = reduceResolution([event("e1", "RESOLVE", 1, "SUPPORTED"), event("e2", "DISPUTE", 2)]);

  it("resolve: only empirical claims, only when open, only a known outcome", () => {
    expect(assertCanResolve(empirical, OPEN_RESOLUTION, "INCONCLUSIVE")).toBe("INCONCLUSIVE");
    expect(appErrorOf(() => assertCanResolve({ resolutionMode: "ARGUMENTATIVE" }, OPEN_RESOLUTION, "REFUTED")).code).toBe(
      "BAD_REQUEST",
    );
    expect(appErrorOf(() => assertCanResolve({ resolutionMode: "OUT_OF_SCOPE" }, OPEN_RESOLUTION, "REFUTED")).code).toBe(
      "BAD_REQUEST",
    );
    expect(appErrorOf(() => assertCanResolve(empirical, resolved, "REFUTED")).code).toBe("CONFLICT");
    expect(appErrorOf(() => assertCanResolve(empirical, disputed, "REFUTED")).code).toBe("CONFLICT");
    expect(appErrorOf(() => assertCanResolve(empirical, OPEN_RESOLUTION, "MAYBE")).details).toEqual({ field: "outcome" });
  });

  it("dispute: only when resolved", () => {
    expect(() => assertCanDispute(resolved)).not.toThrow();
    expect(appErrorOf(() => assertCanDispute(OPEN_RESOLUTION)).code).toBe("CONFLICT");
    expect(appErrorOf(() => assertCanDispute(disputed)).message).toMatch(/already disputed/);
  });

  it("reopen: when resolved or disputed", () => {
    expect(() => assertCanReopenResolution(resolved)).not.toThrow();
    expect(() => assertCanReopenResolution(disputed)).not.toThrow();
    expect(appErrorOf(() => assertCanReopenResolution(OPEN_RESOLUTION)).code).toBe("CONFLICT");
  });

  it("applyResolutionEvent throws on an invalid transition", () => {
    const e = event("x", "DISPUTE", 1);
    expect(appErrorOf(() => applyResolutionEvent(empirical, OPEN_RESOLUTION, e)).code).toBe("CONFLICT");
    expect(applyResolutionEvent(empirical, resolved, e).status).toBe("disputed");
  });
});

describe("predictions", () => {
  const resolved = reduceResolution([event("e1", "RESOLVE", 1, "SUPPORTED")]);

  it("only on empirical claims that are open", () => {
    expect(() => assertCanPredict(empirical, OPEN_RESOLUTION)).not.toThrow();
    expect(appErrorOf(() => assertCanPredict({ resolutionMode: "ARGUMENTATIVE" }, OPEN_RESOLUTION)).code).toBe(
      "BAD_REQUEST",
    );
    expect(appErrorOf(() => assertCanPredict(empirical, resolved)).code).toBe("CONFLICT");
    const disputed = reduceResolution([event("e1", "RESOLVE", 1, "SUPPORTED"), event("e2", "DISPUTE", 2)]);
    expect(appErrorOf(() => assertCanPredict(empirical, disputed)).code).toBe("CONFLICT");
  });

  it("validatePrediction checks the claim and parses the probability", () => {
    expect(validatePrediction(empirical, OPEN_RESOLUTION, "70%")).toBeCloseTo(0.7);
    expect(appErrorOf(() => validatePrediction(empirical, resolved, 0.5)).code).toBe("CONFLICT");
  });
});

describe("parseProbability", () => {
  it.each([
    [0.7, 0.7],
    [0, 0],
    [1, 1],
    [70, 0.7],
    [100, 1],
    ["70%", 0.7],
    [" 12.5 % ", 0.125],
    ["0%", 0],
    ["1%", 0.01],
    ["0.25", 0.25],
    ["70", 0.7],
    [".5", 0.5],
  ])("%j → %d", (input, expected) => {
    expect(parseProbability(input)).toBeCloseTo(expected, 10);
  });

  it.each([Number.NaN, Infinity, -0.1, -5, 100.5, "150%", "-1%", "abc", "", "%", "0x10", "7e1", null, undefined, {}])(
    "rejects %j with a clear BAD_REQUEST",
    (input) => {
      const error = appErrorOf(() => parseProbability(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.details).toEqual({ field: "probability" });
      expect(error.message).toMatch(/probability|percentage/i);
    },
  );
});

describe("parseStrictProbability", () => {
  it("reads 0.8 and 80%, and answers a bare 80 with how to write it", () => {
    expect(parseStrictProbability(0.8)).toBe(0.8);
    expect(parseStrictProbability("80%")).toBeCloseTo(0.8);
    expect(appErrorOf(() => parseStrictProbability("80"))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Probability must be between 0 and 1: for 80 percent write 80% or 0.8",
    });
    // 1.5 is a typo more often than 1.5 %: the general hint.
    expect(appErrorOf(() => parseStrictProbability(1.5)).message).toBe("Probability must be between 0 and 1 (or 0%–100% with a % sign)");
  });
});
