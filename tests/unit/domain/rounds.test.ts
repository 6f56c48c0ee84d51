import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  assertCanFinalise,
  assertCanJudge,
  assertEditable,
  checkDeadline,
  isEntry,
  lockingRound,
  openRoundSchema,
  roundStatus,
  tally,
  verdictSchema,
} from "@/lib/domain/rounds/round";
import { AppError } from "@/lib/domain/errors";

const T0 = new Date("2027-01-01T12:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const round = (over: Partial<{ openedAt: Date; deadline: Date; finalisedAt: Date | null }> = {}) => ({
  number: 1,
  openedAt: at(0),
  deadline: at(60),
  finalisedAt: null,
  judgeIds: ["judge"],
  ...over,
});

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

describe("the round state machine: open → closed → judged", () => {
  it("is open before the deadline, closed from it, judged once finalised", () => {
    expect(roundStatus(round(), at(59))).toBe("open");
    expect(roundStatus(round(), at(60))).toBe("closed");
    expect(roundStatus(round({ finalisedAt: at(90) }), at(120))).toBe("judged");
  });

  it("never goes back: for any two instants, a later one is at least as far along", () => {
    const order = { open: 0, closed: 1, judged: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (t, dt, finalised) => {
        const r = round({ finalisedAt: finalised ? at(61) : null });
        expect(order[roundStatus(r, at(t + dt))]).toBeGreaterThanOrEqual(order[roundStatus(r, at(t))]);
      }),
    );
  });

  it("finalising needs a closed round", () => {
    expect(refusal(() => assertCanFinalise(round(), at(10))).code).toBe("CONFLICT");
    expect(() => assertCanFinalise(round(), at(61))).not.toThrow();
    expect(refusal(() => assertCanFinalise(round({ finalisedAt: at(70) }), at(80))).message).toMatch(/already finalised/);
  });
});

describe("entries and the deadline lock", () => {
  it("entries are patches and counterexamples posted while the round was open", () => {
    expect(isEntry(round(), { kind: "PATCH", createdAt: at(10) })).toBe(true);
    expect(isEntry(round(), { kind: "COUNTEREXAMPLE", createdAt: at(0) })).toBe(true);
    expect(isEntry(round(), { kind: "PATCH", createdAt: at(60) })).toBe(false);
    expect(isEntry(round(), { kind: "PATCH", createdAt: at(-1) })).toBe(false);
    expect(isEntry(round(), { kind: "COMMENT", createdAt: at(10) })).toBe(false);
  });

  it("an entry is editable before the deadline and locked from it, with a message naming the round", () => {
    const patch = { kind: "PATCH", createdAt: at(10) };
    expect(() => assertEditable([round()], patch, at(59))).not.toThrow();
    const error = refusal(() => assertEditable([round()], patch, at(60)));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/round 1.*deadline.*locked/);
  });

  it("nothing entered in any round is editable after that round's deadline (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 500 }), length: fc.integer({ min: 1, max: 200 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.constantFrom("PATCH", "COUNTEREXAMPLE", "COMMENT", "REBUTTAL"),
        (spans, created, now, kind) => {
          const rounds = spans.map((s, i) => ({ number: i + 1, openedAt: at(s.start), deadline: at(s.start + s.length), finalisedAt: null }));
          const node = { kind, createdAt: at(created) };
          const shouldLock = rounds.some((r) => isEntry(r, node) && at(now).getTime() >= r.deadline.getTime());
          expect(lockingRound(rounds, node, at(now)) !== null).toBe(shouldLock);
        },
      ),
    );
  });
});

describe("judging", () => {
  const patch = { kind: "PATCH", createdAt: at(10), authorId: "builder" };

  it("a judge may judge a patch entered in a closed round", () => {
    expect(() => assertCanJudge(round(), "judge", patch, at(61))).not.toThrow();
  });

  it("refuses non-judges, open rounds, finalised rounds, counterexamples, outside patches and one's own patch", () => {
    expect(refusal(() => assertCanJudge(round(), "someone", patch, at(61))).code).toBe("FORBIDDEN");
    expect(refusal(() => assertCanJudge(round(), "judge", patch, at(30))).message).toMatch(/still open/);
    expect(refusal(() => assertCanJudge(round({ finalisedAt: at(70) }), "judge", patch, at(80))).message).toMatch(/finalised/);
    expect(refusal(() => assertCanJudge(round(), "judge", { ...patch, kind: "COUNTEREXAMPLE" }, at(61))).code).toBe("CONFLICT");
    expect(refusal(() => assertCanJudge(round(), "judge", { ...patch, createdAt: at(61) }, at(62))).message).toMatch(/not entered/);
    const own = refusal(() => assertCanJudge(round(), "judge", { ...patch, authorId: "judge" }, at(61)));
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toMatch(/own entry/);
  });

  it("tallies verdicts", () => {
    expect(tally([{ verdict: "HOLDS" }, { verdict: "BROKEN" }, { verdict: "HOLDS" }])).toEqual({ HOLDS: 2, PARTIAL: 0, BROKEN: 1 });
  });
});

describe("input", () => {
  it("a deadline must be a real instant at least a minute and at most a year away", () => {
    expect(checkDeadline(at(10).toISOString(), T0)).toEqual(at(10));
    expect(refusal(() => checkDeadline(at(0.5).toISOString(), T0)).code).toBe("VALIDATION");
    expect(refusal(() => checkDeadline(at(-10).toISOString(), T0)).message).toMatch(/at least a minute/);
    expect(refusal(() => checkDeadline(new Date(T0.getTime() + 400 * 86_400_000).toISOString(), T0)).message).toMatch(/within a year/);
    expect(openRoundSchema.safeParse({ title: "R", rubric: "r", deadline: "next tuesday", judgeIds: ["a"] }).success).toBe(false);
    expect(openRoundSchema.safeParse({ title: "R", rubric: "r", deadline: at(10).toISOString(), judgeIds: [] }).success).toBe(false);
  });

  it("a verdict needs one of the three values and a reason", () => {
    expect(verdictSchema.safeParse({ verdict: "HOLDS", reason: "handles both" }).success).toBe(true);
    expect(verdictSchema.safeParse({ verdict: "MAYBE", reason: "x" }).success).toBe(false);
    expect(verdictSchema.safeParse({ verdict: "BROKEN", reason: "  " }).success).toBe(false);
  });
});
