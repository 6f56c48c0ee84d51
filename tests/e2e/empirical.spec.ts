import type { Page } from "@playwright/test";
import { debatePage, expect, signedInContext, test } from "./fixtures";

// Empirical claims (issue 5), the way three people would do it in their browsers:
// the owner hosts the debate, a Builder and a Breaker join, the Breaker's
// counterexample is marked empirical, gets an experiment card and predictions
// from both sides, and the owner resolves it; the tree, Scoreboard, Forecasts and
// the research agenda follow.

/** Counts prediction requests the page sends, to prove a refused input recorded nothing. */
function countPredictionPosts(page: Page) {
  const counter = { posts: 0 };
  page.on("request", (request) => {
    if (request.method() === "POST" && /\/nodes\/[^/]+\/predictions$/.test(request.url())) counter.posts++;
  });
  return counter;
}

test("an empirical counterexample: experiment card, predictions by side, resolution, Brier scores, agenda", async ({ page, user, browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const title = `Empirical ${user.username}`;
  const claim = "Night shifts ignore pages";
  const owner = debatePage(page);

  await test.step("the owner creates a debate (as an observer, so two others play)", async () => {
    await page.goto("/debates/new");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Proposal (Markdown)").fill("Page the on-call engineer by phone call instead of by app notification.");
    await page.getByLabel("Your side").selectOption("OBSERVER");
    await page.getByRole("button", { name: "Create debate" }).click();
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(page.getByTestId("my-side")).toHaveText("observer");
    await expect(page.getByRole("region", { name: "Your role in this debate" })).toContainText("owner");
  });
  const debateUrl = new URL(page.url()).pathname;

  const builder = await signedInContext(browser, baseURL, "builder");
  const breaker = await signedInContext(browser, baseURL, "breaker");
  const bu = debatePage(builder.page);
  const br = debatePage(breaker.page);
  try {
    await test.step("a Builder and a Breaker join in their own browsers", async () => {
      await builder.page.goto(debateUrl);
      await builder.page.getByRole("button", { name: "Join as Builder" }).click();
      await expect(builder.page.getByTestId("my-side")).toHaveText("builder");
      await breaker.page.goto(debateUrl);
      await breaker.page.getByRole("button", { name: "Join as Breaker" }).click();
      await expect(breaker.page.getByTestId("my-side")).toHaveText("breaker");
    });

    await test.step("the Breaker posts a counterexample and marks it empirical", async () => {
      await br.open(title);
      await br.reply("Counterexample", {
        title: claim,
        body: "Engineers on night shifts sleep through phone calls as often as through app notifications.",
      });
      await expect(br.panel.getByRole("heading", { name: claim })).toBeVisible();
      await expect(br.treeItem(claim)).not.toContainText("empirical");
      await br.panel.getByLabel("Settled by").selectOption({ label: "experiment (empirical)" });
      await expect(br.treeItem(claim)).toContainText("empirical");
      await expect(br.panel.getByTestId("resolution-status")).toHaveText("open");
    });

    await test.step("the Breaker fills the experiment card", async () => {
      const card = br.panel.getByRole("region", { name: "Experiment card" });
      await card.getByRole("button", { name: "Propose an experiment" }).click();
      const form = card.getByRole("form", { name: "Edit experiment card" });
      await form.getByLabel("Precise question").fill("Do night-shift engineers acknowledge phone pages faster than app pages?");
      await form.getByLabel("Proposed experiment or measurement").fill("Alternate phone and app pages for a month of night shifts; log time to acknowledge.");
      await form.getByLabel("Outcome that supports the claim").fill("Median acknowledgement time differs by less than a minute.");
      await form.getByLabel("Outcome that refutes the claim").fill("Phone pages are acknowledged at least twice as fast.");
      await form.getByLabel("Links to results").fill("Pager log | https://example.org/pager-log");
      await form.getByRole("button", { name: "Save experiment" }).click();
      await expect(form).toBeHidden();
      await expect(card).toContainText("Do night-shift engineers acknowledge phone pages faster than app pages?");
      await expect(card).toContainText("Phone pages are acknowledged at least twice as fast.");
      await expect(card.getByRole("link", { name: "Pager log" })).toHaveAttribute("href", "https://example.org/pager-log");
    });

    await test.step("the Builder refuses 150%, then predicts 70%", async () => {
      const posts = countPredictionPosts(builder.page);
      await builder.page.reload();
      await bu.open(claim);
      const predictions = bu.panel.getByRole("region", { name: "Predictions" });
      const spread = predictions.getByTestId("prediction-spread");
      await expect(spread.getByRole("listitem").filter({ hasText: "Builders" })).toContainText("no predictions");
      const probability = predictions.getByLabel("Your probability");
      await probability.fill("150%");
      await predictions.getByRole("button", { name: "Predict" }).click();
      await expect(predictions.getByRole("alert")).toHaveText("A percentage must be between 0% and 100%");
      await expect(probability).toHaveAttribute("aria-invalid", "true");
      expect(posts.posts, "a refused probability was sent").toBe(0);
      await expect(spread.getByRole("listitem").filter({ hasText: "Builders" })).toContainText("no predictions");

      await probability.fill("70%");
      await predictions.getByRole("button", { name: "Predict" }).click();
      await expect(predictions.getByRole("alert")).toHaveCount(0);
      await expect(spread.getByRole("listitem").filter({ hasText: "Builders" })).toContainText("mean 70%");
      expect(posts.posts).toBe(1);
    });

    await test.step("the Breaker refuses 1.5, then predicts 0.2; the spread shows both sides", async () => {
      const posts = countPredictionPosts(breaker.page);
      await breaker.page.reload();
      await br.open(claim);
      const predictions = br.panel.getByRole("region", { name: "Predictions" });
      const spread = predictions.getByTestId("prediction-spread");
      const probability = predictions.getByLabel("Your probability");
      await probability.fill("1.5");
      await predictions.getByRole("button", { name: "Predict" }).click();
      await expect(predictions.getByRole("alert")).toHaveText("Probability must be between 0 and 1 (or 0%–100% with a % sign)");
      expect(posts.posts, "a refused probability was sent").toBe(0);
      await expect(spread.getByRole("listitem").filter({ hasText: "Breakers" })).toContainText("no predictions");

      await probability.fill("0.2");
      await predictions.getByRole("button", { name: "Predict" }).click();
      await expect(spread.getByRole("listitem").filter({ hasText: "Breakers" })).toContainText("mean 20%");
      await expect(spread.getByRole("listitem").filter({ hasText: "Builders" })).toContainText("mean 70%");
      await expect(spread.getByRole("listitem").filter({ hasText: "Observers" })).toContainText("no predictions");
      expect(posts.posts).toBe(1);
      // Drawn too: the spread by side with medians, and the timeline, summed up for screen readers.
      const chart = predictions.getByRole("img", { name: /Latest predictions of 2 people/ });
      await expect(chart).toHaveAttribute("aria-label", /Builders 70 % \(1 person\), Breakers 20 % \(1 person\)/);
      await expect(chart.locator(".fc-BUILDER circle").first()).toBeVisible();
      await expect(chart.locator(".fc-step")).toHaveCount(2);
      await predictions.screenshot({ path: testInfo.outputPath("forecast-chart-light.png") });
      await breaker.page.emulateMedia({ colorScheme: "dark" });
      await predictions.screenshot({ path: testInfo.outputPath("forecast-chart-dark.png") });
      await breaker.page.emulateMedia({ colorScheme: "light" });
    });

    await test.step("the Builder sees the Breaker's prediction without reloading", async () => {
      const spread = bu.panel.getByTestId("prediction-spread");
      await expect(spread.getByRole("listitem").filter({ hasText: "Breakers" })).toContainText("mean 20%");
    });

    await test.step("the research agenda lists the open claim", async () => {
      await page.reload();
      // The debate's own agenda (the main navigation links to the cross-debate one).
      await page.getByRole("main").getByRole("link", { name: "Research agenda" }).click();
      await expect(page.getByRole("heading", { name: "Research agenda", level: 1 })).toBeVisible();
      const entry = page.getByTestId("agenda-rows").getByRole("listitem").filter({ hasText: claim });
      await expect(entry).toBeVisible();
      await expect(entry).toContainText("Builders 70% (1) · Breakers 20% (1)");
      await expect(entry).toContainText("Do night-shift engineers acknowledge phone pages faster than app pages?");
    });

    await test.step("the owner resolves it refuted, with a summary and an evidence link", async () => {
      await page.goto(debateUrl);
      await expect(page.getByTestId("current-status")).toHaveText("broken by 1");
      await owner.open(claim);
      await owner.panel.getByRole("button", { name: "Resolve", exact: true }).click();
      const form = owner.panel.getByRole("form", { name: "Resolve" });
      await form.getByLabel("Outcome").selectOption({ label: "refuted" });
      await form.getByLabel("Summary of the result").fill("Phone pages were acknowledged three times faster at night.");
      await form.getByLabel("Evidence links (optional)").fill("Final report | https://example.org/pager-report");
      await form.getByRole("button", { name: "Resolve", exact: true }).click();
      await expect(form).toBeHidden();
      await expect(owner.panel.getByTestId("resolution-status")).toHaveText("resolved · refuted");
      const history = owner.panel.getByTestId("resolution-history");
      await expect(history).toContainText("Resolved: refuted");
      await expect(history).toContainText("Phone pages were acknowledged three times faster at night.");
      await expect(history.getByRole("link", { name: "Final report" })).toHaveAttribute("href", "https://example.org/pager-report");
      await expect(owner.panel.getByRole("form", { name: "Record a prediction" })).toHaveCount(0);
    });

    await test.step("the tree shows the outcome; the Scoreboard counts the counterexample as defeated", async () => {
      await expect(owner.treeItem(claim)).toContainText("refuted");
      await expect(page.getByTestId("current-status")).toHaveText("stands");
      await owner.tab("Scoreboard").click();
      const versions = page.getByRole("list", { name: "Proposal versions" });
      await expect(versions.getByRole("listitem").filter({ hasText: "Version 1" })).toContainText("stands");
      const coverage = page.getByRole("table", { name: "Coverage of versions by counterexamples" });
      await expect(coverage.getByRole("row", { name: /^v1/ })).toContainText("defeated (refuted)");
    });

    await test.step("Brier scores show for both predictors", async () => {
      await page.getByTestId("forecasts").locator("summary").click();
      const forecasts = page.getByRole("region", { name: "Forecasts" });
      await expect(forecasts).toContainText("Brier score over 1 resolved claim(s)");
      // Refuted = 0: the Builder's 0.7 scores 0.49, the Breaker's 0.2 scores 0.04.
      const row = (name: string) => forecasts.getByRole("row").filter({ hasText: name });
      await expect(row(builder.user.displayName)).toContainText("builder");
      await expect(row(builder.user.displayName).getByRole("cell").nth(2)).toHaveText("0.490");
      await expect(row(breaker.user.displayName)).toContainText("breaker");
      await expect(row(breaker.user.displayName).getByRole("cell").nth(2)).toHaveText("0.040");
    });

    await test.step("the research agenda no longer lists the resolved claim", async () => {
      // The debate's own agenda (the main navigation links to the cross-debate one).
      await page.getByRole("main").getByRole("link", { name: "Research agenda" }).click();
      await expect(page.getByRole("heading", { name: "Research agenda", level: 1 })).toBeVisible();
      await expect(page.getByText("No open empirical claims and no crux-ledger entries", { exact: false })).toBeVisible();
      await expect(page.getByTestId("agenda-rows").getByRole("listitem").filter({ hasText: claim })).toHaveCount(0);
    });

    await test.step("the Breaker, who never reloaded, sees the resolution live", async () => {
      await expect(br.treeItem(claim)).toContainText("refuted");
      await expect(br.panel.getByTestId("resolution-status")).toHaveText("resolved · refuted");
    });
  } finally {
    await builder.context.close();
    await breaker.context.close();
  }
});
