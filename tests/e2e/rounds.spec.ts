import { bearer, createApiToken, createDebateViaApi, expect, joinViaApi, postNodeViaApi, signedInContext, test } from "./fixtures";

// Judged rounds in the browser (docs/decisions/013-judged-rounds.md). The deadline is real time
// here (the integration tests inject the clock): the round below closes a minute after it opens.

test("the owner opens a round from the rounds page, naming a judge", async ({ page, context, browser, baseURL, user }) => {
  test.setTimeout(120_000);
  const token = await createApiToken(context, baseURL);
  const debate = await createDebateViaApi(page.request, token, { title: `Rounds form ${user.username}`, proposal: "Check every answer twice.", side: "BUILDER" });
  const judge = await signedInContext(browser, baseURL, "judge");
  try {
    await joinViaApi(judge.context.request, await createApiToken(judge.context, baseURL), debate.id, "OBSERVER");
    await page.goto(`/debates/${debate.id}`);
    await page.getByRole("link", { name: "Rounds" }).click();
    await expect(page.getByRole("heading", { name: "Judged rounds" })).toBeVisible();
    await page.getByText("Open a round").click();
    await page.getByLabel("Title", { exact: true }).fill("Winter round");
    await page.getByRole("checkbox", { name: judge.user.displayName }).check();
    await page.getByRole("button", { name: "Open round" }).click();
    const round = page.getByTestId("round-1");
    await expect(round.getByRole("heading", { name: "Round 1: Winter round" })).toBeVisible();
    await expect(round.getByTestId("round-status")).toContainText("Open");
    await expect(round).toContainText(`Judges: ${judge.user.displayName}`);
    // One open round at a time: the form is gone until it closes.
    await expect(page.getByText("Open a round")).toHaveCount(0);
  } finally {
    await judge.context.close();
  }
});

test("entries lock at the deadline, the judge records a verdict, the owner finalises", async ({ page, context, browser, baseURL, user }) => {
  test.setTimeout(180_000);
  const ownerToken = await createApiToken(context, baseURL);
  const debate = await createDebateViaApi(page.request, ownerToken, { title: `Judged ${user.username}`, proposal: "Summarise every document before filing it.", side: "BUILDER" });
  const breaker = await signedInContext(browser, baseURL, "breaker");
  const judge = await signedInContext(browser, baseURL, "judge");
  try {
    const breakerToken = await createApiToken(breaker.context, baseURL);
    await joinViaApi(breaker.context.request, breakerToken, debate.id, "BREAKER");
    await joinViaApi(judge.context.request, await createApiToken(judge.context, baseURL), debate.id, "OBSERVER");

    const deadline = new Date(Date.now() + 65_000);
    const opened = await page.request.post(`/api/v1/debates/${debate.id}/rounds`, {
      headers: bearer(ownerToken),
      data: { title: "Quick round", rubric: "Does the patch handle the counterexample?", deadline: deadline.toISOString(), judgeIds: [judge.user.id] },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const counterexample = await postNodeViaApi(breaker.context.request, breakerToken, debate.id, {
      parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Summaries drop the key clause", body: "A contract's one exception clause is left out of the summary.",
    });
    const patch = await postNodeViaApi(page.request, ownerToken, debate.id, {
      parentId: counterexample.id, kind: "PATCH", title: "Keep exception clauses verbatim", body: "Clauses with 'except' or 'unless' are quoted, not summarised.",
      proposal: "Summarise every document before filing it; quote exception clauses verbatim.", answersNodeIds: [counterexample.id],
    });

    await judge.page.goto(`/debates/${debate.id}/rounds`);
    const round = judge.page.getByTestId("round-1");
    await expect(round.getByTestId("round-status")).toContainText("Open");
    await expect(round.getByTestId("round-entry")).toHaveCount(2);
    await expect(round.getByRole("form", { name: "Your verdict" })).toHaveCount(0);

    // Wait for the deadline, then the entries are locked and the judge can work.
    await page.waitForTimeout(Math.max(0, deadline.getTime() - Date.now() + 1_000));
    const late = await page.request.patch(`/api/v1/debates/${debate.id}/nodes/${patch.id}`, {
      headers: bearer(ownerToken), data: { body: "Rewritten after the deadline", revision: 1 },
    });
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain("round 1");

    await judge.page.reload();
    await expect(round.getByTestId("round-status")).toContainText("Closed");
    await expect(round).toContainText("locked at revision 1");
    const form = round.getByRole("form", { name: "Your verdict" });
    await form.getByLabel("Your verdict").selectOption("HOLDS");
    await form.getByLabel("Reason").fill("Quoting the clause keeps the exception in the summary.");
    await form.getByRole("button", { name: "Record verdict" }).click();
    await expect(round.getByRole("list", { name: "Verdicts" })).toContainText("Handles every counterexample so far. Quoting the clause");

    await page.goto(`/debates/${debate.id}/rounds`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Finalise results" }).click();
    await expect(page.getByTestId("round-1").getByTestId("round-status")).toContainText("Judged");

    const report = await page.request.get(`/api/v1/debates/${debate.id}/rounds/1?format=md`);
    expect(report.headers()["content-type"]).toContain("text/markdown");
    const text = await report.text();
    expect(text).toContain("# Round 1: Quick round");
    expect(text).toContain("Handles every counterexample so far");
  } finally {
    await breaker.context.close();
    await judge.context.close();
  }
});
