import "server-only";

// A debate that an import is still writing (Debate.importingSince set) exists for nobody
// until its last batch is published (lib/server/transfer/import.ts). It is also PRIVATE
// without any real member until then, so the permission rules hide it on their own; this
// filter says it outright on the paths that find debates: by id (loadAccess, which every
// per-debate read and write goes through) and in lists. Hand-written SQL that finds a
// debate says `"importingSince" IS NULL` itself (queries/moves.ts, queries/revisit.ts,
// debate/lifecycle.ts); tests/integration/formats/batched-import.test.ts tries every path.

/** Prisma `where` part: only published debates. */
export const publishedDebate = { importingSince: null } as const;

