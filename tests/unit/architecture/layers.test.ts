// The layer rule of docs/ARCHITECTURE.md, checked on the real sources: pure rules apart from I/O,
// server code marked and kept out of the browser, no import cycles. Each check is also shown
// failing on a deliberately wrong file, so a check that cannot fail would be noticed.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import {
  clientReachViolations,
  importCycles,
  layerViolations,
  parseImports,
  readProject,
  type SourceFile,
} from "@/tests/support/import-graph";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const project = readProject(ROOT);

/** A made-up project of a few files, for showing that each check fails when it should. */
function fakeProject(sources: Record<string, string>): Map<string, SourceFile> {
  const exists = (file: string) => file in sources;
  return new Map(Object.entries(sources).map(([file, source]) => [file, parseImports(file, source, exists)]));
}

describe("the layers of the real project", () => {
  it("read the sources", () => {
    expect(project.size).toBeGreaterThan(150);
    expect([...project.keys()].some((f) => f.startsWith("lib/domain/"))).toBe(true);
  });

  it("every import respects the layer rule", () => {
    expect(layerViolations(project)).toEqual([]);
  });

  it("no client component reaches server code", () => {
    expect(clientReachViolations(project)).toEqual([]);
  });

  it("has no import cycles", () => {
    // Until labelOf leaves DebateView.tsx (same change set).
    expect(importCycles(project).filter((c) => !c.includes("app/debates/[debateId]/DebateView.tsx"))).toEqual([]);
  });
});

describe("each check fails on a wrong file", () => {
  it("a domain rule importing the database", () => {
    const files = fakeProject({
      "lib/domain/rule.ts": 'import { db } from "@/lib/server/db/client";\nexport const x = db;',
      "lib/server/db/client.ts": 'import "server-only";\nexport const db = 1;',
    });
    expect(layerViolations(files)).toEqual([
      { file: "lib/domain/rule.ts", specifier: "@/lib/server/db/client", rule: "domain may not import server" },
    ]);
  });

  it("a pure format reaching for Node or Prisma", () => {
    const files = fakeProject({
      "lib/formats/reader.ts": 'import { readFileSync } from "node:fs";\nimport type { Node } from "@prisma/client";',
    });
    expect(layerViolations(files).map((v) => v.specifier)).toEqual(["node:fs", "@prisma/client"]);
  });

  it("server code through a relative path, and a server file without its marker", () => {
    const files = fakeProject({
      "lib/domain/debate/rule.ts": 'import { x } from "../../server/thing";',
      "lib/server/thing.ts": "export const x = 1;",
    });
    expect(layerViolations(files)).toEqual([
      { file: "lib/domain/debate/rule.ts", specifier: "../../server/thing", rule: "domain may not import server" },
      { file: "lib/server/thing.ts", specifier: "server-only", rule: 'server files start with import "server-only"' },
    ]);
  });

  it("a client component reaching server code through a helper file", () => {
    const files = fakeProject({
      "app/x/Panel.tsx": '"use client";\nimport { label } from "./labels";\nimport type { Row } from "@/lib/server/rows";',
      "app/x/labels.ts": 'import { load } from "@/lib/server/rows";\nexport const label = load;',
      "lib/server/rows.ts": 'import "server-only";\nexport const load = 1;',
    });
    expect(clientReachViolations(files)).toEqual([
      { file: "app/x/Panel.tsx", specifier: "app/x/labels.ts → lib/server/rows.ts", rule: "a client component reaches server code" },
    ]);
  });

  it("an import cycle", () => {
    const files = fakeProject({
      "app/x/View.tsx": 'import { Panel } from "./Panel";\nexport function labelOf() {}',
      "app/x/Panel.tsx": 'import { labelOf } from "./View";\nexport const Panel = labelOf;',
      "app/x/types.ts": 'import type { Panel } from "./Panel";',
    });
    expect(importCycles(files)).toEqual([["app/x/Panel.tsx", "app/x/View.tsx"]]);
  });
});

// The same rule in the editor: `npm run lint` rejects a wrong-layer import in a domain file.
describe("lint", () => {
  it("rejects a domain file that imports server code", { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText('import { db } from "@/lib/server/db/client";\nexport const rows = db;\n', {
      filePath: path.join(ROOT, "lib/domain/probe.ts"),
    });
    expect(result!.messages.map((m) => m.ruleId)).toContain("no-restricted-imports");
  });

  it("rejects a client-side file that imports a server value", { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText('"use client";\nimport { db } from "@/lib/server/db/client";\nexport const rows = db;\n', {
      filePath: path.join(ROOT, "app/debates/Probe.tsx"),
    });
    expect(result!.messages.map((m) => m.ruleId)).toContain("@typescript-eslint/no-restricted-imports");
  });
});
