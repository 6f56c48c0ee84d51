import { bearer, expect, newUserData, signUpViaApi, test } from "./fixtures";

const DEMO_TITLE = "Can a weaker trusted monitor catch a deceptive assistant?";
const INVALID_LOGIN = "Invalid username/email or password";

test("the home page loads and lists the demo debate", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Debates", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await expect(page.getByRole("tree", { name: "Debate tree" }).getByRole("treeitem").first()).toBeVisible();
});

test("sign up through the form, sign out, sign in again", async ({ page }) => {
  const data = newUserData("signup");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Username", { exact: true }).fill(data.username);
  await page.getByLabel("Display name (optional)").fill(data.displayName);
  await page.getByLabel("Password", { exact: true }).fill(data.password);
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("current-user")).toHaveText(data.displayName);

  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);

  await main.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Username or email").fill(data.username);
  await page.getByLabel("Password", { exact: true }).fill(data.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toHaveText(data.displayName);
});

test("a wrong password and an unknown user get the same message", async ({ page, context, baseURL }) => {
  const user = await signUpViaApi(context.request, baseURL);
  await page.goto("/signin");
  const alert = page.locator("form").getByRole("alert");

  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill("not the password at all");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alert).toHaveText(INVALID_LOGIN);
  const wrongPassword = await alert.textContent();

  await page.getByLabel("Username or email").fill(`nobody-${user.username}`.slice(0, 32));
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The message is re-rendered: wait for the request to settle before comparing.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  await expect(alert).toHaveText(INVALID_LOGIN);
  expect(await alert.textContent()).toBe(wrongPassword);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("bad sign-up input shows field errors", async ({ page, context, baseURL }) => {
  const taken = await signUpViaApi(context.request, baseURL);
  await page.goto("/signup");
  const submit = page.getByRole("button", { name: "Sign up" });
  const username = page.getByLabel("Username", { exact: true });
  const password = page.getByLabel("Password", { exact: true });

  // Empty form.
  await submit.click();
  await expect(page.getByText("Username must be at least 3 characters")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();

  // Username too long.
  await username.fill("x".repeat(33));
  await password.fill("Correct horse battery");
  await submit.click();
  await expect(page.getByText("Username must be at most 32 characters")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters")).toHaveCount(0);

  // Common password.
  await username.fill(newUserData("weak").username);
  await password.fill("password123");
  await submit.click();
  await expect(page.getByText("This password is too common")).toBeVisible();

  // Repetitive password.
  await password.fill("aaaaaaaaaaaa");
  await submit.click();
  await expect(page.getByText(/Password is too repetitive/)).toBeVisible();

  // Duplicate username: only the server knows.
  await username.fill(taken.username);
  await password.fill("Another fine passphrase");
  await submit.click();
  await expect(page.getByText("This username is taken")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("settings: change the display name", async ({ page, user }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText(user.displayName);
  const newName = `Renamed ${user.username}`;
  await page.getByLabel("Display name").fill(newName);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("current-user")).toHaveText(newName);
  await expect(page.getByLabel("Display name")).toHaveValue(newName);

  // An invalid name is refused with a field error.
  await page.getByLabel("Display name").fill("   ");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Display name is required");
});

test("settings: a personal access token works until it is revoked", async ({ page, user, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  try {
    await page.goto("/settings");
    await page.getByLabel("Token name").fill("analysis script");
    await page.getByRole("button", { name: "Create token" }).click();
    const secretLocator = page.getByTestId("new-token");
    await expect(secretLocator).toBeVisible();
    const secret = (await secretLocator.textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThan(20);
    const row = page.getByRole("row").filter({ hasText: "analysis script" });
    await expect(row).toContainText("active");

    const me = await api.get("/api/v1/me", { headers: bearer(secret) });
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(user.username);

    // Shown once: after a reload only the prefix is listed.
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);

    await page.getByRole("button", { name: "Revoke analysis script" }).click();
    await expect(page.getByRole("row").filter({ hasText: "analysis script" })).toContainText("revoked");

    const afterRevoke = await api.get("/api/v1/me", { headers: bearer(secret) });
    expect(afterRevoke.status()).toBe(401);

    const invalid = await api.get("/api/v1/me", { headers: bearer("bb_not-a-real-token") });
    expect(invalid.status()).toBe(401);

    const none = await api.get("/api/v1/me");
    expect(none.status()).toBe(401);
  } finally {
    await api.dispose();
  }
});
