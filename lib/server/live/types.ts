/** One row of the debate event log as the live layer sees it. */

import "server-only";
export interface LiveEvent {
  seq: bigint;
  debateId: string;
  type: string;
  nodeId: string | null;
  actorId: string | null;
  createdAt: Date;
  payload: unknown;
}

export const liveEventSelect = {
  seq: true,
  debateId: true,
  type: true,
  nodeId: true,
  actorId: true,
  createdAt: true,
  payload: true,
} as const;

/** A Set that forgets its oldest entries beyond `limit` (insertion order). */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  constructor(private readonly limit: number) {}
  has(value: T): boolean {
    return this.items.has(value);
  }
  add(value: T): void {
    this.items.add(value);
    if (this.items.size > this.limit) {
      const oldest = this.items.values().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
  }
}
