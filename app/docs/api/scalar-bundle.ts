import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

// Scalar's self-contained browser bundle (@scalar/api-reference, pinned in package.json),
// served from node_modules so that the API reference needs no CDN and works offline.

const packageDir = path.join(process.cwd(), "node_modules", "@scalar", "api-reference");

let version: string | undefined;
/** The installed version; the page asks for the bundle with ?v=<version>, so browsers may cache it for long. */
export function scalarVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

// Scalar's stylesheets declare its web fonts on fonts.scalar.com (even with withDefaultFonts off,
// the first layout loads them): a CDN that the CSP refuses (font-src 'self') and an offline
// machine cannot reach. Without these declarations the font stacks fall back to system fonts.
const WEB_FONT_FACE = /@font-face \{[^{}]*https:\/\/fonts\.scalar\.com\/[^{}]*\}/g;

/** The bundle without the web-font declarations (read once). */
export function withoutWebFonts(source: string): string {
  return source.replace(WEB_FONT_FACE, "");
}

let bundle: Promise<Buffer> | undefined;
export function scalarBundle(): Promise<Buffer> {
  bundle ??= readFile(path.join(packageDir, "dist", "browser", "standalone.js"), "utf8").then(
    (source) => Buffer.from(withoutWebFonts(source)),
    (error: unknown) => {
      bundle = undefined;
      throw error;
    },
  );
  return bundle;
}
