import { bearer, createApiToken, expect, signedInContext, test } from "./fixtures";

// #17: a debate past the page's whole-debate size (2,000 moves) shows its first rows without
// waiting for its analyses, which come next (worked out once, in a worker thread); its long
// lists (the scoreboard's counterexamples, the frontier) are shown a hundred at a time.

const CLAIMS = 2_400;

/** A Kialo outline: a thesis, every third claim a Con (a Breaker counterexample), the rest Pro. */
function outline(title: string): string {
  const lines = [`Discussion Title: ${title}`, "", `1. ${title}`];
  for (let i = 1; i <= CLAIMS; i++) lines.push(`1.${i}. ${i % 3 === 0 ? "Con" : "Pro"}: Claim ${i} about the ferry timetable.`);
  return `${lines.join("\n")}\n`;
}

test("a debate of 2,400 moves: rows at once, then its standing; the scoreboard a hundred counterexamples at a time", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedInContext(browser, baseURL, "large");
  try {
    const token = await createApiToken(context, baseURL);
    const title = "Should the harbour ferry run all night";
    const imported = await context.request.post("/api/v1/debates/import?format=kialo&visibility=PUBLIC", {
      headers: { ...bearer(token), "content-type": "text/plain" },
      data: outline(title),
    });
    expect(imported.status(), await imported.text()).toBe(201);
    const { debate } = (await imported.json()) as { debate: { id: string } };

    // The first answer carries the rows and says the analyses are still being worked out.
    const first = page.waitForResponse((r) => r.url().includes(`/debates/${debate.id}/overview?analysis=later`));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/debates/${debate.id}`);
    const early = (await (await first).json()) as { analysisPending?: boolean; nodes: unknown[] };
    expect(early.analysisPending).toBe(true);
    expect(early.nodes.length).toBeLessThan(CLAIMS);
    await expect(page.getByRole("treeitem").first()).toBeVisible();

    // Then the standing (worked out meanwhile) and the scoreboard of its 800 Cons.
    await expect(page.getByTestId("current-status")).toHaveText(/^(stands|broken)$/i, { timeout: 60_000 });
    await expect(page.getByText("Working out the standing…")).toHaveCount(0);
    await page.getByRole("tab", { name: "Scoreboard" }).click();
    const table = page.getByRole("table", { name: "Coverage of versions by counterexamples" });
    await expect(page.getByText(`Showing 100 of ${(CLAIMS / 3).toLocaleString("en-US")}.`)).toBeVisible();
    await expect(table.locator("thead th")).toHaveCount(101); // "Version" and 100 counterexamples
    await page.getByRole("button", { name: "Show 100 more" }).click();
    await expect(page.getByText(`Showing 200 of ${(CLAIMS / 3).toLocaleString("en-US")}.`)).toBeVisible();
    await expect(table.locator("thead th")).toHaveCount(201);
    // The 200th Con (Claim 600) is past the rows loaded so far: opening it reads it with its ancestors.
    const last = table.locator("thead th a").nth(199);
    await last.click();
    await expect(page.getByRole("region", { name: "Selected move" })).toContainText("Claim 600 about the ferry timetable.");
    await expect(page).toHaveURL(/#node-/);
    expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(4_000);
  } finally {
    await context.close();
  }
});
