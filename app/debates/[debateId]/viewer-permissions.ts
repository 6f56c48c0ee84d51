// The debate page shows only the actions the server would allow, by asking the
// same permission table (lib/domain/debate/permissions.ts) the services enforce.
import { can, type Action, type ActorContext } from "@/lib/domain/debate/permissions";
import type { DebateViewProps } from "@/lib/server/debate/page-data";

export type ViewerCan = (action: Action, extra?: Pick<ActorContext, "target" | "createKind" | "link" | "classCreatorId" | "classAnswered">) => boolean;

export function viewerPermissions(
  debate: Pick<DebateViewProps["debate"], "visibility" | "playMode" | "owner">,
  me: DebateViewProps["me"],
  viewerId: string | null,
): ViewerCan {
  const context = {
    userId: viewerId,
    membership: me as ActorContext["membership"],
    debate: { visibility: debate.visibility, playMode: debate.playMode, ownerId: debate.owner.id } as ActorContext["debate"],
  };
  return (action, extra = {}) => can(action, { ...context, ...extra });
}
