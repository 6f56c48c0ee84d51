import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The path of a plain `.mjs` worker script under lib/server, loaded by path rather than bundled,
 * so next start, tsx and Vitest all run the same file: beside the calling module when it runs
 * from source (pass its `import.meta.dirname`), else from the repository root (a Next bundle).
 */
export function workerScriptPath(callerDir: string | undefined, fromRoot: readonly string[]): string {
  const beside = typeof callerDir === "string" ? path.join(callerDir, fromRoot[fromRoot.length - 1]!) : "";
  if (beside && existsSync(beside)) return beside;
  return path.join(/* turbopackIgnore: true */ process.cwd(), ...fromRoot);
}
