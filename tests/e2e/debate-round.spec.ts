import type { Page } from "@playwright/test";
import {
  createApiToken,
  createDebateViaApi,
  debatePage,
  expect,
  originOf,
  postFromOpenForm,
  selectText,
  signedInContext,
  test,
} from "./fixtures";

/** Fails the test if any dialog (alert/confirm/prompt) opens on the page. */
function forbidDialogs(page: Page, opened: string[]) {
  page.on("dialog", (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

test("a full round between a Builder and a Breaker in two browsers", async ({ page, user, browser, baseURL }) => {
  test.setTimeout(150_000);
  const a = debatePage(page);
  const title = `Round ${user.username}`;
  const proposal = "Route every customer email through a keyword filter before a human reads it.";

  await test.step("A creates a debate as Builder through the form", async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "New debate" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Proposal (Markdown)").fill(proposal);
    await page.getByLabel("Context (optional)").fill("Support inbox triage");
    await expect(page.getByLabel("Your side")).toHaveValue("BUILDER");
    await page.getByRole("button", { name: "Create debate" }).click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(page.getByTestId("my-side")).toHaveText("builder");
    await expect(page.getByTestId("current-status")).toHaveText("stands");
  });
  const debateUrl = new URL(page.url()).pathname;

  const b = await signedInContext(browser, baseURL, "breaker");
  const bp = debatePage(b.page);
  try {
    await test.step("B opens it, joins as Breaker and posts a counterexample", async () => {
      await b.page.goto(debateUrl);
      await b.page.getByRole("button", { name: "Join as Breaker" }).click();
      await expect(b.page.getByTestId("my-side")).toHaveText("breaker");
      await bp.open(title);
      await bp.reply("Counterexample", {
        title: "Misspelled keywords",
        body: "A customer writes *refnud* instead of refund; the keyword filter misses it and nobody reads the email.",
      });
      await expect(bp.treeItem("Misspelled keywords")).toBeVisible();
      await expect(bp.panel).toContainText("breaks v1");
    });

    await test.step("A sees it and answers with a patch (v2)", async () => {
      await page.reload();
      await expect(a.treeItem("Misspelled keywords")).toBeVisible();
      await expect(page.getByTestId("current-status")).toHaveText("broken by 1");
      await a.open("Misspelled keywords");
      await a.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = page.getByRole("form", { name: "Post a move" });
      await expect(form.getByRole("radio", { name: "Patch" })).toBeChecked();
      await expect(form.getByRole("checkbox", { name: "Misspelled keywords" })).toBeChecked();
      await postFromOpenForm(page, "Patch", {
        title: "Fuzzy matching",
        body: "Match keywords with an edit distance of two, so misspellings still route the email.",
        proposal: `${proposal} Keywords match with an edit distance of up to two.`,
      });
      await expect(a.treeItem("Fuzzy matching")).toBeVisible();
      await expect(a.panel.getByTestId("version-diff")).toContainText("edit distance");
      await expect(page.getByTestId("current-status")).toHaveText("stands");

      await a.tab("Scoreboard").click();
      const versions = page.getByRole("list", { name: "Proposal versions" });
      await expect(versions.getByRole("listitem").filter({ hasText: "Version 1" })).toContainText("broken");
      await expect(versions.getByRole("listitem").filter({ hasText: "Version 2" })).toContainText("stands");
      await expect(page.getByRole("table", { name: "Coverage of versions by counterexamples" })).toContainText("answered by v2");
      await a.tab("Tree").click();
    });

    await test.step("B sees the patch and posts a rebuttal to it", async () => {
      await b.page.reload();
      await bp.open("Fuzzy matching");
      await bp.reply("Rebuttal", {
        title: "Too many false matches",
        body: "An edit distance of two turns fund into refund, so the filter now flags half the inbox.",
      });
      await expect(bp.treeItem("Too many false matches")).toBeVisible();
    });

    await test.step("A quote-replies to a passage of B's rebuttal", async () => {
      await page.reload();
      await a.open("Too many false matches");
      await selectText(page, "node-body", "turns fund into refund");
      await a.panel.getByRole("button", { name: "Quote selection" }).click();
      await expect(a.panel.getByText("Quoting: “turns fund into refund”")).toBeVisible();
      await postFromOpenForm(page, "Comment", { title: "Only whole words", body: "We match whole words only, so fund stays fund." });
      await expect(a.panel.getByTestId("node-quote")).toHaveText("turns fund into refund");
      await expect(a.treeItem("Only whole words")).toBeVisible();
    });

    await test.step("both see each other's moves", async () => {
      await b.page.reload();
      for (const label of ["Misspelled keywords", "Fuzzy matching", "Too many false matches", "Only whole words"]) {
        await expect(bp.treeItem(label)).toBeVisible();
        await expect(a.treeItem(label)).toBeVisible();
      }
      await bp.open("Only whole words");
      await expect(bp.panel.getByTestId("node-quote")).toHaveText("turns fund into refund");
      await expect(bp.panel).toContainText(user.displayName);
    });

    await test.step("A edits the patch and reads its revision history", async () => {
      await a.open("Fuzzy matching");
      await a.panel.getByRole("button", { name: "Edit", exact: true }).click();
      await page.getByLabel("Text", { exact: true }).fill("Match keywords with an edit distance of one, on whole words only.");
      await page.getByRole("button", { name: "Save revision 2" }).click();
      await expect(a.panel.getByTestId("node-body")).toContainText("edit distance of one");
      await expect(a.panel).toContainText("revision 2");
      await a.panel.getByRole("button", { name: "History" }).click();
      const history = page.getByRole("region", { name: "Revision history" });
      await expect(history.getByRole("listitem").filter({ hasText: "Revision 1" })).toContainText("edit distance of two");
      await expect(history.getByRole("listitem").filter({ hasText: "Revision 2" })).toContainText("edit distance of one");
    });

    await test.step("a stale edit gets a conflict message", async () => {
      await a.panel.getByRole("button", { name: "Edit", exact: true }).click();
      await page.getByLabel("Text", { exact: true }).fill("My edit, started from revision 2.");
      // Meanwhile the same node is edited elsewhere (another tab of A).
      const nodeId = await page.getByRole("treeitem", { selected: true }).getAttribute("data-node-id");
      const debateId = debateUrl.split("/").pop();
      const other = await page.context().request.patch(`/api/v1/debates/${debateId}/nodes/${nodeId}`, {
        headers: originOf(baseURL),
        data: { body: "Edited in another tab.", revision: 2 },
      });
      expect(other.status()).toBe(200);
      await page.getByRole("button", { name: "Save revision 3" }).click();
      await expect(page.getByRole("form", { name: "Edit this move" }).getByRole("alert")).toContainText("changed since you opened it");
    });

    await test.step("A retracts the comment", async () => {
      await a.open("Only whole words");
      await a.panel.getByRole("button", { name: "Retract" }).click();
      await expect(a.panel.locator(".badge.retracted")).toHaveText("retracted");
      await expect(a.treeItem("Only whole words")).toContainText("retracted");
      await b.page.reload();
      await expect(bp.treeItem("Only whole words")).toContainText("retracted");
    });
  } finally {
    await b.context.close();
  }
});

test("a private debate is a 404 for a non-member", async ({ page, user, browser, baseURL, context }) => {
  const token = await createApiToken(context, baseURL);
  const debate = await createDebateViaApi(page.request, token, {
    title: `Private ${user.username}`,
    proposal: "Members only.",
    visibility: "PRIVATE",
  });
  const own = await page.goto(`/debates/${debate.id}`);
  expect(own?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: `Private ${user.username}` })).toBeVisible();

  const stranger = await signedInContext(browser, baseURL, "stranger");
  try {
    const response = await stranger.page.goto(`/debates/${debate.id}`);
    expect(response?.status()).toBe(404);
    await expect(stranger.page.getByText(`Private ${user.username}`)).toHaveCount(0);
    const api = await stranger.context.request.get(`/api/v1/debates/${debate.id}`);
    expect(api.status()).toBe(404);
  } finally {
    await stranger.context.close();
  }
});

test("Markdown in a move cannot run script or javascript: links", async ({ page, user, browser, baseURL }) => {
  const dialogs: string[] = [];
  forbidDialogs(page, dialogs);
  const title = `Markdown ${user.username}`;
  await page.goto("/debates/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Proposal (Markdown)").fill("A plain proposal.\n\n<script>alert('proposal')</script>");
  await page.getByRole("button", { name: "Create debate" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const a = debatePage(page);
  await a.open(title);
  await a.reply("Comment", {
    title: "Hostile markdown",
    body: "Hello <script>alert(1)</script> and [x](javascript:alert(1)) and <img src=x onerror=alert(2)> and [ok](https://example.org/).",
  });
  const body = a.panel.getByTestId("node-body");
  await expect(body).toContainText("Hello");
  await expect(body.getByRole("link", { name: "ok" })).toHaveAttribute("href", "https://example.org/");
  const x = body.getByText("x", { exact: true });
  await expect(x).toBeVisible();
  if (await x.evaluate((el) => el.tagName === "A")) {
    await x.click(); // a sanitized link must not run anything
  }
  await expect(page.locator('[href^="javascript:" i], [src^="javascript:" i]')).toHaveCount(0);
  await expect(page.locator("[onerror], [onclick], [onload]")).toHaveCount(0);
  await expect(body.locator("script, img, iframe")).toHaveCount(0);

  // Another reader opening it after a fresh load.
  const reader = await signedInContext(browser, baseURL, "reader");
  forbidDialogs(reader.page, dialogs);
  try {
    await reader.page.goto(new URL(page.url()).pathname);
    const r = debatePage(reader.page);
    await r.open("Hostile markdown");
    await expect(r.panel.getByTestId("node-body")).toContainText("Hello");
    await expect(reader.page.locator('[href^="javascript:" i]')).toHaveCount(0);
  } finally {
    await reader.context.close();
  }
  expect(dialogs).toEqual([]);
});
