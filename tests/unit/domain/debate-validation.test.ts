import { describe, expect, it } from "vitest";
import { updateDebateSchema } from "@/lib/debate/validation";

describe("updateDebateSchema", () => {
  it("leaves out the fields a change does not name (no defaults filled in)", () => {
    expect(updateDebateSchema.parse({ title: "Renamed" })).toEqual({ title: "Renamed" });
    expect(updateDebateSchema.parse({})).toEqual({});
    expect(updateDebateSchema.parse({ context: "  Why  " })).toEqual({ context: "Why" });
  });
});
