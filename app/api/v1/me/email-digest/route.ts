import { apiRoute } from "@/lib/http/route";
import { emailDigestEnabled, setEmailDigest as setDigest } from "@/lib/server/mail/digest";
import { getEmailDigest, setEmailDigest } from "@/lib/contracts/accounts";

export const GET = apiRoute(getEmailDigest, async ({ actor }) => ({ emailDigest: await emailDigestEnabled(actor.id) }));

export const PUT = apiRoute(setEmailDigest, async ({ actor, body }) => setDigest(actor.id, body.emailDigest));
