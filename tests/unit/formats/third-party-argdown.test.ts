// Golden tests over real Argdown maps (the Argdown project's own examples, MIT; see
// tests/fixtures/third-party/argdown/README.md). For each file the reference parser's model
// (@argdown/core, run here directly) is the judge: our import must hold one node per
// equivalence class and per argument, one relation per model relation and per
// premise–conclusion step (as a tree edge or a cross-link, by stance), and the import
// report must count what had no exact place (undercuts, contraries, tags, merged
// definitions, front matter, headings, claims placed under the proposal).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as argdown from "@argdown/core";
import { describe, expect, it } from "vitest";
import type { DebateDocument } from "@/lib/formats/document";
import { FormatError } from "@/lib/formats/errors";
import { importArgdown, importJson, ImportReport, parseImport } from "@/lib/formats/import";
import { stanceTowardParent } from "@/lib/formats/semantics";
import { exportText, FIXED_NOW } from "./helpers";

const dir = path.resolve(import.meta.dirname, "../../fixtures/third-party/argdown");
const files = readdirSync(dir).filter((f) => f.endsWith(".argdown")).sort();
/** Not valid Argdown by the reference parser itself (an argument used as a premise): must fail with its position. */
const INVALID = new Set(["demo.argdown"]);

interface Model {
  errors: { message: string; token?: { startLine?: number; startColumn?: number } }[];
  statements: Record<string, { title: string; members: { text?: string; tags?: string[] }[] }>;
  arguments: Record<string, { title: string; members: { text?: string; tags?: string[] }[]; pcs?: { title?: string; role: string }[] }>;
  relations: { relationType: string }[];
  sections: unknown[];
  frontMatter?: Record<string, unknown>;
}

const app = new argdown.ArgdownApplication({ log: () => {}, setLevel: () => {} });
app.addPlugin(new argdown.ParserPlugin(), "parse-input");
app.addPlugin(new argdown.DataPlugin(), "build-model");
app.addPlugin(new argdown.ModelPlugin(), "build-model");
function referenceModel(text: string): Model {
  const r = app.run({ process: ["parse-input", "build-model"], input: text, logLevel: "error" }) as unknown as Partial<Model> & { lexerErrors?: Model["errors"]; parserErrors?: Model["errors"] };
  return {
    errors: [...(r.lexerErrors ?? []), ...(r.parserErrors ?? [])],
    statements: r.statements ?? {},
    arguments: r.arguments ?? {},
    relations: r.relations ?? [],
    sections: r.sections ?? [],
    frontMatter: r.frontMatter,
  };
}

const SUPPORTING = new Set(["support", "entails"]);
const ATTACKING = new Set(["attack", "undercut", "contrary", "contradictory"]);

/** Relations in our document by stance: tree edges (child → parent) and cross-links; neutral tree edges are placements. */
function ourRelations(doc: DebateDocument) {
  const kindOf = new Map(doc.nodes.map((n) => [n.ref, n.kind]));
  const counts = { support: 0, attack: 0, placed: 0, same: 0 };
  for (const n of doc.nodes) {
    if (n.parentRef === null) continue;
    const stance = stanceTowardParent(n.kind, kindOf.get(n.parentRef) ?? null);
    if (stance === "neutral") counts.placed++;
    else counts[stance]++;
  }
  for (const l of doc.links) {
    if (l.type === "SUPPORTS") counts.support++;
    else if (l.type === "ATTACKS") counts.attack++;
    else counts.same++;
  }
  return counts;
}

/** What a reader sees of a claim: the node's title, or its text when it has none (untitled or never given a text). */
const shown = (n: { title: string; body: string }) => n.title || n.body;

describe("real Argdown maps: our import equals @argdown/core's model", () => {
  it("the corpus has 8–15 files", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files.length).toBeLessThanOrEqual(15);
  });

  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const model = referenceModel(text);

    if (INVALID.has(file)) {
      it(`${file}: refused where the reference parser reports its error`, () => {
        expect(model.errors.length).toBeGreaterThan(0);
        const first = model.errors[0]!;
        let error: unknown;
        try {
          parseImport(text, "argdown", { now: FIXED_NOW });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FormatError);
        expect((error as FormatError).location).toEqual({ line: first.token?.startLine, column: first.token?.startColumn });
      });
      continue;
    }

    it(`${file}: statements, arguments and relations by type; the report accounts for the rest`, () => {
      expect(model.errors).toEqual([]);
      const report = new ImportReport();
      const doc = parseImport(text, "argdown", { now: FIXED_NOW, report });

      // One node per equivalence class and per argument, each recognisable by what it shows.
      const statements = Object.values(model.statements);
      const args = Object.values(model.arguments);
      const expectedShown = [...statements, ...args].map((el) => {
        const texts = [...new Set(el.members.map((m) => m.text?.trim()).filter((t): t is string => !!t))];
        return /^Untitled \d+$/.test(el.title) && texts.length ? texts.join("\n\n") : el.title;
      });
      expect(doc.nodes.map(shown).sort()).toEqual(expectedShown.sort());
      expect(doc.nodes).toHaveLength(statements.length + args.length);

      // Relations by stance: model relations plus the premise–conclusion steps (all supports).
      const pcsSteps = args.reduce((sum, a) => sum + (a.pcs ?? []).filter((p) => p.title).length, 0);
      const byType = (types: Set<string>) => model.relations.filter((r) => types.has(r.relationType)).length;
      const ours = ourRelations(doc);
      expect(ours.support).toBe(byType(SUPPORTING) + pcsSteps);
      expect(ours.attack).toBe(byType(ATTACKING));
      expect(ours.same).toBe(0);
      expect(model.relations.filter((r) => !SUPPORTING.has(r.relationType) && !ATTACKING.has(r.relationType))).toEqual([]);

      // Everything without an exact place is in the report.
      expect(ours.placed).toBe(report.count("detached"));
      expect(report.count("crossLinks")).toBe(doc.links.length);
      expect(report.count("undercuts")).toBe(byType(new Set(["undercut"])));
      expect(report.count("contraries")).toBe(byType(new Set(["contrary", "contradictory"])));
      const tags = [...statements, ...args].reduce((sum, el) => sum + el.members.reduce((s, m) => s + (m.tags?.length ?? 0), 0), 0);
      expect(report.count("tags")).toBe(tags);
      const merged = statements.filter((el) => new Set(el.members.map((m) => m.text?.trim()).filter(Boolean)).size > 1).length
        + args.filter((el) => new Set(el.members.map((m) => m.text?.trim()).filter(Boolean)).size > 1).length;
      expect(report.count("merged")).toBe(merged);
      expect(report.count("premises")).toBe(args.filter((a) => (a.pcs ?? []).length > 0).length);
      expect(report.count("headings")).toBe(model.sections.length);
      expect(report.count("frontMatter")).toBe(Object.keys(model.frontMatter ?? {}).filter((k) => k !== "title").length);
      if (typeof model.frontMatter?.title === "string") expect(doc.debate.title).toBe(model.frontMatter.title.trim());
    });

    it(`${file}: import → export → import keeps claims, relations and links (Argdown and JSON); CRLF + BOM read the same`, async () => {
      const first = importArgdown(text, { now: FIXED_NOW });
      const essence = (d: DebateDocument) => ({
        nodes: d.nodes.map((n) => ({ ref: n.ref, parentRef: n.parentRef, kind: n.kind, side: n.side, title: n.title, body: n.body })).sort((a, b) => a.ref.localeCompare(b.ref)),
        links: d.links.map((l) => `${l.fromRef} ${l.type} ${l.toRef}`).sort(),
        title: d.debate.title,
        context: d.debate.context,
      });
      const viaArgdown = importArgdown(await exportText(first, "argdown"), { now: FIXED_NOW });
      expect(essence(viaArgdown)).toEqual(essence(first));
      const viaJson = importJson(await exportText(first, "json"));
      expect(essence(viaJson)).toEqual(essence(first));
      // The same file saved on Windows (CRLF) with a byte-order mark reads the same.
      const windows = importArgdown(`\uFEFF${text.replace(/\r?\n/g, "\r\n")}`, { now: FIXED_NOW });
      expect(essence(windows)).toEqual(essence(first));
    });
  }
});
