/**
 * A sorted copy by one key: nulls always last whatever the direction, ties broken
 * by nodeId so the order is stable. Shared by the revisit and agenda lists.
 */
export function sortByKey<T extends { nodeId: string }>(
  rows: readonly T[],
  key: (row: T) => number | string | null,
  direction: "asc" | "desc",
): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else if (ka !== kb) {
      return (ka < kb ? -1 : 1) * sign;
    }
    return a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0;
  });
}
