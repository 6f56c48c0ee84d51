import { readFileSync } from "node:fs";
import { expect, signedInContext, test } from "./fixtures";

// Downloads every export format from the demo debate page, then imports a Kialo
// outline through /import and lands on the new debate.

const DEMO_TITLE = "Can a weaker trusted monitor catch a deceptive assistant?";

const FORMATS: [string, string, RegExp][] = [
  ["json", ".json", /^application\/json/],
  ["markdown", ".md", /^text\/markdown/],
  ["argdown", ".argdown", /^text\/plain/],
  ["aif", ".aif.json", /^application\/json/],
  ["kialo", ".kialo.txt", /^text\/plain/],
  ["dot", ".dot", /^text\/vnd\.graphviz/],
  ["graphml", ".graphml", /^application\/graphml\+xml/],
  ["svg", ".svg", /^image\/svg\+xml/],
];

test("every export format downloads from the demo debate page", async ({ page, request }) => {
  const list = await request.get(`/api/v1/debates?q=${encodeURIComponent("weaker trusted monitor")}`);
  const { debates } = (await list.json()) as { debates: { id: string; title: string }[] };
  const demo = debates.find((d) => d.title === DEMO_TITLE);
  expect(demo, "the demo debate is seeded").toBeTruthy();
  await page.goto(`/debates/${demo!.id}`);
  const select = page.locator("#export-format");
  const link = page.getByTestId("export-download");
  for (const [format, extension, contentType] of FORMATS) {
    await select.selectOption(format);
    await expect(link).toHaveAttribute("href", new RegExp(`format=${format}&`));
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^[a-z0-9-]+${extension.replace(/\./g, "\\.")}$`));
    const path = await download.path();
    const text = readFileSync(path, "utf8");
    expect(text.length, format).toBeGreaterThan(200);
    const response = await request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(contentType);
    expect(response.headers()["content-disposition"]).toContain(`filename="`);
  }
});

test("a Kialo outline imports through /import as a new private debate", async ({ browser, baseURL }) => {
  const { context, page } = await signedInContext(browser, baseURL, "imp");
  try {
    await page.goto("/import");
    await expect(page.getByRole("heading", { name: "Import a debate" })).toBeVisible();

    // A broken file first: the error names the line.
    await page.locator("#import-file").setInputFiles({
      name: "broken.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Discussion Title: Broken\n\n1. Broken\n1.1.1.1. Pro: skips levels\n"),
    });
    await expect(page.locator("#import-format")).toHaveValue("kialo");
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("import-error")).toContainText("line 4");

    const outline = [
      "Discussion Title: Should the team adopt trunk-based development?",
      "",
      "1. Should the team adopt trunk-based development?",
      "1.1. Con: Long-running features break the main branch.",
      "1.1.1. Pro: Feature flags keep unfinished work dark.",
      "1.2. Pro: Smaller merges mean fewer conflicts.",
      "",
    ].join("\n");
    await page.locator("#import-file").setInputFiles({ name: "trunk.txt", mimeType: "text/plain", buffer: Buffer.from(outline) });
    await page.getByRole("button", { name: "Import" }).click();
    await page.waitForURL(/\/debates\/[A-Za-z0-9_-]+$/);
    await expect(page.getByRole("heading", { name: "Should the team adopt trunk-based development?" })).toBeVisible();
    await expect(page.getByText("Feature flags keep unfinished work dark.")).toBeVisible();
  } finally {
    await context.close();
  }
});
