import { apiRoute } from "@/lib/http/route";
import { getProfile, updateProfile } from "@/lib/server/users/service";
import { deleteAccount } from "@/lib/server/users/delete-account";
import { deleteAccountSchema, updateProfileSchema } from "@/lib/domain/users/validation";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ user: await getProfile(actor.id) }));

export const PATCH = apiRoute({ auth: true, body: updateProfileSchema }, async ({ actor, body }) => ({
  user: await updateProfile(actor.id, body.displayName),
}));

export const DELETE = apiRoute({ auth: true, body: deleteAccountSchema }, async ({ actor, body }) => ({
  ok: true,
  ...(await deleteAccount(actor, body)),
}));
