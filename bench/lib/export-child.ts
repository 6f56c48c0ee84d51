// One export measured in a fresh process (spawned by bench/export.ts), so its
// RSS is that of one export and nothing else: `node --expose-gc --import tsx
// bench/lib/export-child.ts <debateId> <format>` with the app env of the bench database.
// Prints one JSON line: { ms, bytes, idleRss, peakRss, maxRss }.
import { closeDb, db } from "@/lib/db/client";
import { isExportFormat } from "@/lib/formats";
import { exportDebateFor } from "@/lib/transfer/export";

const [debateId, format] = process.argv.slice(2);
if (!debateId || !format || !isExportFormat(format)) throw new Error("usage: export-child.ts <debateId> <format>");

await db().$queryRaw`SELECT 1`; // open the database (PGlite: start the WASM instance) before measuring
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
await new Promise((r) => setTimeout(r, 100));
gc?.();
const idleRss = process.memoryUsage().rss;
let peakRss = idleRss;
const timer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 2);

const started = performance.now();
const result = await exportDebateFor(null, debateId, format);
let bytes = 0;
for await (const chunk of result.chunks) bytes += Buffer.byteLength(chunk);
const ms = performance.now() - started;
clearInterval(timer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ ms, bytes, idleRss, peakRss, maxRss }));
await closeDb();
