// debate.stuckAfterDays in builder-breaker/1: optional (older exports lack it; absent = the default),
// 1–365 whole days, checked alike by zod and the JSON Schema twin, carried by JSON and Argdown.
import { describe, expect, it } from "vitest";
import { STUCK_AFTER_DAYS } from "@/lib/domain/vocabulary";
import {
  STUCK_AFTER_DAYS_DEFAULT,
  STUCK_AFTER_DAYS_MAX,
  STUCK_AFTER_DAYS_MIN,
  validateDocument,
  type DebateDocument,
} from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { parseImport } from "@/lib/formats/import";
import { demoDocument } from "@/tests/fixtures/formats/demo-document";
import { validateWithJsonSchema } from "./external-parsers";
import { exportText } from "./helpers";

const withDays = (stuckAfterDays: unknown) =>
  ({ ...structuredClone(demoDocument), debate: { ...demoDocument.debate, stuckAfterDays } }) as DebateDocument;

describe("debate.stuckAfterDays", () => {
  it("uses the app's bounds", () => {
    expect({ min: STUCK_AFTER_DAYS_MIN, max: STUCK_AFTER_DAYS_MAX, default: STUCK_AFTER_DAYS_DEFAULT }).toEqual(STUCK_AFTER_DAYS);
    expect(STUCK_AFTER_DAYS_DEFAULT).toBeGreaterThanOrEqual(STUCK_AFTER_DAYS_MIN);
  });

  it("is optional: a document without it (every older export) stays valid for zod and the JSON Schema", () => {
    expect("stuckAfterDays" in demoDocument.debate).toBe(false);
    expect(validateDocument(demoDocument).debate.stuckAfterDays).toBeUndefined();
    expect(validateWithJsonSchema(demoDocument)).toBe(true);
  });

  it("1, 21 and 365 are valid for both", () => {
    for (const days of [1, 21, 365]) {
      expect(validateDocument(withDays(days)).debate.stuckAfterDays).toBe(days);
      expect(validateWithJsonSchema(withDays(days)), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    }
  });

  it("0, 366, 2.5, \"x\" and null are refused by both, naming $.debate.stuckAfterDays", () => {
    for (const bad of [0, 366, 2.5, "x", null]) {
      expect(validateWithJsonSchema(withDays(bad)), String(bad)).toBe(false);
      const error = (() => {
        try {
          validateDocument(withDays(bad));
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(bad)).toBeInstanceOf(FormatError);
      expect((error as FormatError).location.path).toBe("$.debate.stuckAfterDays");
    }
  });

  it("JSON writes it after playMode when the debate has one and leaves it out otherwise; both read back", async () => {
    const without = await exportText(demoDocument, "json");
    expect(without).not.toContain("stuckAfterDays");
    expect(parseImport(without, "json").debate.stuckAfterDays).toBeUndefined();

    const text = await exportText(withDays(21), "json");
    expect(Object.keys((JSON.parse(text) as DebateDocument).debate)).toEqual(["title", "context", "links", "visibility", "playMode", "stuckAfterDays", "createdAt"]);
    expect(parseImport(text, "json").debate.stuckAfterDays).toBe(21);
  });

  it("Argdown carries it in its front matter", async () => {
    const text = await exportText(withDays(21), "argdown");
    expect(parseImport(text, "argdown").debate.stuckAfterDays).toBe(21);
  });
});
