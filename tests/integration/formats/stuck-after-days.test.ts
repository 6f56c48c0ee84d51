// A debate's stuck threshold through export and import: a debate's own value
// travels in the JSON (and back into a new debate); the default is left out, so
// default debates export as before, and an export without it (every older one)
// imports with the default. A bad value is a positioned format error; nothing is written.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { STUCK_AFTER_DAYS_DEFAULT, type DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { parseImport } from "@/lib/formats/import";
import { importDebate } from "@/lib/server/transfer/import";
import { createDebate, createUser } from "@/tests/factories";
import { exportDoc, exportText, normalizeIds, rowCounts } from "./helpers";

const d = db();
const stuckAfterDaysOf = async (id: string) => (await d.debate.findUniqueOrThrow({ where: { id }, select: { stuckAfterDays: true } })).stuckAfterDays;

describe("stuckAfterDays in export and import", () => {
  it("the column default is the format's default", async () => {
    const fx = await createDebate(d);
    expect(await stuckAfterDaysOf(fx.id)).toBe(STUCK_AFTER_DAYS_DEFAULT);
  });

  it("a debate's own value is exported and imported into the new debate; it re-exports the same", async () => {
    const fx = await createDebate(d, { visibility: "PUBLIC" });
    await d.debate.update({ where: { id: fx.id }, data: { stuckAfterDays: 21 } });
    const text = await exportText(fx.owner, fx.id, "json");
    const doc = JSON.parse(text) as DebateDocument;
    expect(doc.debate.stuckAfterDays).toBe(21);

    const importer = await createUser(d);
    const imported = await importDebate(importer, parseImport(text, "json"));
    expect(await stuckAfterDaysOf(imported.id)).toBe(21);
    expect(normalizeIds(await exportDoc(importer, imported.id))).toEqual(normalizeIds({ ...doc, debate: { ...doc.debate, visibility: "PRIVATE" } }));
  });

  it("the default is left out of the export, and a document without it imports with the default", async () => {
    const fx = await createDebate(d);
    const text = await exportText(fx.owner, fx.id, "json");
    expect(text).not.toContain("stuckAfterDays");
    const importer = await createUser(d);
    const imported = await importDebate(importer, parseImport(text, "json"));
    expect(await stuckAfterDaysOf(imported.id)).toBe(STUCK_AFTER_DAYS_DEFAULT);
  });

  it("a subtree export carries the debate's value too", async () => {
    const fx = await createDebate(d);
    await d.debate.update({ where: { id: fx.id }, data: { stuckAfterDays: 3 } });
    expect((await exportDoc(fx.owner, fx.id, fx.rootNodeId)).debate.stuckAfterDays).toBe(3);
  });

  it("0, 366, 2.5 and \"x\" are format errors at $.debate.stuckAfterDays; nothing is written", async () => {
    const fx = await createDebate(d);
    const doc = await exportDoc(fx.owner, fx.id);
    const before = await rowCounts();
    for (const bad of [0, 366, 2.5, "x"]) {
      const text = JSON.stringify({ ...doc, debate: { ...doc.debate, stuckAfterDays: bad } });
      const error = (() => {
        try {
          return parseImport(text, "json");
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(bad)).toBeInstanceOf(FormatError);
      expect((error as FormatError).location.path).toBe("$.debate.stuckAfterDays");
    }
    expect(await rowCounts()).toEqual(before);
  });
});
