import { expect, test } from "./fixtures";

// The API reference (/docs/api): Scalar renders the served OpenAPI document, from the
// app's own copy of its bundle (no CDN: the page must work offline) and under the
// nonce CSP every page has (the cspViolations fixture fails the test on any violation).

test("the API reference lists the operations of /api/v1/openapi.json, offline and under the nonce CSP", async ({ page, baseURL }) => {
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(baseURL!) && !request.url().startsWith("data:")) elsewhere.push(request.url());
  });

  await page.setViewportSize({ width: 1280, height: 800 });
  const response = await page.goto("/docs/api");
  expect(response!.status()).toBe(200);
  const scriptSrc = (response!.headers()["content-security-policy"] ?? "").split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/]+={0,2}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");

  // One reference (not a second, empty one), its operations grouped by tag: the move endpoint,
  // with its path and the Idempotency-Key header it documents.
  await expect(page.getByRole("main", { name: /^API documentation for/ })).toHaveCount(1);
  const sidebar = page.getByRole("complementary", { name: "Sidebar for Builder/Breaker API" });
  await sidebar.getByRole("link", { name: "tree", exact: true }).click({ timeout: 20_000 });
  const move = sidebar.getByRole("link", { name: /^Post a move \(counterexample/ });
  await move.click();
  const operation = page.getByRole("main").locator("section", { hasText: "Post a move (counterexample" }).last();
  await expect(operation.getByText("/debates/{debateId}/nodes").first()).toBeVisible();
  await expect(operation.getByText("Idempotency-Key").first()).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/api-reference-1280x800.png" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/docs/api");
  await expect(page.getByRole("link", { name: "Builder/Breaker" })).toBeVisible();
  await expect(page.getByText("Builder/Breaker API").first()).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: "test-results/e2e/api-reference-390x844.png" });

  expect(elsewhere, "requests that left the server").toEqual([]);
});

test("every page's footer links to the API reference", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByText("Builder/Breaker API").first()).toBeVisible({ timeout: 20_000 });
});
