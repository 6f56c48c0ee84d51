// `npm run user -- reset-password <username|email> [--base-url=<url>] [--expires-in=<minutes>]`
//
// The operator's answer to a forgotten password on a server without mail: prints a
// one-time link (`<base>/reset-password?token=…`) to hand to the user. The link works
// once, expires (60 minutes unless told), replaces earlier unused links for the account,
// and is stored only as a SHA-256. Setting the new password signs the account out everywhere.
import { createPasswordReset, resetLink, RESET_TTL_SECONDS } from "@/lib/server/auth/password-reset";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/domain/errors";
import { findUserByLogin } from "@/lib/server/users/service";
import { runCli } from "./lib/run-cli";

const USAGE = "Usage: npm run user -- reset-password <username|email> [--base-url=https://debates.example.org] [--expires-in=<minutes, 1–10080>]";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const [command, login, ...extra] = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) => a.startsWith("--") && !/^--(base-url|expires-in)=/.test(a));
  if (command !== "reset-password" || !login || extra.length || unknown.length || args.includes("--help")) {
    console.error(unknown.length ? `Unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const minutes = flag("expires-in") === undefined ? RESET_TTL_SECONDS / 60 : Number(flag("expires-in"));
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) {
    console.error(`--expires-in must be a whole number of minutes from 1 to 10080\n${USAGE}`);
    return 2;
  }
  const base = baseUrl(flag("base-url"));
  if (!base) {
    console.error(`--base-url must be an http(s) URL such as https://debates.example.org\n${USAGE}`);
    return 2;
  }
  const user = await findUserByLogin(login);
  if (!user) {
    console.error(`No user with the username or email ${JSON.stringify(login)}.`);
    return 1;
  }
  const { secret, expiresAt } = await createPasswordReset(user.id, minutes * 60);
  console.error(`One-time reset link for ${user.username}, valid until ${expiresAt.toISOString()} (earlier links for this account no longer work):`);
  console.log(resetLink(base, secret));
  return 0;
}

/** --base-url, else NEXTAUTH_URL, else the local server's address. */
function baseUrl(flagValue: string | undefined): string | undefined {
  const raw = flagValue ?? env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString().replace(/\/+$/, "") : undefined;
  } catch {
    return undefined;
  }
}

runCli(main, {
  prefix: "Reset failed: ",
  whenLocked: "stop the server, create the link, start the server again (or use PostgreSQL, which allows both at once).",
  expected: (e) => (e instanceof AppError ? `Reset failed: ${e.message}` : undefined),
});
