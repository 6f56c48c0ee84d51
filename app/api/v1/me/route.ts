import { apiRoute } from "@/lib/api/route";
import { getProfile, updateProfile } from "@/lib/users/service";
import { updateProfileSchema } from "@/lib/users/validation";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ user: await getProfile(actor.id) }));

export const PATCH = apiRoute({ auth: true, body: updateProfileSchema }, async ({ actor, body }) => ({
  user: await updateProfile(actor.id, body.displayName),
}));
