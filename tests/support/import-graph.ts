// The project's import graph, read from the sources, and the layer rule checked on it
// (docs/ARCHITECTURE.md "Layers"). ESLint's no-restricted-imports gives the same rule in the
// editor file by file; this check also follows what a client component reaches through other
// files, finds import cycles, and resolves relative paths, which glob patterns cannot.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Layer = "domain" | "formats" | "contracts" | "client" | "server" | "http" | "app" | "generated" | "asset" | "other";

/** Which project folders each layer may import. Packages are checked separately (PURE_LAYERS). */
export const ALLOWED_LAYERS: Record<Layer, readonly Layer[]> = {
  domain: ["domain"],
  formats: ["domain", "formats"],
  contracts: ["domain", "formats", "contracts"],
  client: ["domain", "formats", "contracts", "client"],
  server: ["domain", "formats", "contracts", "server", "generated", "asset"],
  http: ["domain", "formats", "contracts", "server", "http", "generated", "asset"],
  app: ["domain", "formats", "contracts", "client", "server", "http", "app", "generated", "asset"],
  generated: ["generated"],
  asset: [],
  other: ["domain", "formats", "contracts", "client", "server", "http", "app", "generated", "asset", "other"],
};

/** Layers that run in the browser or in any process: no database, no Node built-ins, no server packages. */
export const PURE_LAYERS: readonly Layer[] = ["domain", "formats", "contracts", "client"];
const SERVER_PACKAGES = /^(node:|pg$|pg\/|@prisma\/|@electric-sql\/|pglite|next$|next\/|next-auth|nodemailer|server-only$|fs$|path$|crypto$|child_process$)/;

export function layerOf(file: string): Layer {
  if (file.startsWith("lib/generated/")) return "generated";
  for (const layer of ["domain", "formats", "contracts", "client", "server", "http"] as const) {
    if (file.startsWith(`lib/${layer}/`)) return layer;
  }
  if (file.startsWith("app/")) return "app";
  if (file.startsWith("public/")) return "asset";
  return "other";
}

export type Import = { specifier: string; target: string | null; typeOnly: boolean };
export type SourceFile = { file: string; source: string; imports: Import[]; useClient: boolean };

const EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.tsx", "/index.js"];

/** The project file an import names, or null for a package. */
export function resolveImport(fromFile: string, specifier: string, exists: (file: string) => boolean): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  else return null;
  if (exists(base) && !base.endsWith("/")) return base;
  for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
  return base; // unresolved: still classified by its folder
}

const IMPORT_PATTERN =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function parseImports(file: string, source: string, exists: (file: string) => boolean): SourceFile {
  const imports: Import[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[3] ?? match[4];
    if (!specifier) continue;
    // `import { type A, type B }` is type-only too: every named binding carries `type`.
    const clause = match[0];
    const braces = clause.match(/\{([^}]*)\}/)?.[1];
    const allNamedTypes = braces !== undefined && !/^\s*import\s+\w/.test(clause.replace(/^\n/, "")) &&
      braces.split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "));
    imports.push({ specifier, target: resolveImport(file, specifier, exists), typeOnly: Boolean(match[2]) || allNamedTypes });
  }
  const useClient = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(source);
  return { file, source, imports, useClient };
}

export function readProject(root: string, folders = ["lib", "app"]): Map<string, SourceFile> {
  const files = new Map<string, SourceFile>();
  const exists = (file: string) => existsSync(path.join(root, file)) && statSync(path.join(root, file)).isFile();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir))) {
      const rel = `${dir}/${entry}`;
      if (rel === "lib/generated") continue;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (/\.(ts|tsx|js|mjs)$/.test(entry)) files.set(rel, parseImports(rel, readFileSync(path.join(root, rel), "utf8"), exists));
    }
  };
  for (const folder of folders) if (existsSync(path.join(root, folder))) walk(folder);
  return files;
}

export type Violation = { file: string; specifier: string; rule: string };

/** Every import that breaks the layer rule. */
export function layerViolations(files: Map<string, SourceFile>): Violation[] {
  const violations: Violation[] = [];
  for (const { file, imports, source } of files.values()) {
    const layer = layerOf(file);
    for (const { specifier, target } of imports) {
      if (target === null) {
        if (PURE_LAYERS.includes(layer) && SERVER_PACKAGES.test(specifier)) {
          violations.push({ file, specifier, rule: `${layer} is pure: no server package or Node built-in` });
        }
        continue;
      }
      const targetLayer = layerOf(target);
      if (!ALLOWED_LAYERS[layer].includes(targetLayer)) {
        violations.push({ file, specifier, rule: `${layer} may not import ${targetLayer}` });
      }
    }
    if ((layer === "server" || layer === "http") && file.endsWith(".ts") && !/^import "server-only";$/m.test(source)) {
      violations.push({ file, specifier: "server-only", rule: `${layer} files start with import "server-only"` });
    }
  }
  return violations;
}

/**
 * What client components reach: from every "use client" file, follow value imports (type-only
 * ones vanish at compile time); none may land in server, http or generated code.
 */
export function clientReachViolations(files: Map<string, SourceFile>): Violation[] {
  const violations: Violation[] = [];
  const forbidden: Layer[] = ["server", "http", "generated"];
  for (const start of files.values()) {
    if (!start.useClient) continue;
    const seen = new Set<string>([start.file]);
    const queue: { file: string; via: string[] }[] = [{ file: start.file, via: [] }];
    while (queue.length > 0) {
      const { file, via } = queue.shift()!;
      for (const { target, typeOnly } of files.get(file)?.imports ?? []) {
        if (target === null || typeOnly || seen.has(target)) continue;
        seen.add(target);
        const chain = [...via, target];
        if (forbidden.includes(layerOf(target))) {
          violations.push({ file: start.file, specifier: chain.join(" → "), rule: `a client component reaches ${layerOf(target)} code` });
        } else if (files.has(target)) queue.push({ file: target, via: chain });
      }
    }
  }
  return violations;
}

/** Import cycles (strongly connected components of value imports with more than one file). */
export function importCycles(files: Map<string, SourceFile>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const edges = (file: string) =>
    (files.get(file)?.imports ?? []).filter((i) => !i.typeOnly && i.target !== null && files.has(i.target)).map((i) => i.target!);
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of edges(file)) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of files.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
