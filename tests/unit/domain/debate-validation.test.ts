import { describe, expect, it } from "vitest";
import { createNodeSchema, editNodeSchema, updateDebateSchema } from "@/lib/domain/debate/validation";

describe("updateDebateSchema", () => {
  it("leaves out the fields a change does not name (no defaults filled in)", () => {
    expect(updateDebateSchema.parse({ title: "Renamed" })).toEqual({ title: "Renamed" });
    expect(updateDebateSchema.parse({})).toEqual({});
    expect(updateDebateSchema.parse({ context: "  Why  " })).toEqual({ context: "Why" });
  });
});

describe("editNodeSchema", () => {
  it("leaves the title out when an edit does not name it (the service then keeps the old one)", () => {
    expect(editNodeSchema.parse({ body: "new text", revision: 3 })).toEqual({ body: "new text", revision: 3 });
    expect(editNodeSchema.parse({ title: "  New  ", body: "b", revision: 1 })).toEqual({ title: "New", body: "b", revision: 1 });
  });

  it("a new node still gets an empty title by default", () => {
    expect(createNodeSchema.parse({ parentId: "p1", kind: "COMMENT", body: "b" }).title).toBe("");
  });
});

describe("stuckAfterDays", () => {
  const parse = (stuckAfterDays: unknown) => updateDebateSchema.safeParse({ stuckAfterDays });

  it("takes whole days from 1 to 365", () => {
    for (const days of [1, 7, 14, 365]) expect(parse(days)).toEqual({ success: true, data: { stuckAfterDays: days } });
  });

  it("refuses anything else with one message naming the rule", () => {
    for (const bad of [0, 366, 2.5, -1, "x", "14", null, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = parse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [["stuckAfterDays"], "Stuck after must be a whole number of days from 1 to 365"],
      ]);
    }
  });
});
