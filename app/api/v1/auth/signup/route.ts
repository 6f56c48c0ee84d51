import { apiRoute, created } from "@/lib/api/route";
import { signUp } from "@/lib/users/service";
import { signUpSchema } from "@/lib/users/validation";

export const POST = apiRoute({ auth: false, body: signUpSchema, maxBodyBytes: 8 * 1024 }, async ({ body, ip }) =>
  created({ user: await signUp(body, ip) }),
);
