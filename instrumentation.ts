// Runs once when the server starts (Node runtime only): a bad environment stops
// start-up with a message naming the variable, every request from then on carries
// its socket's address for per-client rate limits (lib/http/peer-address.ts), and
// with SMTP_URL the digest timer starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env, exitOnInvalidEnv } = await import("@/lib/server/env");
    exitOnInvalidEnv();
    const { installPeerAddressStamp } = await import("@/lib/http/peer-address");
    installPeerAddressStamp();
    if (env().SMTP_URL) (await import("@/lib/server/mail/scheduler")).startDigestTimer();
  }
}
