"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { api, errorText } from "@/app/components/api-client";

export function MemberActions({ debateId, userId, name, role }: { debateId: string; userId: string; name: string; role: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function run(method: "PATCH" | "DELETE" | "POST", body?: unknown, path = `/api/v1/debates/${debateId}/members/${userId}`) {
    try {
      await api(path, { method, body });
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="row">
      {role === "MODERATOR" ? (
        <button type="button" className="secondary" onClick={() => void run("PATCH", { role: "MEMBER" })}>Demote {name}</button>
      ) : (
        <button type="button" className="secondary" onClick={() => void run("PATCH", { role: "MODERATOR" })}>Make {name} moderator</button>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          if (window.confirm(`Make ${name} the owner of this debate? They get every owner right (settings, members, deleting); you stay as a moderator.`)) {
            void run("POST", { userId }, `/api/v1/debates/${debateId}/transfer`);
          }
        }}
      >
        Make {name} owner
      </button>
      <button type="button" className="danger" onClick={() => { if (window.confirm(`Remove ${name} from this debate?`)) void run("DELETE"); }}>Remove {name}</button>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </div>
  );
}
