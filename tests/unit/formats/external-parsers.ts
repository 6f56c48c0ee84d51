// Third-party parsers used as independent judges of our exports.

import * as argdown from "@argdown/core";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { micromark } from "micromark";
import schemaV1 from "@/public/schemas/builder-breaker-1.schema.json";
import schema from "@/public/schemas/builder-breaker-2.schema.json";

export interface ArgdownModel {
  errors: string[];
  statements: Record<string, { members: { text?: string; data?: unknown }[]; data?: unknown }>;
  arguments: Record<string, { members: { text?: string }[]; data?: unknown }>;
  relations: { from?: { title?: string }; to?: { title?: string }; relationType: string }[];
}

const argdownApp = (() => {
  const app = new argdown.ArgdownApplication();
  app.addPlugin(new argdown.ParserPlugin(), "parse-input");
  app.addPlugin(new argdown.DataPlugin(), "build-model");
  app.addPlugin(new argdown.ModelPlugin(), "build-model");
  return app;
})();

export function parseWithArgdown(input: string): ArgdownModel {
  const r = argdownApp.run({ process: ["parse-input", "build-model"], input, logLevel: "error" }) as unknown as {
    lexerErrors?: { message: string }[];
    parserErrors?: { message: string }[];
    exceptions?: { message: string }[];
    statements?: ArgdownModel["statements"];
    arguments?: ArgdownModel["arguments"];
    relations?: ArgdownModel["relations"];
  };
  const errors = [...(r.lexerErrors ?? []), ...(r.parserErrors ?? []), ...(r.exceptions ?? [])].map((e) => e.message);
  return { errors, statements: r.statements ?? {}, arguments: r.arguments ?? {}, relations: r.relations ?? [] };
}

let graphviz: Promise<Awaited<ReturnType<typeof Graphviz.load>>> | undefined;
/** Lays the DOT out with the real GraphViz (WASM); throws on syntax errors. */
export async function layoutDot(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).layout(dot, "svg", "dot");
}

export function xmlProblem(xml: string): string | null {
  const result = XMLValidator.validate(xml);
  return result === true ? null : `${result.err.code} ${result.err.msg} at ${result.err.line}:${result.err.col}`;
}

export function parseXml(xml: string): unknown {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml);
}

export const ajv = new Ajv({ allErrors: true, strict: true });
// ajv-formats is CommonJS: depending on interop the function is the default export or its .default.
const applyFormats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
applyFormats(ajv);
export const validateWithJsonSchema = ajv.compile(schema);
/** The previous format's schema: builder-breaker/1 files still import (upgraded with no links). */
export const validateWithJsonSchemaV1 = ajv.compile(schemaV1);

export function renderMarkdown(md: string): string {
  return micromark(md, { allowDangerousHtml: false, allowDangerousProtocol: false });
}
