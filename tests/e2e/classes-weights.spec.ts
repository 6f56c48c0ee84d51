import { debatePage, debateWithBreaker, expect, postFromOpenForm, postNodeViaApi, test } from "./fixtures";

// Issue #14: a Breaker posts two counterexamples and groups them into a class, a Builder answers
// the class with one patch, both sides weigh a counterexample, and the owner's threshold changes
// the header standing. Then the class is renamed inline and deleted (its members are live again).
test("counterexample classes and weights, from two browsers", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(180_000);
  const title = `Classes ${user.username}`;
  const { debate, breaker, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title,
    proposal: "Train a reporter to answer questions about what the predictor knows.",
  });
  const a = debatePage(page);
  const b = debatePage(breaker.page);
  const standing = page.getByTestId("standing-text");
  try {
    await test.step("the Breaker posts two counterexamples, the second form showing the first as similar", async () => {
      await breaker.page.goto(`/debates/${debate.id}`);
      await b.open(title);
      await b.reply("Counterexample", { title: "Imitates the labeller", body: "The reporter learns to imitate what a human labeller would answer." });
      await b.open(title);
      await b.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = breaker.page.getByRole("form", { name: "Post a move" });
      await form.getByRole("radio", { name: "Counterexample" }).check();
      await form.locator("#move-body").fill("The reporter simulates what a human would believe about the answer.");
      await expect(form.getByTestId("similar-counterexamples")).toContainText("Imitates the labeller");
      await postFromOpenForm(breaker.page, "Counterexample", { title: "Simulates a human", body: "The reporter simulates what a human would believe about the answer." });
      await expect(b.treeItem("Simulates a human")).toBeVisible();
    });

    await test.step("the Breaker groups them into a class", async () => {
      await b.tab(/^Classes/).click();
      await breaker.page.getByLabel("New class").fill("Human simulator");
      await breaker.page.getByLabel("Description (optional)").fill("The reporter models the human, not the world.");
      await breaker.page.getByRole("button", { name: "Create class" }).click();
      await expect(breaker.page.getByTestId("class-item")).toContainText("Human simulator");
      await b.tab("Tree").click();
      for (const ce of ["Imitates the labeller", "Simulates a human"]) {
        await b.open(ce);
        await b.panel.getByLabel("Counterexample class").selectOption({ label: "Human simulator" });
        await expect(b.treeItem(ce).getByTestId("class-chip")).toHaveText("Human simulator");
      }
    });

    await test.step("the Builder answers the class with one patch", async () => {
      await page.goto(`/debates/${debate.id}`);
      await expect(page.getByTestId("current-status")).toHaveText("broken by 2");
      await expect(standing).toContainText("broken by 1 class, not yet weighed");
      await a.open("Imitates the labeller");
      await a.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = page.getByRole("form", { name: "Post a move" });
      await form.getByRole("radio", { name: "Patch" }).check();
      await form.getByRole("checkbox", { name: "Imitates the labeller" }).uncheck();
      await form.getByRole("checkbox", { name: /Human simulator/ }).check();
      await postFromOpenForm(page, "Patch", {
        title: "Ask about held-out facts",
        body: "Train only on questions whose answers no human labeller could know.",
        proposal: "Train a reporter on questions whose answers humans cannot know.",
      });
      await expect(page.getByTestId("current-status")).toHaveText("stands");
      await a.tab(/^Classes/).click();
      const table = page.getByRole("table", { name: "Coverage of versions by counterexample class" });
      await expect(table.getByRole("row").filter({ hasText: "v2" })).toContainText("answered");
      await expect(table.getByRole("row").filter({ hasText: "v1" })).toContainText("breaks");
      await a.tab("Tree").click();
    });

    await test.step("a third counterexample breaks v2; both sides estimate its plausibility", async () => {
      await postNodeViaApi(breaker.page.request, breakerToken, debate.id, {
        parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Facts leak", body: "Held-out facts leak into the training set through paraphrases.",
      });
      await page.reload();
      await expect(page.getByTestId("current-status")).toHaveText("broken by 1");
      for (const [p, view, value] of [[page, a, "5"], [breaker.page, b, "40"]] as const) {
        if (p === breaker.page) await p.reload();
        await view.open("Facts leak");
        await view.panel.getByLabel("Plausibility (%)").fill(value);
        await view.panel.getByRole("button", { name: "Save estimate" }).click();
        await expect(view.panel.getByRole("status")).toContainText(`Saved: ${value} % plausible`);
      }
      await page.reload();
      await expect(standing).toContainText("broken by 1 counterexample, median plausibility 23 %, builders 5 % / breakers 40 %");
    });

    await test.step("the owner sets a plausibility threshold and the header standing changes", async () => {
      const rule = page.getByTestId("standing-rule");
      await rule.locator("summary").click();
      await rule.getByRole("radio", { name: /above a plausibility threshold/ }).check();
      await rule.getByLabel("Plausibility threshold (%)").fill("30");
      await rule.getByRole("button", { name: "Save rule" }).click();
      await expect(page.getByTestId("current-status")).toHaveText("stands");
      await expect(standing).toContainText("stands (1 live counterexample below the rule)");
      await expect(rule.locator("summary")).toContainText("median plausibility ≥ 30 %");
      // The Breaker sees the rule too, but may not change it.
      await breaker.page.reload();
      await expect(breaker.page.getByTestId("standing-text")).toContainText("stands");
      await expect(breaker.page.getByTestId("standing-rule").getByRole("button", { name: "Save rule" })).toHaveCount(0);
    });

    await test.step("the Breaker renames the class inline; a taken name is refused with its reason", async () => {
      await b.tab(/^Classes/).click();
      const classes = breaker.page.getByRole("list", { name: "Counterexample classes" });
      await classes.getByRole("button", { name: "Rename the class Human simulator" }).click();
      await breaker.page.getByLabel("Class name", { exact: true }).fill("Human simulators");
      await breaker.page.getByRole("button", { name: "Save name" }).click();
      await expect(classes.getByTestId("class-item").first()).toContainText("Human simulators");
      await breaker.page.getByLabel("New class").fill("Other family");
      await breaker.page.getByRole("button", { name: "Create class" }).click();
      await classes.getByRole("button", { name: "Rename the class Other family" }).click();
      await breaker.page.getByLabel("Class name", { exact: true }).fill("Human simulators");
      await breaker.page.getByRole("button", { name: "Save name" }).click();
      await expect(breaker.page.getByTestId("class-rename")).toContainText("already has a class with that name");
      await breaker.page.getByRole("button", { name: "Cancel" }).click();
      // A patch answers "Human simulators": its creator may no longer delete it; "Other family" they may.
      await expect(classes.getByRole("button", { name: "Delete the class Human simulators" })).toHaveCount(0);
      breaker.page.once("dialog", (dialog) => void dialog.accept());
      await classes.getByRole("button", { name: "Delete the class Other family" }).click();
      await expect(classes.getByTestId("class-item")).toHaveCount(1);
    });

    await test.step("the owner deletes the answered class after a dialog saying what happens; its members are live again", async () => {
      await page.reload();
      await a.tab(/^Classes/).click();
      const classes = page.getByRole("list", { name: "Counterexample classes" });
      await expect(classes.getByTestId("class-item")).toHaveCount(1);
      let question = "";
      page.once("dialog", (dialog) => {
        question = dialog.message();
        void dialog.accept();
      });
      await classes.getByRole("button", { name: "Delete the class Human simulators" }).click();
      await expect(classes.getByTestId("class-item")).toHaveCount(0);
      expect(question).toContain("Its 2 counterexamples stay in the debate, in no class.");
      expect(question).toContain("1 patch answers it as a class");
      // Unweighed and no longer answered, both break v2 again even under the threshold rule.
      await expect(page.getByTestId("current-status")).toHaveText("broken by 2");
      await a.tab("Tree").click();
      await expect(a.treeItem("Imitates the labeller").getByTestId("class-chip")).toHaveCount(0);
    });
  } finally {
    await breaker.context.close();
  }
});
