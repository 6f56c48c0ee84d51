import type { Page } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test } from "./fixtures";

// The argument map (#13): the demo debate drawn as a map beside the node panel, sharing the
// outline's selection; mouse, keyboard and zoom; and at phone width, a tab that fits the screen.

const DEMO_TITLE = "Can a weaker trusted monitor catch a deceptive assistant?";

async function openDemoMap(page: Page) {
  const response = await page.request.get("/api/v1/debates?limit=50");
  const { debates } = (await response.json()) as { debates: { id: string; title: string }[] };
  const demo = debates.find((d) => d.title === DEMO_TITLE);
  expect(demo, "the demo debate is seeded").toBeTruthy();
  await page.goto(`/debates/${demo!.id}`);
  await page.getByRole("tab", { name: "Map" }).click();
  const map = page.getByRole("tree", { name: "Argument map" });
  await expect(map.getByRole("treeitem").first()).toBeVisible();
  return map;
}

const zoomOf = async (page: Page) => Number(await page.getByTestId("argument-map").getAttribute("data-zoom"));
const selectedLabel = (page: Page) => page.getByRole("tree", { name: "Argument map" }).locator('[role="treeitem"][aria-selected="true"]');

test("the demo debate as a map: click opens the node panel, arrows walk the tree, zoom buttons zoom", async ({ page }) => {
  const workers: string[] = [];
  page.on("worker", (worker) => workers.push(worker.url()));
  const map = await openDemoMap(page);
  // The layout ran in a Web Worker (allowed by the CSP's worker-src), not on the main thread.
  expect(workers.length, "the map's layout worker started").toBeGreaterThan(0);
  const items = map.getByRole("treeitem");
  expect(await items.count()).toBeGreaterThan(3);
  // The map has its legend (the outline has one too, so the first of them).
  await expect(page.getByText("Legend").first()).toBeVisible();

  // The proposal is the root; a reply below it opens the shared node panel.
  const root = items.filter({ has: page.locator("text") }).first();
  await expect(root).toHaveAttribute("aria-level", "1");
  const reply = map.locator('[role="treeitem"][aria-level="2"]').first();
  const replyLabel = (await reply.getAttribute("aria-label"))!;
  const replyId = (await reply.getAttribute("id"))!.replace("map-node-", "");
  await reply.click();
  await expect(reply).toHaveAttribute("aria-selected", "true");
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByTestId("node-body")).toBeVisible();
  // The panel shows the move the map names.
  const heading = (await panel.getByRole("heading").first().textContent())!.trim();
  expect(replyLabel).toContain(heading);
  expect(new URL(page.url()).hash).toBe(`#node-${replyId}`);

  // Keyboard: up to the parent (the proposal), down to its first reply, right to a sibling.
  await map.focus();
  await page.keyboard.press("ArrowUp");
  await expect(selectedLabel(page)).toHaveAttribute("aria-level", "1");
  await expect(map).toHaveAttribute("aria-activedescendant", /^map-node-/);
  await page.keyboard.press("ArrowDown");
  await expect(selectedLabel(page)).toHaveAttribute("aria-level", "2");
  const first = await selectedLabel(page).getAttribute("id");
  const siblings = await map.locator('[role="treeitem"][aria-level="2"]').count();
  if (siblings > 1) {
    await page.keyboard.press("ArrowRight");
    await expect(selectedLabel(page)).toHaveAttribute("aria-level", "2");
    expect(await selectedLabel(page).getAttribute("id")).not.toBe(first);
  }

  // The outline shares the selection.
  const selectedId = (await selectedLabel(page).getAttribute("id"))!.replace("map-node-", "");
  await page.getByRole("tab", { name: "Outline" }).click();
  await expect(page.getByRole("tree", { name: "Debate tree" }).locator(`[data-node-id="${selectedId}"]`)).toHaveAttribute("aria-selected", "true");
  await page.getByRole("tab", { name: "Map" }).click();

  // Zoom buttons change the scale; Fit brings the whole map back in view.
  const before = await zoomOf(page);
  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(before);
  const zoomedIn = await zoomOf(page);
  await page.getByRole("button", { name: "Zoom out" }).click();
  await page.getByRole("button", { name: "Zoom out" }).click();
  await expect.poll(() => zoomOf(page)).toBeLessThan(zoomedIn);
  await page.getByRole("button", { name: "Fit the map to the view" }).click();
  await expect.poll(() => zoomOf(page)).toBeLessThanOrEqual(1);

  // Wheel zoom over the map zooms it (and does not scroll the page).
  await page.getByTestId("argument-map").scrollIntoViewIfNeeded();
  const box = (await page.getByTestId("argument-map").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const scrolled = await page.evaluate(() => window.scrollY);
  const fitted = await zoomOf(page);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(fitted);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);

  // Axe reads only the words on screen: fit first, so no node is half clipped by the viewport.
  await page.getByRole("button", { name: "Fit the map to the view" }).click();
  const axe = await new AxeBuilder({ page }).include('[data-testid="argument-map"]').analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
});

test("at 390×844 the map is a tab that fits the screen; a tapped node opens its panel with a way back", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  try {
    const map = await openDemoMap(page);
    const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideways()).toBe(true);
    const mapBox = (await page.getByTestId("argument-map").boundingBox())!;
    expect(mapBox.x + mapBox.width).toBeLessThanOrEqual(390);

    await map.locator('[role="treeitem"][aria-level="2"]').first().click();
    const panel = page.getByTestId("node-panel");
    await expect(panel.getByTestId("node-body")).toBeVisible();
    expect(await noSideways()).toBe(true);
    await page.getByRole("button", { name: "← Back to the tree" }).click();
    await expect(map).toBeVisible();
    expect(await noSideways()).toBe(true);
  } finally {
    await context.close();
  }
});
