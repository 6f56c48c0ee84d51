import { bearer, createApiToken, createDebateViaApi, expect, joinViaApi, signedInContext, test } from "./fixtures";

test("the owner sets when the debate counts as stuck; a bad value is explained; an observer sees no settings", async ({ page, context, user, browser, baseURL }) => {
  const title = `Settings ${user.username}`;
  const tokenA = await createApiToken(context, baseURL);
  const debate = await createDebateViaApi(page.request, tokenA, { title, proposal: "Ship weekly.", side: "BUILDER" });

  await page.goto(`/debates/${debate.id}`);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const settings = page.getByTestId("debate-settings");
  await settings.getByText("Debate settings").click();
  const field = settings.getByLabel("Counts as stuck after (days without a move)");
  await expect(field).toHaveValue("7");

  await test.step("0 is refused with the rule, and nothing is saved", async () => {
    await field.fill("0");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.locator(".field-error")).toHaveText("Stuck after must be a whole number of days from 1 to 365");
    await expect(field).toHaveAttribute("aria-invalid", "true");
  });

  await test.step("3 is saved and kept after a reload", async () => {
    await field.fill("3");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Saved: the debate counts as stuck after 3 days without a move.");
    await expect(settings.locator(".field-error")).toHaveCount(0);
    const saved = await page.request.get(`/api/v1/debates/${debate.id}`, { headers: bearer(tokenA) });
    expect(((await saved.json()) as { debate: { stuckAfterDays: number } }).debate.stuckAfterDays).toBe(3);
    await page.reload();
    await page.getByTestId("debate-settings").getByText("Debate settings").click();
    await expect(page.getByLabel("Counts as stuck after (days without a move)")).toHaveValue("3");
  });

  await test.step("an observer gets no settings form", async () => {
    const b = await signedInContext(browser, baseURL, "observer");
    try {
      await joinViaApi(b.context.request, await createApiToken(b.context, baseURL), debate.id, "OBSERVER");
      await b.page.goto(`/debates/${debate.id}`);
      await expect(b.page.getByTestId("my-side")).toHaveText("observer");
      await expect(b.page.getByTestId("debate-settings")).toHaveCount(0);
    } finally {
      await b.context.close();
    }
  });
});
