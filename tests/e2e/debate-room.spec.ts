import type { Page } from "@playwright/test";
import {
  bearer,
  createApiToken,
  createDebateViaApi,
  debatePage,
  debateWithBreaker,
  expect,
  newUserData,
  postFromOpenForm,
  postNodeViaApi,
  selectText,
  signInViaApi,
  signUpViaApi,
  test,
} from "./fixtures";

// The debate room's "broken today" list of issue #13: quoting formatted text, the
// scoreboard / frontier / stuck banner agreeing, and the page at phone width.

test("quoting a passage that runs across bold text and a link posts an anchored quote-reply", async ({ page, user, baseURL }) => {
  const token = await createApiToken(page.context(), baseURL);
  const title = `Quote ${user.username}`;
  const debate = await createDebateViaApi(page.request, token, {
    title,
    proposal: "Rotate the keys **every ninety days** and keep the [audit log](https://example.org/audit) for `seven` years.\n\nNothing else changes.",
    side: "BUILDER",
  });
  const room = debatePage(page);
  await page.goto(`/debates/${debate.id}`);
  await room.open(title);
  const passage = "keys every ninety days and keep the audit log for seven years";
  await selectText(page, "node-body", passage);
  await room.panel.getByRole("button", { name: "Quote selection" }).click();
  await expect(room.panel.getByText(`Quoting: “${passage}”`)).toBeVisible();
  await postFromOpenForm(page, "Comment", { title: "Why seven", body: "Seven years is longer than any audit needs." });
  await expect(room.panel.getByTestId("node-quote")).toHaveText(passage);
  await expect(room.treeItem("Why seven")).toBeVisible();

  // The quote is anchored in the parent's rendered text, as stored and as read back.
  const replyId = new URL(page.url()).hash.replace("#node-", "");
  const response = await page.request.get(`/api/v1/debates/${debate.id}/nodes/${replyId}`);
  const { node } = (await response.json()) as { node: { quoteText: string; quoteStart: number; quoteEnd: number } };
  expect(node.quoteText).toBe(passage);
  expect(node.quoteEnd - node.quoteStart).toBe(passage.length);
});

test("the scoreboard, the frontier and the stuck banner agree on a pending and on a refuted rebuttal", async ({ page, user, browser, baseURL }) => {
  test.setTimeout(90_000);
  const title = `Agree ${user.username}`;
  const { debate, ownerToken, breaker, breakerToken } = await debateWithBreaker({ page, context: page.context() }, browser, baseURL, {
    title,
    proposal: "Cache every page for an hour.",
  });
  const room = debatePage(page);
  try {
    const counterexample = await postNodeViaApi(breaker.page.request, breakerToken, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Stale prices",
      body: "A price change shows the old price for an hour.",
    });
    const pending = await postNodeViaApi(page.request, ownerToken, debate.id, {
      parentId: counterexample.id,
      kind: "REBUTTAL",
      title: "Prices are not cached",
      body: "Price fragments are rendered per request.",
    });

    await test.step("a rebuttal awaiting acceptance leaves the counterexample on the Builder's frontier; nobody is stuck", async () => {
      await page.goto(`/debates/${debate.id}`);
      await expect(page.getByTestId("current-status")).toHaveText("broken by 1");
      await expect(page.getByTestId("stuck-signal")).toHaveCount(0);
      await room.tab("Frontier").click();
      const builderMoves = page.getByRole("region", { name: /Builder's move/ });
      await expect(builderMoves.getByRole("listitem").filter({ hasText: "Stale prices" })).toContainText("rebuttal awaiting acceptance");
    });

    await test.step("a rebuttal refuted by its resolution cannot be accepted (UI and API)", async () => {
      await page.request.put(`/api/v1/debates/${debate.id}/nodes/${pending.id}/mode`, { headers: bearer(ownerToken), data: { mode: "EMPIRICAL" } });
      const resolved = await page.request.post(`/api/v1/debates/${debate.id}/nodes/${pending.id}/resolutions`, {
        headers: bearer(ownerToken),
        data: { action: "RESOLVE", outcome: "REFUTED", summary: "Prices were cached after all." },
      });
      expect(resolved.status(), await resolved.text()).toBe(201);
      const breakerRoom = debatePage(breaker.page);
      await breaker.page.goto(`/debates/${debate.id}`);
      await breakerRoom.open("Prices are not cached");
      await expect(breakerRoom.panel.getByRole("button", { name: "Accept rebuttal" })).toHaveCount(0);
      await expect(breakerRoom.panel).toContainText("refuted by its resolution, so it cannot be accepted");
      const accept = await breaker.page.request.post(`/api/v1/debates/${debate.id}/nodes/${pending.id}/accept`, { headers: bearer(breakerToken), data: {} });
      expect(accept.status()).toBe(409);
      expect(((await accept.json()) as { error: { message: string } }).error.message).toMatch(/refuted/);
    });

    await test.step("an accepted rebuttal stops counting once it is refuted", async () => {
      const second = await postNodeViaApi(page.request, ownerToken, debate.id, {
        parentId: counterexample.id,
        kind: "REBUTTAL",
        title: "Purge on price change",
        body: "A price change purges the page.",
      });
      const accept = await breaker.page.request.post(`/api/v1/debates/${debate.id}/nodes/${second.id}/accept`, { headers: bearer(breakerToken), data: {} });
      expect(accept.status(), await accept.text()).toBe(204);
      await page.reload();
      await expect(page.getByTestId("current-status")).toHaveText("stands");
      await page.request.put(`/api/v1/debates/${debate.id}/nodes/${second.id}/mode`, { headers: bearer(ownerToken), data: { mode: "EMPIRICAL" } });
      await page.request.post(`/api/v1/debates/${debate.id}/nodes/${second.id}/resolutions`, {
        headers: bearer(ownerToken),
        data: { action: "RESOLVE", outcome: "REFUTED", summary: "The purge never fired." },
      });
      await page.reload();
      await expect(page.getByTestId("current-status")).toHaveText("broken by 1");
      await expect(page.getByTestId("stuck-signal")).toHaveCount(0);
      await room.open("Purge on price change");
      await expect(room.panel).toContainText("no longer counts");
    });
  } finally {
    await breaker.context.close();
  }
});

/** True when the page scrolls sideways. */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth > document.scrollingElement!.clientWidth);

test("at 390 px wide: readable titles, nothing scrolls sideways, a tapped move opens its panel in view", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const user = await signUpViaApi(phone.request, baseURL, newUserData("phone"));
    await signInViaApi(phone, user);
    const page = await phone.newPage();
    const token = await createApiToken(phone, baseURL);
    const title = `Phone ${user.username}: move the nightly batch jobs to a queue`;
    const debate = await createDebateViaApi(page.request, token, { title, proposal: "Run the nightly jobs from a queue with retries.", side: "BUILDER" });
    const counterexample = await postNodeViaApi(page.request, token, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "A poisoned message blocks every job behind it in the queue forever",
      body: "One malformed payload is retried without end.",
    });
    await postNodeViaApi(page.request, token, debate.id, {
      parentId: counterexample.id,
      kind: "PATCH",
      title: "Dead-letter queue after three attempts",
      body: "Move a message aside after three failures.",
      proposal: "Run the nightly jobs from a queue with retries; after three failures a message goes to a dead-letter queue.",
      answersNodeIds: [counterexample.id],
    });
    const room = debatePage(page);
    await page.goto(`/debates/${debate.id}`);
    await expect(room.treeItem("poisoned message")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("390-tree.png"), fullPage: true });
    expect(await overflowsSideways(page), "the debate page scrolls sideways").toBe(false);

    const rowTitle = room.treeItem("poisoned message").locator(".title");
    const fits = await rowTitle.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const row = el.closest("[role=treeitem]")!.getBoundingClientRect();
      // Cut off: clamped inside itself, or running past the bottom of its row.
      return { width: box.width, clipped: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1 || box.bottom > row.bottom };
    });
    expect(fits.clipped, "the title is cut off").toBe(false);
    expect(fits.width).toBeGreaterThan(200);

    await room.tab("Scoreboard").click();
    await expect(page.getByText("Version 2")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("390-scoreboard.png"), fullPage: true });
    expect(await overflowsSideways(page), "the scoreboard scrolls sideways").toBe(false);
    // The view tabs are one row that scrolls on its own on a phone, by design; nothing else may.
    const sideways = await page.getByRole("region", { name: "Debate views" }).evaluate((root) =>
      [...root.querySelectorAll<HTMLElement>("*")]
        .filter((el) => el.getAttribute("role") !== "tablist" && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "hidden")
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(sideways, "elements of the scoreboard that scroll sideways").toEqual([]);

    await room.tab("Tree").click();
    await room.treeItem("poisoned message").tap();
    const heading = room.panel.getByRole("heading", { name: /poisoned message/ });
    await expect(heading).toBeInViewport();
    // The panel opens as its own view, scrolled to: its heading sits in the top half of the screen.
    expect((await heading.boundingBox())!.y).toBeLessThan(844 / 2);
    await page.screenshot({ path: testInfo.outputPath("390-panel.png") });
    expect(await overflowsSideways(page), "the node panel scrolls sideways").toBe(false);
    await page.getByRole("button", { name: "Back to the tree" }).tap();
    await expect(room.tree).toBeInViewport();
    await expect(room.panel).toBeHidden();
  } finally {
    await phone.close();
  }
});

test("at 1280 px wide the tree and the node panel stay side by side", async ({ page, user, baseURL }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const token = await createApiToken(page.context(), baseURL);
  const title = `Laptop ${user.username}`;
  const debate = await createDebateViaApi(page.request, token, { title, proposal: "Ship on Fridays.", side: "BUILDER" });
  await postNodeViaApi(page.request, token, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Nobody is on call on Saturday", body: "Weekend outages wait until Monday." });
  const room = debatePage(page);
  await page.goto(`/debates/${debate.id}`);
  await room.open("Nobody is on call");
  await expect(room.tree).toBeInViewport();
  await expect(room.panel).toBeInViewport();
  await expect(page.getByRole("button", { name: "Back to the tree" })).toBeHidden();
  const [tree, panel] = await Promise.all([room.tree.boundingBox(), room.panel.boundingBox()]);
  expect(panel!.x).toBeGreaterThan(tree!.x + tree!.width - 1);
  await page.screenshot({ path: testInfo.outputPath("1280-panel.png") });
  await room.tab("Scoreboard").click();
  await page.screenshot({ path: testInfo.outputPath("1280-scoreboard.png") });
  expect(await overflowsSideways(page)).toBe(false);
});
