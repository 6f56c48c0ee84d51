// lib/server/env.ts parseEnv: defaults, and an EnvError naming each bad variable.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return e as EnvError;
  }
  throw new Error("parseEnv accepted an invalid environment");
}

const variables = (e: EnvError) => e.issues.map((i) => i.variable).sort();

describe("parseEnv", () => {
  it("applies defaults to an empty environment (embedded database, generated secret)", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NEXTAUTH_SECRET).toBeUndefined();
    expect(env).toMatchObject({
      NODE_ENV: "development",
      DATA_DIR: "./data",
      PORT: 3000,
      SEED_DEMO: true,
      RATE_LIMIT_MULTIPLIER: 1,
      LOG_LEVEL: "info",
    });
  });

  it("treats empty and blank values as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", NEXTAUTH_SECRET: "   ", GITHUB_ID: "", GITHUB_SECRET: "" });
    expect([env.DATABASE_URL, env.NEXTAUTH_SECRET, env.GITHUB_ID, env.GITHUB_SECRET]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("accepts valid settings", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://u:p@db:5432/bb",
      NEXTAUTH_SECRET: "s".repeat(32),
      NEXTAUTH_URL: "https://bb.example",
      PORT: "8080",
      SEED_DEMO: "0",
      GITHUB_ID: "id",
      GITHUB_SECRET: "secret",
    });
    expect(env).toMatchObject({ DATABASE_URL: "postgresql://u:p@db:5432/bb", PORT: 8080, SEED_DEMO: false, GITHUB_ID: "id" });
  });

  it.each([
    ["DATABASE_URL", { DATABASE_URL: "mysql://localhost/bb" }],
    ["DATABASE_URL", { DATABASE_URL: "localhost:5432" }],
    ["NEXTAUTH_SECRET", { NEXTAUTH_SECRET: "too-short" }],
    ["NEXTAUTH_URL", { NEXTAUTH_URL: "not a url" }],
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "0" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "80.5" }],
    ["SEED_DEMO", { SEED_DEMO: "yes" }],
    ["RATE_LIMIT_MULTIPLIER", { RATE_LIMIT_MULTIPLIER: "0" }],
    ["NODE_ENV", { NODE_ENV: "staging" }],
    ["GITHUB_SECRET", { GITHUB_ID: "id" }],
    ["GITHUB_ID", { GITHUB_SECRET: "secret" }],
    ["GOOGLE_SECRET", { GOOGLE_ID: "id" }],
    ["GOOGLE_ID", { GOOGLE_SECRET: "secret" }],
  ] as const)("names %s in the EnvError for %j", (variable, source) => {
    const error = envError({ ...source });
    expect(variables(error)).toEqual([variable]);
    expect(error.message).toContain(`${variable}:`);
  });

  it("reports every bad variable at once", () => {
    expect(variables(envError({ DATABASE_URL: "sqlite://x", NEXTAUTH_SECRET: "short", PORT: "-1" }))).toEqual(["DATABASE_URL", "NEXTAUTH_SECRET", "PORT"]);
  });

  it("does not echo secret values in the error message", () => {
    const error = envError({ NEXTAUTH_SECRET: "hunter2-secret", DATABASE_URL: "mysql://admin:pa55word@db/x" });
    expect(error.message).not.toContain("hunter2-secret");
    expect(error.message).not.toContain("pa55word");
  });
});
