// Bearer tokens for bench users, written straight into ApiToken (as createApiToken would).
import { randomBytes } from "node:crypto";
import { hashToken } from "@/lib/server/auth/tokens";
import type { Sql } from "./database";

/** One `bb_…` secret per user id, same order. Only the SHA-256 hex goes into the database. */
export async function createTokens(sql: Sql, userIds: readonly string[]): Promise<string[]> {
  const secrets = userIds.map(() => "bb_" + randomBytes(32).toString("base64url"));
  const tag = randomBytes(4).toString("hex");
  await sql.query(
    `INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix")
     SELECT 'bt' || $4 || ord, u, 'bench', h, p FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(u, h, p, ord)`,
    [userIds, secrets.map(hashToken), secrets.map((s) => s.slice(0, 10)), tag],
  );
  return secrets;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
