// Word diffs off the main thread (#17): jsdiff's diffWords under its time bound, one request at
// a time, so a 50,000-character rewrite never holds the server's event loop. Loaded by path
// (lib/server/debate/word-diff.ts), like the PGlite worker: next start, tsx and Vitest share it.
import { parentPort } from "node:worker_threads";
import { diffWords } from "diff";

parentPort.on("message", ({ id, before, after, timeoutMs }) => {
  try {
    const changes = diffWords(before, after, { timeout: timeoutMs });
    parentPort.postMessage({ id, changes: changes ? changes.map((c) => ({ value: c.value, added: !!c.added, removed: !!c.removed })) : null });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
