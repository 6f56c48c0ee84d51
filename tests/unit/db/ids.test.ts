import { describe, expect, it } from "vitest";
import { newId } from "@/lib/server/db/ids";
import { idSchema } from "@/lib/domain/debate/validation";

describe("newId", () => {
  it("has Prisma's cuid shape and passes the API's id validation", () => {
    const id = newId();
    expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(idSchema.safeParse(id).success).toBe(true);
  });

  it("does not repeat in 100,000 ids made in one tight loop", () => {
    const ids = new Set(Array.from({ length: 100_000 }, newId));
    expect(ids.size).toBe(100_000);
  });

  it("sorts by creation time across milliseconds", async () => {
    const first = newId();
    await new Promise((r) => setTimeout(r, 5));
    const second = newId();
    expect(first < second).toBe(true);
  });
});
