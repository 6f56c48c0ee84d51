// `npm test`: every check the project has, in order, stopping at the first failure.
//
//   typecheck             tsc --noEmit
//   lint                  eslint . --max-warnings=0
//   unit                  vitest run --project unit
//   integration           vitest run --project integration, on PGlite (DATABASE_URL/TEST_DATABASE_URL unset)
//   integration-postgres  the same on PostgreSQL, when TEST_DATABASE_URL is set
//   e2e                   playwright test (production build, Debian Chromium)
//
// The integration tests' servers and e2e share one production build (.next-test),
// so the app is built once: by the first step that needs it, reused after.
//
// Options: --skip-e2e, --only=<step>[,<step>…] (names above; "postgres" = integration-postgres).
// The last line is `N passed, M failed`: tests counted from the vitest and Playwright
// JSON reports; typecheck and lint count as one test each. Exit code 1 on any failure.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

type Counts = { passed: number; failed: number; skipped: number };
interface Step {
  name: string;
  title: string;
  command: string[];
  env?: (base: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  /** Where the step's JSON report lands, and how to count it. */
  report?: { file: string; parse: (json: unknown) => Counts };
}
interface Result {
  step: Step;
  ok: boolean;
  seconds: number;
  counts: Counts;
  note?: string;
}

const STEP_NAMES = ["typecheck", "lint", "unit", "integration", "integration-postgres", "e2e"] as const;
const ALIASES: Record<string, string> = { postgres: "integration-postgres", pg: "integration-postgres", types: "typecheck", playwright: "e2e" };

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(`Usage: npm test -- [--skip-e2e] [--only=${STEP_NAMES.join("|")}[,…]]`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let skipE2e = false;
  let only: Set<string> | null = null;
  for (const arg of argv) {
    if (arg === "--skip-e2e") skipE2e = true;
    else if (arg.startsWith("--only=")) {
      only = new Set(
        arg
          .slice("--only=".length)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => ALIASES[s] ?? s),
      );
      for (const name of only) if (!(STEP_NAMES as readonly string[]).includes(name)) usage(`Unknown step "${name}".`);
      if (only.size === 0) usage("--only needs a step name.");
    } else if (arg === "--help" || arg === "-h") usage();
    else usage(`Unknown option ${arg}.`);
  }
  return { skipE2e, only };
}

const vitestCounts = (json: unknown): Counts => {
  const r = json as { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number };
  return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
};

const playwrightCounts = (json: unknown): Counts => {
  const s = (json as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } }).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
};

function withoutDatabases(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  return env;
}

function steps(reportDir: string, testDatabaseUrl: string | undefined): Step[] {
  const vitest = (name: string, project: string): Step["command"] => [
    path.join(BIN, "vitest"),
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(reportDir, `${name}.json`)}`,
  ];
  const list: Step[] = [
    { name: "typecheck", title: "tsc --noEmit", command: [path.join(BIN, "tsc"), "--noEmit"] },
    { name: "lint", title: "eslint . --max-warnings=0", command: [path.join(BIN, "eslint"), ".", "--max-warnings=0"] },
    {
      name: "unit",
      title: "vitest run --project unit",
      command: vitest("unit", "unit"),
      report: { file: path.join(reportDir, "unit.json"), parse: vitestCounts },
    },
    {
      name: "integration",
      title: "vitest run --project integration (PGlite)",
      command: vitest("integration", "integration"),
      env: withoutDatabases,
      report: { file: path.join(reportDir, "integration.json"), parse: vitestCounts },
    },
  ];
  if (testDatabaseUrl) {
    list.push({
      name: "integration-postgres",
      title: "vitest run --project integration (PostgreSQL, TEST_DATABASE_URL)",
      command: vitest("integration-postgres", "integration"),
      env: (base) => ({ ...withoutDatabases(base), TEST_DATABASE_URL: testDatabaseUrl }),
      report: { file: path.join(reportDir, "integration-postgres.json"), parse: vitestCounts },
    });
  }
  list.push({
    name: "e2e",
    title: "playwright test",
    // Specs that start their own servers import tests/support/servers.ts, which reaches lib/server
    // (import "server-only"): the runner and its workers resolve it as the server side, like npm run.
    command: [process.execPath, "--conditions=react-server", path.join(BIN, "playwright"), "test"],
    env: (base) => ({ ...withoutDatabases(base), E2E_JSON_REPORT: path.join(reportDir, "e2e.json") }),
    report: { file: path.join(reportDir, "e2e.json"), parse: playwrightCounts },
  });
  return list;
}

let current: ReturnType<typeof spawn> | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    current?.kill(signal);
    console.error(`\n[test] interrupted (${signal})`);
    process.exit(130);
  });
}

function run(step: Step): Promise<number> {
  const [command, ...args] = step.command;
  return new Promise((resolve) => {
    const child = spawn(command!, args, {
      cwd: ROOT,
      stdio: "inherit",
      env: step.env ? step.env(process.env) : process.env,
    });
    current = child;
    child.on("error", (error) => {
      console.error(`[test] could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function readCounts(step: Step): Counts | null {
  if (!step.report || !existsSync(step.report.file)) return null;
  try {
    return step.report.parse(JSON.parse(readFileSync(step.report.file, "utf8")));
  } catch {
    return null;
  }
}

const bar = "━".repeat(72);
const fmt = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} min ${(s % 60).toFixed(0)} s` : `${s.toFixed(1)} s`);

async function main() {
  const { skipE2e, only } = parseArgs(process.argv.slice(2));
  const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
  if (only?.has("integration-postgres") && !testDatabaseUrl) {
    usage("--only=integration-postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).");
  }
  const reportDir = mkdtempSync(path.join(os.tmpdir(), "bb-test-reports-"));
  const selected = steps(reportDir, testDatabaseUrl).filter((s) => (only ? only.has(s.name) : !(skipE2e && s.name === "e2e")));
  const notes: string[] = [];
  if (!only && !testDatabaseUrl) notes.push("integration-postgres skipped: TEST_DATABASE_URL is not set");
  if (!only && skipE2e) notes.push("e2e skipped: --skip-e2e");

  const results: Result[] = [];
  const started = Date.now();
  try {
    for (const [i, step] of selected.entries()) {
      console.log(`\n${bar}\n▶ [${i + 1}/${selected.length}] ${step.name}: ${step.title}\n${bar}`);
      const t0 = Date.now();
      const code = await run(step);
      const seconds = (Date.now() - t0) / 1000;
      let counts = step.report ? readCounts(step) : null;
      let note: string | undefined;
      if (!counts) {
        counts = { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
        if (step.report) note = "no JSON report: counted as one";
      } else if (code !== 0 && counts.failed === 0) {
        // Exit code says failure although every test passed (unhandled error, crash, lint of the run…).
        counts = { ...counts, failed: 1 };
        note = `exit code ${code} with no failed test (unhandled error?): counted as one failure`;
      }
      const ok = code === 0;
      results.push({ step, ok, seconds, counts, note });
      const tally = step.report ? ` · ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}` : "";
      console.log(`${ok ? "✔" : "✘"} ${step.name} ${ok ? "passed" : `FAILED (exit code ${code})`} in ${fmt(seconds)}${tally}${note ? ` (${note})` : ""}`);
      if (!ok) {
        const rest = selected.slice(i + 1).map((s) => s.name);
        if (rest.length) notes.push(`not run after the failure: ${rest.join(", ")}`);
        break;
      }
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }

  const total = (Date.now() - started) / 1000;
  console.log(`\n${bar}\nSummary (${fmt(total)})`);
  for (const r of results) {
    const tally = r.step.report ? `${r.counts.passed} passed, ${r.counts.failed} failed` : r.ok ? "ok" : "failed";
    console.log(`  ${r.ok ? "✔" : "✘"} ${r.step.name.padEnd(22)} ${fmt(r.seconds).padStart(10)}   ${tally}`);
  }
  for (const n of notes) console.log(`  · ${n}`);
  console.log(bar);
  const passed = results.reduce((n, r) => n + r.counts.passed, 0);
  const failed = results.reduce((n, r) => n + r.counts.failed, 0);
  const allOk = results.length === selected.length && results.every((r) => r.ok);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(allOk && failed === 0 ? 0 : 1);
}

void main();
