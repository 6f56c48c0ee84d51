import { apiRoute } from "@/lib/http/route";
import { signUp as signUpUser } from "@/lib/server/users/service";
import { signUp } from "@/lib/contracts/accounts";

export const POST = apiRoute(signUp, { maxBodyBytes: 8 * 1024 }, async ({ body, ip }) => ({ user: await signUpUser(body, ip) }));
