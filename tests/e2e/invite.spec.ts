import { createApiToken, createDebateViaApi, expect, newUserData, signedInContext, test } from "./fixtures";

// Issue #13: an invite link to a private debate answered 404 to everyone who was not a
// member yet (the page called notFound() before it read the invite).

test("an invite link to a private debate: sign up from it, come back, join; a wrong code stays 404", async ({ page, user, browser, baseURL }) => {
  test.setTimeout(120_000);
  const title = `Private ${user.username}`;
  const token = await createApiToken(page.context(), baseURL);
  const debate = await createDebateViaApi(page.request, token, { title, proposal: "Keep the backups offline.", visibility: "PRIVATE", side: "BUILDER" });

  const inviteUrl = await test.step("the owner copies the invite link from the debate page", async () => {
    await page.goto(`/debates/${debate.id}`);
    await page.getByText("Invite people").click();
    const link = (await page.getByTestId("invite-link").textContent()) ?? "";
    expect(link).toMatch(new RegExp(`/debates/${debate.id}\\?invite=[\\w-]+$`));
    return new URL(link);
  });
  const invitePath = `${inviteUrl.pathname}${inviteUrl.search}`;

  const visitor = await browser.newContext({ baseURL });
  const visitorPage = await visitor.newPage();
  const newcomer = newUserData("invited");
  try {
    await test.step("a signed-out visitor sees the debate's title and owner, and signs up from there", async () => {
      const response = await visitorPage.goto(invitePath);
      expect(response?.status()).toBe(200);
      const invitation = visitorPage.getByRole("region", { name: "Invitation" });
      await expect(invitation.getByRole("heading", { name: title })).toBeVisible();
      await expect(invitation).toContainText(user.displayName);
      await expect(invitation.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/signin?callbackUrl=${encodeURIComponent(invitePath)}`);
      await invitation.getByRole("link", { name: "Sign up" }).click();
      await expect(visitorPage.getByRole("heading", { name: "Create an account" })).toBeVisible();
      await visitorPage.getByLabel("Username", { exact: true }).fill(newcomer.username);
      await visitorPage.getByLabel("Display name (optional)").fill(newcomer.displayName);
      await visitorPage.getByLabel("Password", { exact: true }).fill(newcomer.password);
      await visitorPage.getByRole("button", { name: "Sign up" }).click();
    });

    await test.step("…lands back on the invitation, signed in, and joins as Breaker", async () => {
      await expect(visitorPage).toHaveURL(new RegExp(`${invitePath.replace("?", "\\?")}$`));
      await expect(visitorPage.getByTestId("current-user")).toHaveText(newcomer.displayName);
      const invitation = visitorPage.getByRole("region", { name: "Invitation" });
      await invitation.getByRole("button", { name: "Join as Breaker" }).click();
      await expect(visitorPage.getByRole("heading", { name: title, level: 1 })).toBeVisible();
      await expect(visitorPage.getByTestId("my-side")).toHaveText("breaker");
      await expect(visitorPage.getByRole("tree", { name: "Debate tree" }).getByRole("treeitem").first()).toBeVisible();
    });
  } finally {
    await visitor.close();
  }

  const member = await signedInContext(browser, baseURL, "invitee");
  try {
    await test.step("a signed-in non-member with the link joins too", async () => {
      expect((await member.page.goto(`/debates/${debate.id}`))?.status(), "without the invite the debate stays hidden").toBe(404);
      await member.page.goto(invitePath);
      const invitation = member.page.getByRole("region", { name: "Invitation" });
      await expect(invitation.getByRole("heading", { name: title })).toBeVisible();
      await invitation.getByRole("button", { name: "Join as Observer" }).click();
      await expect(member.page.getByTestId("my-side")).toHaveText("observer");
    });

    await test.step("a wrong code is a plain 404, signed in or not", async () => {
      const wrong = `/debates/${debate.id}?invite=${inviteUrl.searchParams.get("invite")!.slice(1)}x`;
      const anonymous = await browser.newContext({ baseURL });
      try {
        for (const p of [await anonymous.newPage(), await (await signedInContext(browser, baseURL, "prober")).page]) {
          const response = await p.goto(wrong);
          expect(response?.status()).toBe(404);
          await expect(p.getByText(title)).toHaveCount(0);
          await p.context().close();
        }
      } finally {
        await anonymous.close();
      }
    });
  } finally {
    await member.context.close();
  }
});
