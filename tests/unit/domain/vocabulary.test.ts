// lib/domain/vocabulary.ts against Prisma's generated enums (prisma/schema.prisma), both ways.
//
// How a drift fails `npm test`:
// - Add a value to a schema enum (say `enum Side { … JUDGE }`) and run `npm run generate`: Prisma's
//   `Side` gains "JUDGE", `expectTypeOf<Side>().toEqualTypeOf<PrismaEnums.Side>()` no longer compiles
//   (typecheck step: "Type '"JUDGE"' is not assignable …"), and the runtime test below reports
//   expected [..., "JUDGE"] received [...]. Removing or renaming a value fails the same two ways.
// - Add a value to the vocabulary only: the same type assertion fails from the other side, and the
//   runtime list comparison fails too.
// - Add a whole new enum to the schema: `LISTS` below is a Record over every generated enum name, so
//   typecheck fails with "Property 'NewEnum' is missing" until the vocabulary has its list.
// - Change `stuckAfterDays @default(7)` in the schema: the last test reads the schema and fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as PrismaEnums from "@/lib/generated/prisma/enums";
import * as V from "@/lib/domain/vocabulary";

// Types, both directions (toEqualTypeOf is an exact equality, not assignability).
expectTypeOf<V.Visibility>().toEqualTypeOf<PrismaEnums.Visibility>();
expectTypeOf<V.PlayMode>().toEqualTypeOf<PrismaEnums.PlayMode>();
expectTypeOf<V.MemberRole>().toEqualTypeOf<PrismaEnums.MemberRole>();
expectTypeOf<V.Side>().toEqualTypeOf<PrismaEnums.Side>();
expectTypeOf<V.NodeKind>().toEqualTypeOf<PrismaEnums.NodeKind>();
expectTypeOf<V.ResolutionMode>().toEqualTypeOf<PrismaEnums.ResolutionMode>();
expectTypeOf<V.Outcome>().toEqualTypeOf<PrismaEnums.Outcome>();
expectTypeOf<V.PruneAction>().toEqualTypeOf<PrismaEnums.PruneAction>();
expectTypeOf<V.PruneCategory>().toEqualTypeOf<PrismaEnums.PruneCategory>();
expectTypeOf<V.ExperimentStatus>().toEqualTypeOf<PrismaEnums.ExperimentStatus>();
expectTypeOf<V.ResolutionAction>().toEqualTypeOf<PrismaEnums.ResolutionAction>();
expectTypeOf<V.LinkType>().toEqualTypeOf<PrismaEnums.LinkType>();

// Every generated enum has its vocabulary list (a new schema enum is a missing key here).
const LISTS: Record<keyof typeof PrismaEnums, readonly string[]> = {
  Visibility: V.VISIBILITIES,
  PlayMode: V.PLAY_MODES,
  MemberRole: V.MEMBER_ROLES,
  Side: V.SIDES,
  NodeKind: V.NODE_KINDS,
  ResolutionMode: V.RESOLUTION_MODES,
  Outcome: V.OUTCOMES,
  PruneAction: V.PRUNE_ACTIONS,
  PruneCategory: V.PRUNE_CATEGORIES,
  ExperimentStatus: V.EXPERIMENT_STATUSES,
  ResolutionAction: V.RESOLUTION_ACTIONS,
  LinkType: V.LINK_TYPES,
};

describe("vocabulary", () => {
  it.each(Object.keys(PrismaEnums) as (keyof typeof PrismaEnums)[])("%s lists exactly the schema's values, in the schema's order", (name) => {
    expect(LISTS[name]).toEqual(Object.values(PrismaEnums[name]));
  });

  it("covers every enum of the generated client at runtime too", () => {
    expect(Object.keys(LISTS).sort()).toEqual(Object.keys(PrismaEnums).sort());
  });

  it("labels every value it lists", () => {
    expect(Object.keys(V.SIDE_LABELS)).toEqual([...V.SIDES]);
    expect(Object.keys(V.NODE_KIND_LABELS)).toEqual([...V.NODE_KINDS]);
    expect(Object.keys(V.PRUNE_CATEGORY_LABELS)).toEqual([...V.PRUNE_CATEGORIES]);
    expect(Object.keys(V.LINK_TYPE_LABELS)).toEqual([...V.LINK_TYPES]);
    expect(V.MOVE_KINDS).toEqual(V.NODE_KINDS.filter((k) => k !== "PROPOSAL"));
  });

  it("uses the schema's column default for stuckAfterDays", () => {
    const schema = readFileSync(path.join(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
    const declared = /^\s*stuckAfterDays\s+Int\s+@default\((\d+)\)/m.exec(schema)?.[1];
    expect(Number(declared)).toBe(V.STUCK_AFTER_DAYS.default);
    expect(V.STUCK_AFTER_DAYS.default).toBeGreaterThanOrEqual(V.STUCK_AFTER_DAYS.min);
    expect(V.STUCK_AFTER_DAYS.default).toBeLessThanOrEqual(V.STUCK_AFTER_DAYS.max);
  });

  it("isOneOf narrows only listed strings", () => {
    expect(V.isOneOf(V.SIDES, "BUILDER")).toBe(true);
    expect(V.isOneOf(V.SIDES, "builder")).toBe(false);
    expect(V.isOneOf(V.SIDES, undefined)).toBe(false);
  });
});
