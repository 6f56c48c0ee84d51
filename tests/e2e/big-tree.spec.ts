import { bearer, createApiToken, debatePage, expect, test } from "./fixtures";

// A debate too large to send whole (docs/api.md, "The tree"): the page opens with its
// first rows and the top-level branches, a branch not read yet loads when opened, and
// "Show more" pages in the rest through GET /tree's cursor.

const A_LEAVES = 400;
const B_LEAVES = 10;
const D_LEAVES = 4_600;
const TOTAL = 1 + 1 + A_LEAVES + 1 + B_LEAVES + 1 + 1 + D_LEAVES;

function outline(title: string): string {
  const lines = [`Discussion Title: ${title}`, "", `1. ${title}`, "1.1. Con: Branch A breaks it"];
  for (let i = 1; i <= A_LEAVES; i++) lines.push(`1.1.${i}. Pro: A leaf ${i}`);
  lines.push("1.2. Con: Branch B breaks it");
  for (let i = 1; i <= B_LEAVES; i++) lines.push(`1.2.${i}. Pro: B leaf ${i}`);
  lines.push("1.3. Pro: Branch C holds", "1.4. Con: Branch D breaks it");
  for (let i = 1; i <= D_LEAVES; i++) lines.push(`1.4.${i}. Pro: D leaf ${i}`);
  return `${lines.join("\n")}\n`;
}

const loaded = async (status: import("@playwright/test").Locator) => Number(/· ([\d,]+) of/.exec((await status.textContent()) ?? "")![1]!.replace(/,/g, ""));

test("a 5,000+ node debate shows its first rows at once; opening a branch and Show more load the rest", async ({ page, user, baseURL }) => {
  test.setTimeout(180_000);
  const token = await createApiToken(page.context(), baseURL);
  const title = `Big ${user.username}`;
  const imported = await page.request.post("/api/v1/debates/import?format=kialo&visibility=PUBLIC", {
    headers: { ...bearer(token), "content-type": "text/plain" },
    data: outline(title),
    timeout: 120_000,
  });
  expect(imported.status()).toBe(201);
  const { debate } = (await imported.json()) as { debate: { id: string } };

  await page.goto(`/debates/${debate.id}`);
  const room = debatePage(page);
  await expect(room.treeItem("Branch A breaks it")).toBeVisible({ timeout: 30_000 });
  await expect(room.treeItem(/A leaf 1$/)).toBeVisible();
  // The page gets a few hundred rows, not the whole debate.
  const body = (await (await page.request.get(`/api/v1/debates/${debate.id}/overview`, { timeout: 60_000 })).json()) as { nodes: unknown[]; outline: { total: number; complete: boolean } };
  expect(body.outline).toMatchObject({ total: TOTAL, complete: false });
  expect(body.nodes.length).toBeLessThan(1_000);
  const status = page.getByTestId("outline-loaded");
  await expect(status).toContainText(`of ${TOTAL.toLocaleString("en-US")} moves loaded`);
  const first = await loaded(status);
  expect(first).toBe(body.nodes.length);

  // Fold branch A: the other top-level branches are there, B with its 10 moves not read yet.
  await room.treeItem("Branch A breaks it").getByRole("button", { name: "Collapse branch" }).click();
  const branchB = room.treeItem("Branch B breaks it");
  await expect(branchB).toBeVisible();
  await expect(branchB).toHaveAttribute("aria-expanded", "false");
  await expect(room.treeItem("Branch D breaks it")).toContainText(`(${D_LEAVES})`);
  await branchB.getByRole("button", { name: "Expand branch" }).click();
  await expect(room.treeItem(/B leaf 10$/)).toBeVisible();
  await expect(branchB).toHaveAttribute("aria-expanded", "true");
  await expect.poll(() => loaded(status)).toBe(first + B_LEAVES);

  // Show more: the next page in reading order.
  await page.getByRole("button", { name: "Show more" }).click();
  await expect.poll(() => loaded(status)).toBeGreaterThan(first + B_LEAVES + 200);
  const dom = await page.evaluate(() => document.getElementsByTagName("*").length);
  expect(dom).toBeLessThan(2_000);
});
