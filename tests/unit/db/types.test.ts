import { describe, expectTypeOf, it } from "vitest";
import type { Db, Tx } from "@/lib/server/db/client";

describe("db types", () => {
  it("Db omits passwordHash by default; Tx is the interactive transaction client", () => {
    type Found = Awaited<ReturnType<Db["user"]["findFirstOrThrow"]>>;
    expectTypeOf<Found>().not.toHaveProperty("passwordHash");
    expectTypeOf<Found>().toHaveProperty("username");
    expectTypeOf<Tx>().toHaveProperty("user");
    expectTypeOf<Tx>().not.toHaveProperty("$disconnect");
    expectTypeOf<Awaited<ReturnType<Tx["user"]["findFirstOrThrow"]>>>().not.toHaveProperty("passwordHash");
  });
});
