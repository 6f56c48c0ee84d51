import "server-only";
import { randomBytes } from "node:crypto";

// Ids for rows inserted with raw SQL, in the same shape as Prisma's `@default(cuid())`
// (cuid v1: "c" + time + counter + fingerprint + random, 25 lowercase base-36
// characters), so they sort roughly by creation time like the rest.
const BASE = 36;
let counter = Math.floor(Math.random() * BASE ** 4);
const fingerprint = pad((process.pid % BASE ** 2).toString(BASE), 2) + pad(Math.floor(Math.random() * BASE ** 2).toString(BASE), 2);

function pad(text: string, size: number): string {
  return text.length >= size ? text.slice(-size) : "0".repeat(size - text.length) + text;
}

export function newId(): string {
  counter = (counter + 1) % BASE ** 4;
  const random = randomBytes(8).readBigUInt64BE() % BigInt(BASE) ** 8n;
  return "c" + pad(Date.now().toString(BASE), 8) + pad(counter.toString(BASE), 4) + fingerprint + pad(random.toString(BASE), 8);
}
