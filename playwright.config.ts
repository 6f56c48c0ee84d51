import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against a production build (scripts/e2e-server.ts: the
// integration tests' `.next-test`) on its own port and fresh PGlite data dir.
// Chromium is Debian's (no downloads).
const PORT = Number(process.env.E2E_PORT ?? 3111);
const baseURL = `http://127.0.0.1:${PORT}`;
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  // Screenshot baselines (toHaveScreenshot) live next to their spec and name only the
  // spec, the screenshot, the project and the OS: never the port, dist dir or checkout.
  snapshotPathTemplate: "{testDir}/{testFilePath}-snapshots/{arg}{-projectName}{-platform}{ext}",
  // Two cores, one embedded database (one query at a time): two files at a time.
  workers: 2,
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.E2E_JSON_REPORT ?? "test-results/e2e-report.json" }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-gpu",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/v1/debates?limit=1`,
    env: { E2E_PORT: String(PORT) },
    // A run with no fresh build builds the app (about 2–3 minutes on two cores);
    // in `npm test` the integration pass has already built it.
    timeout: 300_000,
    reuseExistingServer: !CI && process.env.E2E_REUSE_SERVER === "1",
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
