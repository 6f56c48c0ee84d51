// Calling the services directly in integration tests: the outcome of a call as
// "ok" or its AppError code, and the tree read parsed as the API serves it.
import { AppError, type ErrorCode } from "@/lib/domain/errors";
import { readTreeResponse } from "@/lib/server/debate/overview";

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

/** The rows of `readTreeResponse` (the JSON body of GET /tree), parsed. */
export async function readTree(...args: Parameters<typeof readTreeResponse>): Promise<TreeRow[]> {
  return (JSON.parse(await readTreeResponse(...args)) as { nodes: TreeRow[] }).nodes;
}
