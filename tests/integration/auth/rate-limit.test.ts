// The fixed-window counters of lib/server/auth/rate-limit.ts against the real database:
// a window that has ended starts again (set in the database, not waited out), and
// expired buckets are swept, in bounded batches, by the process that counts hits.
import { afterEach, describe, expect, it, vi } from "vitest";
import { enforce, hit, rateRules, SWEEP, sweepExpiredBuckets, type RateRule } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/domain/errors";
import { uniqueSuffix } from "@/tests/factories";

const d = db();
const rule: RateRule = { name: `test-${uniqueSuffix()}`, limit: 3, windowSeconds: 600 };
const limit = Math.ceil(rule.limit * env().RATE_LIMIT_MULTIPLIER);
const key = (subject: string) => `${rule.name}:${subject}`;
const bucket = (subject: string) => d.rateLimitBucket.findUnique({ where: { key: key(subject) } });

afterEach(() => {
  vi.useRealTimers();
});

describe("a window that has ended", () => {
  it("starts a new window at the next hit: count 1, allowed, a fresh reset time", async () => {
    const subject = uniqueSuffix();
    for (let i = 0; i < limit; i++) await enforce(rule, subject);
    await expect(enforce(rule, subject)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // The window ended a second ago, with the counter far over the limit.
    await d.rateLimitBucket.update({ where: { key: key(subject) }, data: { count: limit + 50, resetAt: new Date(Date.now() - 1_000) } });
    const before = Date.now();
    const next = await hit(rule, subject);
    expect(next).toMatchObject({ count: 1, limited: false });
    expect(next.resetAtMs).toBeGreaterThanOrEqual(before + rule.windowSeconds * 1000 - 5_000);
    await expect(enforce(rule, subject)).resolves.toBeUndefined();
    expect(await bucket(subject)).toMatchObject({ count: 2 });
  });

  it("a window that has not ended keeps counting", async () => {
    const subject = uniqueSuffix();
    await d.rateLimitBucket.create({ data: { key: key(subject), count: limit, resetAt: new Date(Date.now() + 5_000) } });
    const refused = await enforce(rule, subject).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect((await bucket(subject))?.count).toBe(limit + 1);
  });
});

describe("sweeping expired buckets", () => {
  // Expired two minutes before, live for an hour after `now`: either way whatever clock the
  // database reads (PGlite's now() follows this process's Date, faked below; PostgreSQL's does not).
  async function seed(prefix: string, expired: number, live: number, now = Date.now()) {
    await d.rateLimitBucket.createMany({
      data: [
        ...Array.from({ length: expired }, (_, i) => ({ key: `${prefix}:old-${i}`, count: 7, resetAt: new Date(now - 120_000 - i) })),
        ...Array.from({ length: live }, (_, i) => ({ key: `${prefix}:live-${i}`, count: 7, resetAt: new Date(now + 3_600_000) })),
      ],
    });
  }
  const left = (prefix: string) => d.rateLimitBucket.findMany({ where: { key: { startsWith: `${prefix}:` } }, select: { key: true }, orderBy: { key: "asc" } });

  it("deletes expired buckets in bounded batches and keeps live ones", async () => {
    const prefix = `sweep-${uniqueSuffix()}`;
    await sweepExpiredBuckets(); // whatever earlier tests left
    await seed(prefix, 5, 2);
    expect(await sweepExpiredBuckets(3)).toBe(3);
    expect(await sweepExpiredBuckets(3)).toBe(2);
    expect(await sweepExpiredBuckets(3)).toBe(0);
    expect((await left(prefix)).map((b) => b.key)).toEqual([`${prefix}:live-0`, `${prefix}:live-1`]);
  });

  it("a hit sweeps when a sweep is due (at most once per interval per process)", async () => {
    const realNow = Date.now();
    // Only Date is faked, a little over one interval ahead: the database drivers keep their real timers.
    vi.useFakeTimers({ toFake: ["Date"], now: realNow + SWEEP.intervalMs + 1_000 });
    const prefix = `due-${uniqueSuffix()}`;
    await seed(prefix, 4, 1, realNow);
    await enforce(rateRules.writesPerUser, `sweeper-${uniqueSuffix()}`);
    expect((await left(prefix)).map((b) => b.key)).toEqual([`${prefix}:live-0`]);
    // Not due again within the interval: a new expired bucket stays until the next one.
    await seed(`${prefix}-later`, 1, 0, realNow);
    await enforce(rateRules.writesPerUser, `sweeper-${uniqueSuffix()}`);
    expect(await left(`${prefix}-later`)).toHaveLength(1);
    vi.setSystemTime(Date.now() + SWEEP.intervalMs + 1);
    await enforce(rateRules.writesPerUser, `sweeper-${uniqueSuffix()}`);
    expect(await left(`${prefix}-later`)).toHaveLength(0);
  });
});
