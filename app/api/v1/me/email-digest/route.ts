import { apiRoute } from "@/lib/http/route";
import { emailDigestEnabled, setEmailDigest } from "@/lib/server/mail/digest";
import { notificationSettingsSchema } from "@/lib/domain/users/validation";

export const GET = apiRoute({ auth: true }, async ({ actor }) => ({ emailDigest: await emailDigestEnabled(actor.id) }));

export const PUT = apiRoute({ auth: true, body: notificationSettingsSchema }, async ({ actor, body }) => setEmailDigest(actor.id, body.emailDigest));
