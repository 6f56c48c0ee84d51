import { apiRoute, created } from "@/lib/http/route";
import { signUp } from "@/lib/server/users/service";
import { signUpSchema } from "@/lib/domain/users/validation";

export const POST = apiRoute({ auth: false, body: signUpSchema, maxBodyBytes: 8 * 1024 }, async ({ body, ip }) =>
  created({ user: await signUp(body, ip) }),
);
