import { describe, expect, it } from "vitest";
import { isEmptyMigration, migrationFolderName } from "@/lib/server/db/migrate";
import { assertLocalDatabaseUrl, databaseUrlWithName, randomDbName } from "@/tests/setup/test-db";

describe("migrationFolderName", () => {
  it("is a UTC timestamp plus a snake_case name, sorting in creation order", () => {
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(migrationFolderName("Add node tags!", at)).toBe("20260102030405_add_node_tags");
    expect(migrationFolderName("init", at) < migrationFolderName("init", new Date(at.getTime() + 1000))).toBe(true);
  });
  it("rejects a name with no letters or digits", () => {
    expect(() => migrationFolderName(" -- ")).toThrow(/Invalid migration name/);
  });
});

describe("isEmptyMigration", () => {
  it("ignores comments and blank lines", () => {
    expect(isEmptyMigration("")).toBe(true);
    expect(isEmptyMigration("-- This is an empty migration.\n\n")).toBe(true);
    expect(isEmptyMigration('-- CreateTable\nCREATE TABLE "A" (id int);\n')).toBe(false);
  });
});

describe("test database URL guard", () => {
  it("accepts local servers", () => {
    expect(() => assertLocalDatabaseUrl("postgres://postgres@127.0.0.1:5432/test")).not.toThrow();
    expect(() => assertLocalDatabaseUrl("postgresql://u:p@localhost/test")).not.toThrow();
    expect(() => assertLocalDatabaseUrl("postgres://u@[::1]:5432/test")).not.toThrow();
  });
  it("refuses anything else", () => {
    expect(() => assertLocalDatabaseUrl("postgres://u@db.example.com/test")).toThrow(/Refusing to run tests against db.example.com/);
    expect(() => assertLocalDatabaseUrl("postgres://u@10.0.0.5/test")).toThrow(/Refusing/);
    expect(() => assertLocalDatabaseUrl("postgres://u@localhost/test?host=evil.example.com")).toThrow(/Refusing/);
    expect(() => assertLocalDatabaseUrl("mysql://localhost/test")).toThrow(/postgres/);
  });
  it("builds per-file database URLs and names", () => {
    expect(databaseUrlWithName("postgres://postgres@127.0.0.1:5432/test", "bb_test_x")).toBe(
      "postgres://postgres@127.0.0.1:5432/bb_test_x",
    );
    expect(randomDbName("bb_test")).toMatch(/^bb_test_[0-9a-f]{10}$/);
    expect(() => randomDbName("Bad-Prefix")).toThrow();
  });
});
