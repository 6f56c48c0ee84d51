// A large debate's analyses off the main thread (#17): started per job by analyseInWorker
// (overview.ts), it runs analysis-job.ts from source through tsx (as `npm start` runs its
// scripts) and ends when done, so the memory of 100,000 rows goes back to the system.
// Loaded by path, like the PGlite worker: next start, tsx and Vitest share it.
import { register } from "tsx/esm/api";

register();
await import(new URL("./analysis-job.ts", import.meta.url).href);
