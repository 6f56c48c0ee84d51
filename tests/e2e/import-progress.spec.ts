import { expect, signedInContext, test } from "./fixtures";

// A large import shows how far it is (#15): the upload as a progressbar with bytes and percent
// (the connection is throttled so the upload takes a few seconds), then the server's phase with
// the time it has taken; a failure says where it stopped and that nothing was imported.

/** A Kialo outline of about `megabytes`: a thesis and claims with long texts. */
function bigOutline(title: string, megabytes: number, broken = false): string {
  const lines = [`Discussion Title: ${title}`, "", `1. ${title}`];
  const filler = "An argument written out at length, the way people write when a point matters to them. ".repeat(60);
  let size = 0;
  for (let i = 1; size < megabytes * 1024 * 1024; i++) {
    const line = `1.${i}. ${i % 3 ? "Pro" : "Con"}: Claim ${i}. ${filler}`;
    lines.push(line);
    size += line.length + 1;
  }
  if (broken) lines.push("1.9999.1.1. Pro: skips levels");
  return `${lines.join("\n")}\n`;
}

const UPLOAD_BYTES_PER_SECOND = 3 * 1024 * 1024;

test("a large import shows upload progress, then the server's phase and elapsed time, then opens the debate", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await signedInContext(browser, baseURL, "prog");
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND });

    const title = "Should the harbour ferry run all night?";
    const file = Buffer.from(bigOutline(title, 9));
    await page.goto("/import");
    await page.locator("#import-file").setInputFiles({ name: "harbour.txt", mimeType: "text/plain", buffer: file });
    await page.getByRole("button", { name: "Import" }).click();

    const bar = page.getByRole("progressbar", { name: "Upload" });
    await expect(bar).toBeVisible({ timeout: 5_000 });
    // Percent and bytes move while the file goes out.
    const seen = new Set<number>();
    await expect
      .poll(async () => {
        seen.add(Number(await bar.getAttribute("aria-valuenow")));
        return seen.size;
      }, { timeout: 20_000, intervals: [150] })
      .toBeGreaterThan(2);
    await expect(page.getByTestId("import-upload-text")).toContainText(/MB of 9\.\d MB \(\d+%\)|MB sent/);
    await page.screenshot({ path: testInfo.outputPath("import-progress-1280.png") });

    // Then the server's phase, with the time taken so far.
    await expect(page.getByTestId("import-phase")).toHaveText("Reading it and writing the debate…", { timeout: 30_000 });
    await expect(bar).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByTestId("import-elapsed")).toHaveText(/^\d+ s elapsed$/);
    await page.screenshot({ path: testInfo.outputPath("import-phase-1280.png") });

    await page.waitForURL(/\/debates\/[A-Za-z0-9_-]+$/, { timeout: 120_000 });
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("a large import that fails says at which stage, where in the file, and that nothing was imported (phone width)", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { context, page } = await signedInContext(browser, baseURL, "progfail");
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND });
    await page.goto("/import");
    await page.locator("#import-file").setInputFiles({ name: "broken.txt", mimeType: "text/plain", buffer: Buffer.from(bigOutline("Broken at the end", 6, true)) });
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("progressbar", { name: "Upload" })).toBeVisible({ timeout: 5_000 });
    await page.screenshot({ path: testInfo.outputPath("import-progress-390.png") });
    const error = page.getByTestId("import-error");
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toContainText("while the server read the file");
    await expect(error).toContainText("nothing was imported");
    await expect(error).toContainText(/line \d+/);
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import" })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath("import-failed-390.png") });
  } finally {
    await context.close();
  }
});
