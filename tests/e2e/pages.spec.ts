import { createApiToken, createDebateViaApi, expect, test } from "./fixtures";

// The finish every page shares: titles that name the page, what search engines may index,
// a way back from a missing page, and dark mode by the system setting.

test("a public debate is titled and shared by its title; an unlisted one is not indexed", async ({ page, context, user, baseURL }) => {
  const token = await createApiToken(context, baseURL);
  const title = `Titles ${user.username}`;
  const open = await createDebateViaApi(page.request, token, { title, proposal: "Cache the feed.", context: "Whether a cache **helps** here." });
  const hidden = await createDebateViaApi(page.request, token, { title: `${title} unlisted`, proposal: "Keep it.", visibility: "UNLISTED" });

  await page.goto(`/debates/${open.id}`);
  await expect(page).toHaveTitle(`${title} · Builder/Breaker`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", title);
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0);

  await page.goto(`/debates/${hidden.id}`);
  await expect(page).toHaveTitle(`${title} unlisted · Builder/Breaker`);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.locator('meta[property="og:title"]')).toHaveCount(0);

  await page.goto("/settings");
  await expect(page).toHaveTitle("Settings · Builder/Breaker");
});

test("a missing page, or a private debate seen from outside, says so and offers a way back", async ({ browser, baseURL }) => {
  const visitor = await browser.newContext({ baseURL });
  const page = await visitor.newPage();
  try {
    const response = await page.goto("/debates/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    await expect(page).toHaveTitle("Not found · Builder/Breaker");
    await page.getByRole("link", { name: "All debates" }).click();
    await expect(page).toHaveURL(/\/$/);
  } finally {
    await visitor.close();
  }
});

test("dark mode follows the system setting", async ({ browser, baseURL }) => {
  const background = async (colorScheme: "light" | "dark") => {
    const context = await browser.newContext({ baseURL, colorScheme });
    const page = await context.newPage();
    await page.goto("/signin");
    const colors = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      const field = getComputedStyle(document.querySelector("input")!);
      return { page: style.backgroundColor, ink: style.color, field: field.backgroundColor };
    });
    await context.close();
    return colors;
  };
  const light = await background("light");
  const dark = await background("dark");
  expect(light).toEqual({ page: "rgb(247, 247, 245)", ink: "rgb(29, 31, 35)", field: "rgb(255, 255, 255)" });
  expect(dark).toEqual({ page: "rgb(20, 22, 26)", ink: "rgb(230, 232, 235)", field: "rgb(22, 24, 28)" });
});
