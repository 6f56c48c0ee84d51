"use client";
import { useState } from "react";
import { api, errorText } from "@/app/components/api-client";
import type { NodeDetail } from "./node-detail";
import type { DebateViewProps } from "./view-model";

/** How a claim is settled: by argument, by experiment, or not within this debate. */
export function EmpiricalPanel({ debateId, node, me, onChanged }: { debateId: string; node: NodeDetail; me: DebateViewProps["me"]; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const canSet = me && (me.side !== "OBSERVER" || me.role !== "MEMBER");
  async function setMode(mode: string) {
    try {
      await api(`/api/v1/debates/${debateId}/nodes/${node.id}/mode`, { method: "PUT", body: { mode } });
      setError(null);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="stack">
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div className="row">
        <label htmlFor="resolution-mode" style={{ margin: 0 }}>Settled by</label>
        <select id="resolution-mode" value={node.resolutionMode} disabled={!canSet} onChange={(e) => void setMode(e.target.value)} style={{ width: "auto" }}>
          <option value="ARGUMENTATIVE">argument</option>
          <option value="EMPIRICAL">experiment (empirical)</option>
          <option value="OUT_OF_SCOPE">out of scope here</option>
        </select>
      </div>
    </div>
  );
}
