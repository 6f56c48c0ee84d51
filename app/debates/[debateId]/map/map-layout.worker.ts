// The map's layout thread: dagre positions the drawn graph here, off the main thread,
// so a big layout never freezes the page (ArgumentMap asks through map-positions.ts).
import { positionMapGraph, type MapGraph, type MapPositions } from "@/lib/domain/debate/map-layout";

export interface LayoutRequest {
  id: number;
  graph: MapGraph;
}
export type LayoutReply = { id: number; positions: MapPositions } | { id: number; error: string };

// The worker's global scope, typed without the webworker lib (the project compiles with the DOM lib).
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(reply: LayoutReply): void;
};

scope.onmessage = (event) => {
  const { id, graph } = event.data;
  try {
    scope.postMessage({ id, positions: positionMapGraph(graph) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
