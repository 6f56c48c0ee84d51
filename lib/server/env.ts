import "server-only";
import path from "node:path";
import { z } from "zod";

// Environment is parsed once, here. Nothing else reads process.env for app settings.
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // A PostgreSQL server. Unset: the embedded PGlite database under DATA_DIR.
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  // Overrides the secret that is otherwise generated once and stored in the database.
  NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  NEXTAUTH_URL: optionalString.pipe(z.url("must be a URL such as http://localhost:3000").optional()),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  // Rate limits can be relaxed for load tests; never in production by default.
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(100000).default(1),
  // lib/server/log.ts: JSON lines on stdout at this level and above; "silent" logs nothing.
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // Behind a reverse proxy that sets X-Forwarded-For: trust it for per-IP rate limits
  // (otherwise the connection's own address counts; see lib/http/request.ts clientIp).
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  // Gzip responses in the app (read by next.config.js). Off: a reverse proxy compresses
  // better and on its own cores; on loopback it is pure cost (docs/decisions/006).
  // Optional outgoing mail (unset: no mail at all, notifications stay in-app). With it,
  // "forgot password" mails reset links and users may ask for notification digests.
  SMTP_URL: optionalString.pipe(
    z.string().regex(/^smtps?:\/\/[^\s]+$/, "must look like smtp://user:pass@host:587 or smtps://host:465").optional(),
  ),
  SMTP_FROM: optionalString.pipe(z.string().max(254).optional()),
  // How often at most one user gets a notification digest.
  DIGEST_INTERVAL_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(24),
  // Diagnostics (lib/server/db/trace.ts): JSON lines on the database's queue waits, statement
  // times, import batches and the event loop's lag go to this file (the worker's to <file>.worker).
  DB_TRACE_FILE: optionalString,
  COMPRESS_RESPONSES: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(unknown)"),
        message: issue.message,
      })),
    );
  }
  const env = result.data;
  if (Boolean(env.GITHUB_ID) !== Boolean(env.GITHUB_SECRET)) {
    throw new EnvError([{ variable: env.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID", message: "GITHUB_ID and GITHUB_SECRET must be set together" }]);
  }
  if (Boolean(env.GOOGLE_ID) !== Boolean(env.GOOGLE_SECRET)) {
    throw new EnvError([{ variable: env.GOOGLE_ID ? "GOOGLE_SECRET" : "GOOGLE_ID", message: "GOOGLE_ID and GOOGLE_SECRET must be set together" }]);
  }
  if (env.SMTP_URL && !env.SMTP_FROM) {
    throw new EnvError([{ variable: "SMTP_FROM", message: "set the sender address (e.g. Builder/Breaker <noreply@example.org>) when SMTP_URL is set" }]);
  }
  if (env.SMTP_URL && !env.NEXTAUTH_URL) {
    // Mailed links must not be built from a request's Host header (reset-link poisoning).
    throw new EnvError([{ variable: "NEXTAUTH_URL", message: "set the public address of the app when SMTP_URL is set: mailed links point there" }]);
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Absolute path of the embedded database directory. */
export function pgliteDataDir(e: Env = env()): string {
  return path.resolve(e.DATA_DIR, "pglite");
}

/** Server start-up: a bad environment stops the process with a message naming the variable. */
export function exitOnInvalidEnv(): void {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message); // not the logger: its level is part of the environment that just failed
      process.exit(1);
    }
    throw error;
  }
}
