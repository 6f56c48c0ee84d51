import { apiRoute } from "@/lib/http/route";
import { getProfile, updateProfile } from "@/lib/server/users/service";
import { deleteAccount } from "@/lib/server/users/delete-account";
import { deleteMe, getMe, updateMe } from "@/lib/contracts/accounts";

export const GET = apiRoute(getMe, async ({ actor }) => ({ user: await getProfile(actor.id) }));

export const PATCH = apiRoute(updateMe, async ({ actor, body }) => ({ user: await updateProfile(actor.id, body.displayName) }));

export const DELETE = apiRoute(deleteMe, async ({ actor, body }) => deleteAccount(actor, body));
