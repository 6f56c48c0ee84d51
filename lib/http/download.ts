import "server-only";

/** A text download (a report, a table): the file name made safe, never sniffed, never cached. */
export function downloadResponse(body: string, type: string, filename: string): Response {
  const dot = filename.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [filename.slice(0, dot), filename.slice(dot + 1)] : [filename, ""];
  const safeName = `${stem.replace(/[^a-zA-Z0-9_-]/g, "_")}${ext ? `.${ext.replace(/[^a-zA-Z0-9]/g, "")}` : ""}`;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": `${type}; charset=utf-8`,
      "content-disposition": `attachment; filename="${safeName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
