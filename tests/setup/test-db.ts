import { randomBytes } from "node:crypto";

// Pure helpers shared by the test database setup and the tests.

export type DbTemplate =
  | { kind: "pglite"; dir: string }
  | { kind: "postgres"; baseUrl: string; template: string; runId: string };

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: DbTemplate;
  }
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** Throws unless the URL points at this machine: tests create and drop databases. */
export function assertLocalDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`TEST_DATABASE_URL is not a valid URL`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new Error(`TEST_DATABASE_URL must start with postgres:// or postgresql://`);
  }
  const socketHost = parsed.searchParams.get("host");
  const local = LOCAL_HOSTS.has(parsed.hostname) && (socketHost === null || socketHost.startsWith("/"));
  if (!local) {
    throw new Error(
      `Refusing to run tests against ${parsed.hostname || socketHost}: TEST_DATABASE_URL must point at ` +
        `localhost, because the tests create and drop databases.`,
    );
  }
  return parsed;
}

/** The same server URL with another database name. */
export function databaseUrlWithName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A safe, unique database name such as `bb_test_ab12cd34`. */
export function randomDbName(prefix: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`bad database name prefix ${prefix}`);
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}
