// The digest timer of a server process (started by instrumentation.ts when SMTP_URL is
// set). Every few minutes it sends the digests that are due; lib/server/mail/digest.ts makes
// concurrent runs in several processes safe, so no leader election is needed.

import "server-only";
import { sendDueDigests } from "@/lib/server/mail/digest";
import { log } from "@/lib/server/log";

const TICK_MS = 5 * 60 * 1000;
let timer: NodeJS.Timeout | undefined;
let running = false;

export function startDigestTimer(): void {
  if (timer) return;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    sendDueDigests()
      .catch((error: unknown) => log().error({ err: error }, "[digest] run failed"))
      .finally(() => (running = false));
  }, TICK_MS);
  timer.unref();
}
