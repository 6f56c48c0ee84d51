// Colours shared by the picture formats: Builder blue, Breaker orange-red, observers grey.
import type { Side } from "../document";

export const SIDE_COLOURS: Record<Side, { fill: string; stroke: string }> = {
  BUILDER: { fill: "#dbeafe", stroke: "#1d4ed8" },
  BREAKER: { fill: "#ffedd5", stroke: "#c2410c" },
  OBSERVER: { fill: "#f3f4f6", stroke: "#6b7280" },
};
