// Import limits. Stated once, enforced by every importer before any heavy work.

export interface ImportLimits {
  /** Maximum input size in UTF-8 bytes (default 20 MB). */
  maxBytes: number;
  /** Maximum number of debate nodes (default 100,000). */
  maxNodes: number;
  /** Maximum tree depth; the root has depth 0 (default 1,000). */
  maxDepth: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxNodes: 100_000,
  maxDepth: 1_000,
});

/** The upload limit the import route and the import form both state (the default maxBytes). */
export const IMPORT_MAX_BYTES = DEFAULT_IMPORT_LIMITS.maxBytes;
export const IMPORT_MAX_MB = Math.round(IMPORT_MAX_BYTES / (1024 * 1024));

export function resolveLimits(overrides?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}

/** UTF-8 size of a string (or of text[start, end), which must not split a surrogate pair) without allocating a 20 MB buffer. */
export function utf8ByteLength(text: string, start = 0, end = text.length): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // surrogate pair
      i++;
    } else bytes += 3;
  }
  return bytes;
}
