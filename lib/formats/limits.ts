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

export function resolveLimits(overrides?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}
