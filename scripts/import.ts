// `npm run import -- <file> --owner=<username> [--format=json|argdown|kialo] [--visibility=PRIVATE|UNLISTED|PUBLIC]`
//
// Imports a builder-breaker/1 JSON, Argdown or Kialo file as a new debate owned
// by an existing user (authors become password-less ghost users), in one
// transaction, into the configured database.
import { readFileSync, statSync } from "node:fs";
import { db } from "@/lib/server/db/client";
import { visibilitySchema } from "@/lib/domain/debate/validation";
import { AppError } from "@/lib/domain/errors";
import { IMPORT_FORMATS } from "@/lib/formats";
import { formatFromFileName, IMPORT_MAX_BYTES, IMPORT_MAX_MB, importDebateText, parseImportFormat } from "@/lib/server/transfer/import";
import { runCli } from "./lib/run-cli";

const USAGE = `Usage: npm run import -- <file> --owner=<username> [--format=${IMPORT_FORMATS.join("|")}] [--visibility=PRIVATE|UNLISTED|PUBLIC]`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const file = args.find((a) => !a.startsWith("--"));
  const owner = flag("owner");
  const unknown = args.filter((a) => a.startsWith("--") && !/^--(format|owner|visibility)=/.test(a));
  if (!file || !owner || unknown.length || args.includes("--help")) {
    console.error(unknown.length ? `Unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const visibility = visibilitySchema.safeParse((flag("visibility") ?? "PRIVATE").toUpperCase());
  if (!visibility.success) {
    console.error(`--visibility must be PRIVATE, UNLISTED or PUBLIC`);
    return 2;
  }
  const format = parseImportFormat(flag("format")) ?? formatFromFileName(file);
  if (statSync(file).size > IMPORT_MAX_BYTES) {
    console.error(`${file} is larger than the ${IMPORT_MAX_MB} MB import limit.`);
    return 1;
  }
  const text = readFileSync(file, "utf8");
  const user = await db().user.findFirst({
    where: { username: { equals: owner, mode: "insensitive" } },
    select: { id: true, username: true, displayName: true },
  });
  if (!user) {
    console.error(`No user with the username ${owner}.`);
    return 1;
  }
  const started = performance.now();
  // The operator's own command line is not counted against the API's import rate limit.
  const result = await importDebateText({ ...user, via: "session" }, text, format, { visibility: visibility.data, rateLimit: false });
  console.log(
    `Imported ${result.nodes} nodes and ${result.participants} participants as debate ${result.id} (owner ${user.username}, ${visibility.data}) in ${Math.round(performance.now() - started)} ms.`,
  );
  return 0;
}

runCli(main, {
  prefix: "Import failed: ",
  suffix: ". Nothing was written.",
  whenLocked: "stop the server (or import through the API: POST /api/v1/debates/import), then try again.",
  // Format errors already name the line/column or JSON path in their message.
  expected: (e) => (e instanceof AppError ? `Import refused: ${e.message}. Nothing was written.` : undefined),
});
