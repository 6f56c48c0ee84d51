// Calling the services directly in integration tests: the outcome of a call as
// "ok" or its AppError code, and the tree read parsed as the API serves it.
import { AppError, type ErrorCode } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/actor";
import { openTreeRead } from "@/lib/server/debate/tree-pages";

export type Outcome = "ok" | ErrorCode;

/** "ok", or the code of the AppError `fn` rejects with; any other error is rethrown. */
export async function outcomeOf(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The AppError `fn` rejects with; a success or any other error fails the test. */
export async function appErrorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected an AppError, but the call succeeded");
}

export type TreeRow = { id: string; parentId: string | null; createdAt: string; prunedAt: string | null };

/** The body of GET /tree (the whole tree, or the branch under `root`) as the route sends it, read to the end. */
export async function readTreeText(actor: Actor | null, debateId: string, root?: string): Promise<string> {
  const read = await openTreeRead(actor, debateId, root === undefined ? {} : { root });
  const body = await read.body();
  if (typeof body === "string") return body;
  let text = "";
  for await (const chunk of body) text += chunk;
  return text;
}

/** The rows of GET /tree's body, parsed. */
export async function readTree(actor: Actor | null, debateId: string, root?: string): Promise<TreeRow[]> {
  return (JSON.parse(await readTreeText(actor, debateId, root)) as { nodes: TreeRow[] }).nodes;
}
