import { debatePage, debateWithBreaker, expect, originOf, postNodeViaApi, signedInContext, test } from "./fixtures";

test("prune a branch with a reason, find it in Revisit, reopen it; frontier and permissions", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(120_000);
  const title = `Prune ${user.username}`;

  // Setup through the API: A owns the debate (Builder), B (Breaker) posts two counterexamples.
  const { debate, ownerToken: tokenA, breaker: b, breakerToken: tokenB } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title,
    proposal: "Cache every page for ten minutes to survive traffic spikes.",
  });
  const d = await signedInContext(browser, baseURL, "bystander");
  try {
    const coldStart = await postNodeViaApi(b.context.request, tokenB, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Cold start",
      body: "Right after a deploy the cache is empty and the spike hits the database.",
    });
    await postNodeViaApi(b.context.request, tokenB, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Holiday traffic",
      body: "Logged-in pages are not cacheable, and that is most holiday traffic.",
    });
    await postNodeViaApi(page.request, tokenA, debate.id, {
      parentId: coldStart.id,
      kind: "QUESTION",
      title: "Which region deploys first?",
      body: "Does the deploy roll out region by region?",
    });

    const a = debatePage(page);
    await page.goto(`/debates/${debate.id}`);
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(a.treeItem("Which region deploys first?")).toBeVisible();

    await test.step("A prunes the Cold start branch with a category, reason and promise", async () => {
      await a.open("Cold start");
      await a.panel.getByRole("button", { name: "Prune", exact: true }).click();
      const form = page.getByRole("form", { name: "Prune this branch" });
      await form.getByLabel("Why prune?").selectOption({ label: "Out of scope" });
      await form.getByLabel("Reason").fill("Deploys are out of scope: this debate is about steady traffic.");
      await form.getByLabel(/How promising is this branch still/).fill("30");
      await form.getByRole("button", { name: "Prune branch" }).click();
      await expect(form).toBeHidden();
      await expect(a.panel.locator(".badge.pruned")).toHaveText("pruned");
    });

    await test.step("the branch folds away with a pruned badge", async () => {
      const row = a.treeItem("Cold start");
      await expect(row).toContainText("pruned");
      await expect(row).toHaveAttribute("aria-expanded", "false");
      await expect(a.treeItem("Which region deploys first?")).toHaveCount(0);
      // Still there when unfolded on purpose.
      await row.getByRole("button", { name: "Expand branch" }).click();
      await expect(a.treeItem("Which region deploys first?")).toBeVisible();
    });

    await test.step("it is listed in the Revisit tab with its reason", async () => {
      await a.tab("Revisit (1)").click();
      const table = page.getByRole("table", { name: "Pruned branches" });
      const revisitRow = table.getByRole("row").filter({ hasText: "Cold start" });
      await expect(revisitRow).toContainText("out of scope");
      await expect(revisitRow).toContainText("Deploys are out of scope: this debate is about steady traffic.");
      await expect(revisitRow.getByRole("cell").last()).toHaveText("30");
      await revisitRow.getByRole("link", { name: "Cold start" }).click();
      await expect(a.tab("Tree")).toHaveAttribute("aria-selected", "true");
      await expect(a.panel.getByRole("heading", { name: "Cold start" })).toBeVisible();
    });

    await test.step("A reopens it with a reason; the timeline shows both events", async () => {
      await a.panel.getByRole("button", { name: "Reopen", exact: true }).click();
      const form = page.getByRole("form", { name: "Reopen this branch" });
      await form.getByLabel("Why reopen it?").fill("A customer reported an outage after a deploy.");
      await form.getByRole("button", { name: "Reopen branch" }).click();
      await expect(form).toBeHidden();
      await expect(a.panel.locator(".badge.pruned")).toHaveCount(0);
      await expect(a.treeItem("Cold start")).not.toContainText("pruned");
      const timeline = page.getByRole("region", { name: "Branch timeline" });
      const events = timeline.getByRole("listitem");
      await expect(events).toHaveCount(2);
      await expect(events.nth(0)).toContainText("Pruned (out of scope)");
      await expect(events.nth(0)).toContainText("promise 30");
      await expect(events.nth(0)).toContainText("Deploys are out of scope");
      await expect(events.nth(1)).toContainText("Reopened");
      await expect(events.nth(1)).toContainText("A customer reported an outage after a deploy.");
      await expect(a.tab("Revisit (0)")).toBeVisible();
    });

    await test.step("the Frontier lists live counterexamples under the Builder's move", async () => {
      await a.tab("Frontier").click();
      const builderMove = page.getByRole("region", { name: /^Builder's move/ });
      await expect(builderMove.getByRole("heading")).toHaveText(/Builder's move: live counterexamples that break the current version \(2\)/);
      await expect(builderMove.getByRole("link", { name: "Holiday traffic" })).toBeVisible();
      await expect(builderMove.getByRole("link", { name: "Cold start" })).toBeVisible();
    });

    await test.step("a member who is neither author nor moderator cannot prune", async () => {
      await d.page.goto(`/debates/${debate.id}`);
      await d.page.getByRole("button", { name: "Join as Breaker" }).click();
      await expect(d.page.getByTestId("my-side")).toHaveText("breaker");
      const dv = debatePage(d.page);
      await dv.open("Holiday traffic");
      await expect(dv.panel.getByRole("button", { name: "Reply", exact: true })).toBeVisible();
      await expect(dv.panel.getByRole("button", { name: "Prune", exact: true })).toHaveCount(0);

      const holidayId = await dv.treeItem("Holiday traffic").getAttribute("data-node-id");
      const refused = await d.context.request.post(`/api/v1/debates/${debate.id}/nodes/${holidayId}/prune`, {
        headers: originOf(baseURL),
        data: { category: "UNPROMISING", reason: "I would rather not see it." },
      });
      expect(refused.status()).toBe(403);
      await d.page.reload();
      await expect(dv.treeItem("Holiday traffic")).not.toContainText("pruned");
    });

    await test.step("the author of a branch does get the Prune button", async () => {
      await b.page.goto(`/debates/${debate.id}`);
      const bv = debatePage(b.page);
      await bv.open("Holiday traffic");
      await expect(bv.panel.getByRole("button", { name: "Prune", exact: true })).toBeVisible();
    });
  } finally {
    await b.context.close();
    await d.context.close();
  }
});
