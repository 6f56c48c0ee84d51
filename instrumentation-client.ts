// Runs in the browser before the app's own modules (Next.js instrumentation-client).
// zod builds a faster parser with `new Function` when the page allows eval and
// probes for that when a schema is defined; the page's CSP has no 'unsafe-eval',
// so the probe, though caught, shows up as a CSP violation. jitless skips the
// probe and the compiled parser (client-side forms parse a few fields).
import { config } from "zod";

config({ jitless: true });
