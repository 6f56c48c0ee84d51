import { expect, signInViaApi, test } from "./fixtures";

// Settings: change password (with its field errors) and the session list, in two
// browsers of one account; the reset page for a bad link; the sign-in page's link.

test("change password signs out the other browser; sign out everywhere ends this one", async ({ page, user, browser, baseURL }) => {
  const other = await browser.newContext({ baseURL });
  await signInViaApi(other, user);
  const otherPage = await other.newPage();
  await otherPage.goto("/settings");
  await expect(otherPage.getByRole("heading", { name: "Your profile" })).toBeVisible();

  await page.goto("/settings");
  const sessions = page.getByRole("table").filter({ hasText: "Last seen" });
  await expect(sessions.getByRole("row")).toHaveCount(3); // header + two browsers
  await expect(sessions.getByText("(this browser)")).toHaveCount(1);

  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByLabel("New password").fill("tangerine ferry quietly 7");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your current password is not correct")).toBeVisible();

  await form.getByLabel("Current password").fill(user.password);
  await form.getByLabel("New password").fill("P@ssw0rd2024");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("This password is too close to a common password")).toBeVisible();

  await form.getByLabel("New password").fill("tangerine ferry quietly 7");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. 1 other session was signed out.");

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/signin/);
  await other.close();

  await page.reload();
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin/);
});

test("the sign-in page links to password recovery; without mail it explains the operator's command; a bad reset link says so", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expect(page.getByText("npm run user -- reset-password")).toBeVisible();
  await page.goto("/reset-password?token=" + "x".repeat(43));
  await expect(page.getByRole("main").getByRole("alert")).toContainText("invalid, already used or expired");
});
