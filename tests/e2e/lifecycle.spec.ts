import { bearer, debatePage, debateWithBreaker, expect, joinViaApi, postNodeViaApi, signedInContext, test } from "./fixtures";

// The life of a debate and an account, through the pages a person uses:
// leave, hand the debate on, delete it (export offered, title typed), delete one's account.

test("a member leaves, the owner hands the debate on, the new owner deletes it after typing its title", async ({ page, context, user, browser, baseURL }) => {
  const title = `Lifecycle ${user.username}`;
  const { debate, breaker, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, { title, proposal: "Ship weekly." });
  try {
    await postNodeViaApi(breaker.context.request, breakerToken, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: "Weekly breaks the release train" });
    const b = breaker.page;
    b.on("dialog", (dialog) => void dialog.accept());
    page.on("dialog", (dialog) => void dialog.accept());

    await test.step("the breaker leaves from the debate page; their move stays", async () => {
      await b.goto(`/debates/${debate.id}`);
      await expect(b.getByTestId("my-side")).toHaveText("breaker");
      await b.getByRole("button", { name: "Leave debate" }).click();
      await expect(b.getByRole("button", { name: "Join as Breaker" })).toBeVisible();
      await expect(debatePage(b).treeItem("Weekly breaks the release train")).toBeVisible();
      await joinViaApi(b.context().request, breakerToken, debate.id, "BREAKER");
    });

    await test.step("the owner cannot leave and is told how to hand it on; makes the breaker owner on the members page", async () => {
      await page.goto(`/debates/${debate.id}`);
      await expect(page.getByRole("button", { name: "Leave debate" })).toHaveCount(0);
      await page.goto(`/debates/${debate.id}/members`);
      await expect(page.getByTestId("owner-hint")).toContainText("make another member the owner");
      await page.getByRole("button", { name: `Make ${breaker.user.displayName} owner` }).click();
      const members = page.getByRole("table", { name: "Members" });
      await expect(members.getByRole("row").filter({ hasText: breaker.user.displayName })).toContainText("owner");
      await expect(members.getByRole("row").filter({ hasText: user.displayName })).toContainText("moderator");
      await expect(page.getByTestId("owner-hint")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Leave debate" })).toBeVisible();
    });

    await test.step("the new owner deletes it: export offered on the same screen, the button waits for the exact title", async () => {
      await b.goto(`/debates/${debate.id}`);
      const settings = b.getByTestId("debate-settings");
      await settings.getByText("Debate settings").click();
      const panel = settings.getByTestId("delete-debate");
      await expect(panel).toContainText("including the moves other members wrote");
      const exportLink = panel.getByRole("link", { name: "Download the JSON export" });
      const exported = await b.request.get((await exportLink.getAttribute("href"))!);
      expect(exported.status()).toBe(200);
      expect(await exported.text()).toContain("Weekly breaks the release train");
      const button = panel.getByRole("button", { name: "Delete this debate and all its moves" });
      await expect(button).toBeDisabled();
      await panel.getByLabel(/Type the debate title/).fill(title.slice(0, -1));
      await expect(button).toBeDisabled();
      await panel.getByLabel(/Type the debate title/).fill(title);
      await button.click();
      await b.waitForURL((url) => url.pathname === "/");
      expect((await b.request.get(`/api/v1/debates/${debate.id}`, { headers: bearer(breakerToken) })).status()).toBe(404);
    });

    await test.step("the former owner is notified with the title", async () => {
      await page.goto("/notifications");
      await expect(page.getByTestId("notification").filter({ hasText: title }).first()).toContainText("deleted the debate");
    });
  } finally {
    await breaker.context.close();
  }
});

test("deleting one's account from Settings: owners are sent to hand on first; afterwards the move reads \"deleted user\" and the session is gone", async ({ page, context, user, browser, baseURL }) => {
  const title = `Account ${user.username}`;
  const { debate, breaker, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, { title, proposal: "Ship weekly.", breakerPrefix: "leaver" });
  try {
    await postNodeViaApi(breaker.context.request, breakerToken, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", body: "A counterexample that outlives its author" });

    await test.step("the owner's settings list the debate to hand on, with no delete form", async () => {
      await page.goto("/settings");
      const blocked = page.getByTestId("delete-account-blocked");
      await expect(blocked.getByRole("link", { name: title })).toBeVisible();
      await expect(page.getByRole("button", { name: "Delete my account" })).toHaveCount(0);
    });

    const b = breaker.page;
    b.on("dialog", (dialog) => void dialog.accept());
    await test.step("a wrong password is refused next to the field; the right one deletes the account and signs out", async () => {
      await b.goto("/settings");
      const form = b.getByRole("form", { name: "Delete my account" });
      await form.getByLabel("Your password, to confirm").fill("not my password");
      await form.getByRole("button", { name: "Delete my account" }).click();
      await expect(form.locator(".field-error")).toHaveText("Wrong password");
      await form.getByLabel("Your password, to confirm").fill(breaker.user.password);
      await form.getByRole("button", { name: "Delete my account" }).click();
      await b.waitForURL((url) => url.pathname === "/");
      expect((await b.request.get("/api/v1/me")).status()).toBe(401);
      expect((await b.request.get("/api/v1/me", { headers: bearer(breakerToken) })).status()).toBe(401);
    });

    await test.step("the move stays in the owner's tree, by \"deleted user\"", async () => {
      await page.goto(`/debates/${debate.id}`);
      const view = debatePage(page);
      await view.open("A counterexample that outlives its author");
      await expect(view.panel).toContainText("deleted user as breaker");
      await expect(view.panel).not.toContainText(breaker.user.displayName);
    });
  } finally {
    await breaker.context.close();
  }
});

test("an account that cannot sign in after deletion", async ({ browser, baseURL }) => {
  const gone = await signedInContext(browser, baseURL, "gone");
  try {
    const response = await gone.context.request.delete("/api/v1/me", { headers: { origin: new URL(baseURL!).origin }, data: { password: gone.user.password } });
    expect(response.status(), await response.text()).toBe(200);
    const csrf = (await (await gone.context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signIn = await gone.context.request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, login: gone.user.username, password: gone.user.password, json: "true", callbackUrl: "/" },
    });
    expect(await signIn.text()).toMatch(/error/i);
    expect((await gone.context.request.get("/api/v1/me")).status()).toBe(401);
  } finally {
    await gone.context.close();
  }
});
