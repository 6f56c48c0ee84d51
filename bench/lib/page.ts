// What the in-browser benchmarks share: a seeded public debate behind `next start`, and
// Debian's Chromium launched without its background traffic (the machine's network is closed).
import { chromium, type Browser } from "playwright-core";
import { seedDebate } from "./seed";
import type { RunningServer } from "./server";
import type { BenchContext } from "./types";

const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";

/** A fresh database holding one seeded debate of `size` nodes, and a server on it. */
export async function serveSeededDebate(
  ctx: BenchContext,
  label: string,
  opts: { size: number; seed: number; title: string },
): Promise<{ server: RunningServer; debateId: string }> {
  const database = await ctx.freshDatabase(label);
  const sql = await database.open();
  let debateId: string;
  try {
    debateId = (await seedDebate(sql, opts)).debateId;
  } finally {
    await sql.close(); // PGlite: one process holds the data dir at a time
  }
  return { server: await ctx.startServer(database), debateId };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
  });
}
