import { readFileSync } from "node:fs";
import { expect, signedInContext, test } from "./fixtures";

// Paste a discussion thread on /import, review the proposed tree, move one reply under another, import, and find
// the tree with its quotes anchored (tests/fixtures/imports/thread.md, written for the tests).

test("a pasted thread is reviewed, one parent changed, and imported with its quotes anchored", async ({ browser, baseURL }) => {
  const { context, page } = await signedInContext(browser, baseURL, "thr");
  try {
    await page.goto("/import");
    await page.getByLabel("A pasted thread").check();
    await page.getByLabel("Paste a discussion thread").fill(readFileSync("tests/fixtures/imports/thread.md", "utf8"));
    await page.getByRole("button", { name: "Review" }).click();

    const review = page.getByTestId("thread-review");
    await expect(review.locator("tbody tr")).toHaveCount(7);
    await expect(page.getByTestId("review-row-3")).toContainText("quotes “People are tired on Fridays");
    await expect(page.getByTestId("review-row-4")).toContainText("Tomas");
    // Move 4 ("Is there data…") answers Tomas's reply (move 3), not the proposal.
    const parent4 = page.getByLabel("Parent of move 4");
    const options = await parent4.locator("option").allTextContents();
    await parent4.selectOption({ label: options.find((o) => o.startsWith("3."))! });
    await page.getByLabel("Kind of move 4").selectOption("QUESTION");

    await page.getByRole("button", { name: "Import this tree" }).click();
    await expect(page.getByTestId("import-report")).toContainText("3 quoting replies attached to the passages they quote");
    await page.getByRole("link", { name: "Open the debate" }).click();
    await page.waitForURL(/\/debates\/[A-Za-z0-9_-]+$/);
    await expect(page.getByText("Is there data on who actually leaves early?").first()).toBeVisible();

    const debateId = new URL(page.url()).pathname.split("/").pop()!;
    const tree = (await (await context.request.get(`/api/v1/debates/${debateId}/tree`)).json()) as {
      nodes: { id: string; parentId: string | null; kind: string; body: string; quoteText: string | null; quoteStart: number | null; quoteEnd: number | null }[];
    };
    const byStart = (prefix: string) => tree.nodes.find((n) => n.body.startsWith(prefix))!;
    const tomas = byStart("That is true for the office team");
    expect(byStart("Is there data")).toMatchObject({ parentId: tomas.id, kind: "QUESTION" });
    expect(tomas).toMatchObject({ parentId: byStart("We should move the team retro").id, quoteText: "People are tired on Fridays and half the team leaves early." });
    expect(byStart("We could start at half past ten")).toMatchObject({ parentId: tomas.id, quoteText: "the support rota works Tuesdays from eight" });
    for (const n of tree.nodes.filter((m) => m.quoteText)) expect(n.quoteEnd! - n.quoteStart!).toBe(n.quoteText!.length);
  } finally {
    await context.close();
  }
});
