import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";

// NEXTAUTH_SECRET wins; otherwise a secret is generated once and kept in the
// database (the data dir in embedded mode), so every process shares it.
let cached: Promise<string> | undefined;

export function authSecret(): Promise<string> {
  cached ??= loadOrCreateSecret().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function loadOrCreateSecret(): Promise<string> {
  const fromEnv = env().NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const candidate = randomBytes(48).toString("base64url");
  // Insert-if-absent then read: concurrent first starts agree on one secret.
  await db().instanceSetting.createMany({ data: [{ key: "auth_secret", value: candidate }], skipDuplicates: true });
  const row = await db().instanceSetting.findUniqueOrThrow({ where: { key: "auth_secret" } });
  return row.value;
}
