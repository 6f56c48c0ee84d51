import fc from "fast-check";

// Property tests explore new random cases on every local run. CI pins the seed
// (FC_SEED overrides it) so that a landing is not decided by which cases a run
// happened to draw; a failure prints its seed for replay either way.
if (process.env.CI || process.env.FC_SEED) {
  fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_122) });
}
