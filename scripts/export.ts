// `npm run export -- <debateId> [--format=json|markdown|argdown|aif|kialo|dot|graphml|svg] [--root=<nodeId>] [--out=<file>]`
//
// Streams a debate (or the subtree under --root) from the configured database
// (DATABASE_URL, else the embedded one under DATA_DIR) to stdout or a file.
// Runs as the operator: no access check, private debates included.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/domain/errors";
import { EXPORT_FORMATS, exportDebate, isExportFormat } from "@/lib/formats";
import { debateSource } from "@/lib/server/transfer/db-source";
import { runCli } from "./lib/run-cli";

const USAGE = `Usage: npm run export -- <debateId> [--format=${EXPORT_FORMATS.join("|")}] [--root=<nodeId>] [--out=<file>]`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const debateId = args.find((a) => !a.startsWith("--"));
  const format = flag("format") ?? "json";
  const unknown = args.filter((a) => a.startsWith("--") && !/^--(format|root|out)=/.test(a));
  if (!debateId || unknown.length || args.includes("--help")) {
    console.error(unknown.length ? `Unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  if (!isExportFormat(format)) {
    console.error(`Unknown format ${format}. ${USAGE}`);
    return 2;
  }
  const out = flag("out");
  const started = performance.now();
  const source = await debateSource(debateId, { rootId: flag("root") });
  const input = Readable.from(exportDebate(source, format));
  if (out) {
    await pipeline(input, createWriteStream(out));
    console.error(`Exported ${source.debate.title ? JSON.stringify(source.debate.title) : debateId} as ${format} to ${out} in ${Math.round(performance.now() - started)} ms.`);
  } else {
    await pipeline(input, process.stdout, { end: false });
  }
  return 0;
}

runCli(main, {
  prefix: "Export failed: ",
  whenLocked: "stop the server (or export through the API: GET /api/v1/debates/<id>/export?format=…), then try again.",
  expected: (e) => (e instanceof AppError ? `Export failed: ${e.message}` : undefined),
});
