"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi, errorText } from "@/lib/client/api";
import { removeMember, setMemberRole, transferOwnership } from "@/lib/contracts/debates";

export function MemberActions({ debateId, userId, name, role }: { debateId: string; userId: string; name: string; role: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const params = { debateId, userId };
  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="row">
      {role === "MODERATOR" ? (
        <button type="button" className="secondary" onClick={() => void run(() => callApi(setMemberRole, { params, body: { role: "MEMBER" } }))}>Demote {name}</button>
      ) : (
        <button type="button" className="secondary" onClick={() => void run(() => callApi(setMemberRole, { params, body: { role: "MODERATOR" } }))}>Make {name} moderator</button>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          if (window.confirm(`Make ${name} the owner of this debate? They get every owner right (settings, members, deleting); you stay as a moderator.`)) {
            void run(() => callApi(transferOwnership, { params: { debateId }, body: { userId } }));
          }
        }}
      >
        Make {name} owner
      </button>
      <button type="button" className="danger" onClick={() => { if (window.confirm(`Remove ${name} from this debate?`)) void run(() => callApi(removeMember, { params })); }}>Remove {name}</button>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </div>
  );
}
