// Runs once when the server starts (Node runtime only): a bad environment stops
// start-up with a message naming the variable.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidEnv } = await import("@/lib/env");
    exitOnInvalidEnv();
  }
}
