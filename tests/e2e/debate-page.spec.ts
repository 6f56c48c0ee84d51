import type { Browser, BrowserContext, Page } from "@playwright/test";
import {
  createApiToken, createDebateViaApi, debatePage, expect, expectNoSeriousViolations, joinViaApi, newUserData, postNodeViaApi, signInViaApi, signUpViaApi, test, watchCsp,
} from "./fixtures";

// The debate page as people meet it (#13): the plan first (rendered, its version and
// standing, the history with rendered diffs), the tree in view at 1280×800 for every
// role, a two-row header and an in-view panel at 390 px, plain activity lines, a
// Markdown preview, the first-visit hint, and no serious accessibility violation.

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const PROPOSAL_V1 = "Route **every** answer through a trusted monitor.\n\n- log each decision\n- review weekly";
const PROPOSAL_V2 = "Route **every** answer through two independent monitors.\n\n- log each decision\n- review weekly\n- rotate the monitors monthly";

// A formula (typeset by KaTeX) beside money (left as text).
const COLLUSION_BODY = "A monitor trained on the same data shares its blind spots: $p_2 \\ge p_1$ for $3 a run.";
const COLLUSION_QUOTE = COLLUSION_BODY; // quoted as written: the formula by its TeX source

interface Setup {
  debateId: string;
  rootNodeId: string;
  counterexampleId: string;
  owner: { context: BrowserContext; page: Page };
  breaker: { context: BrowserContext; page: Page };
}

/** A debate with a plan in two versions, a counterexample answered by the patch, and one still live. */
async function setUp(browser: Browser, baseURL: string | undefined, label: string): Promise<Setup> {
  const session = async (prefix: string) => {
    const context = await browser.newContext({ baseURL, viewport: LAPTOP });
    await watchCsp(context);
    const user = await signUpViaApi(context.request, baseURL, newUserData(prefix));
    await signInViaApi(context, user);
    return { context, page: await context.newPage(), token: await createApiToken(context, baseURL) };
  };
  const owner = await session("owner");
  const breaker = await session("breaker");
  const debate = await createDebateViaApi(owner.page.request, owner.token, {
    title: `${label}: monitor every answer`,
    proposal: PROPOSAL_V1,
    context: "Can one monitor catch a misbehaving model?",
    side: "BUILDER",
  });
  await joinViaApi(breaker.context.request, breaker.token, debate.id, "BREAKER");
  const collusion = await postNodeViaApi(breaker.page.request, breaker.token, debate.id, {
    parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "The monitor colludes with the model it watches", body: COLLUSION_BODY,
  });
  await postNodeViaApi(owner.page.request, owner.token, debate.id, {
    parentId: collusion.id, kind: "PATCH", title: "Two independent monitors", body: "Independence answers collusion.", proposal: PROPOSAL_V2, answersNodeIds: [collusion.id],
  });
  const latency = await postNodeViaApi(breaker.page.request, breaker.token, debate.id, {
    parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Two monitors double the latency of every answer", body: "Users wait twice as long, and each answer costs $5 instead of $2.",
  });
  return { debateId: debate.id, rootNodeId: debate.rootNodeId, counterexampleId: latency.id, owner, breaker };
}

test.describe("the debate page", () => {
  test.describe.configure({ timeout: 120_000 });

  test("the plan first: current version rendered with its standing; history one click away with a rendered diff", async ({ browser, baseURL }, testInfo) => {
    const s = await setUp(browser, baseURL, "Plan");
    const visitor = await browser.newContext({ baseURL, viewport: LAPTOP });
    try {
      const page = await visitor.newPage();
      await page.goto(`/debates/${s.debateId}`);
      const plan = page.getByTestId("plan");
      await expect(plan.getByTestId("plan-version")).toHaveText("· v2");
      await expect(plan.getByTestId("current-status")).toHaveText("broken by 1");
      await expect(plan.getByTestId("plan-standing")).toHaveText("v2 is broken by 1 live counterexample that no patch or accepted rebuttal has answered yet. 1 counterexample answered by a patch.");
      // Rendered, not Markdown source.
      await expect(plan.locator(".markdown strong")).toHaveText("every");
      await expect(plan.locator(".markdown")).not.toContainText("**");
      // The plan sits above the tree.
      const planBox = (await plan.boundingBox())!;
      const treeBox = (await page.getByRole("tree", { name: "Debate tree" }).boundingBox())!;
      expect(planBox.y).toBeLessThan(treeBox.y);

      await plan.getByText("History of the plan (2 versions)").click();
      const v2 = plan.getByTestId("version-2");
      const diff = v2.getByTestId("version-diff");
      await expect(diff.locator("ins").filter({ hasText: "independent" })).toBeVisible();
      await expect(diff.locator("del").filter({ hasText: "trusted" })).toBeVisible();
      await expect(diff.locator("li ins").filter({ hasText: "rotate the monitors monthly" })).toBeVisible();
      await expect(diff.locator("strong")).toHaveText("every");
      await expect(diff).not.toContainText("**");
      await plan.getByTestId("version-1").locator("summary").click();
      await expect(plan.getByTestId("version-1").getByTestId("version-diff").locator("li")).toHaveText(["log each decision", "review weekly"]);
      await page.screenshot({ path: testInfo.outputPath("plan-history-1280.png") });
    } finally {
      await visitor.close();
      await s.owner.context.close();
      await s.breaker.context.close();
    }
  });

  test("the tree in view: the first rows are above the fold at 1280×800 for every role", async ({ browser, baseURL }, testInfo) => {
    const s = await setUp(browser, baseURL, "Fold");
    const anonymous = await browser.newContext({ baseURL, viewport: LAPTOP });
    const outsider = await browser.newContext({ baseURL, viewport: LAPTOP });
    const observer = await browser.newContext({ baseURL, viewport: LAPTOP });
    try {
      await signInViaApi(outsider, await signUpViaApi(outsider.request, baseURL, newUserData("outsider")));
      await signInViaApi(observer, await signUpViaApi(observer.request, baseURL, newUserData("observer")));
      await joinViaApi(observer.request, await createApiToken(observer, baseURL), s.debateId, "OBSERVER");
      const roles: [string, BrowserContext][] = [
        ["owner", s.owner.context], ["breaker", s.breaker.context], ["observer", observer], ["signed-in visitor", outsider], ["anonymous", anonymous],
      ];
      for (const [role, context] of roles) {
        const page = await context.newPage();
        await page.goto(`/debates/${s.debateId}`);
        await expect(page.getByTestId("plan").locator(".markdown strong")).toHaveText("every");
        const rows = page.getByRole("treeitem");
        await expect(rows.first()).toBeVisible();
        const bottoms = await rows.evaluateAll((els) => els.slice(0, 3).map((el) => el.getBoundingClientRect().bottom));
        await page.screenshot({ path: testInfo.outputPath(`fold-${role.replace(/ /g, "-")}-1280.png`) });
        console.log(`[fold] ${role}: first three tree rows end at ${bottoms.map(Math.round).join(", ")} px of ${LAPTOP.height}`);
        expect(bottoms.length, role).toBe(3);
        for (const bottom of bottoms) expect(bottom, `${role}: a first tree row is below the fold`).toBeLessThanOrEqual(LAPTOP.height);
        await page.close();
      }
    } finally {
      await anonymous.close();
      await outsider.close();
      await observer.close();
      await s.owner.context.close();
      await s.breaker.context.close();
    }
  });

  test("at 390 px: a two-row header, nothing sideways, a tapped move brings its panel into view", async ({ browser, baseURL }, testInfo) => {
    const s = await setUp(browser, baseURL, "Phone");
    const phone = await browser.newContext({ baseURL, viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await signInViaApi(phone, await signUpViaApi(phone.request, baseURL, newUserData("phone")));
      const page = await phone.newPage();
      await page.goto(`/debates/${s.debateId}`);
      await expect(page.getByTestId("plan").locator(".markdown strong")).toHaveText("every");
      const rows = await page.getByTestId("debate-header").evaluate((header) => {
        const h1 = header.querySelector("h1")!;
        const style = getComputedStyle(h1);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
        const titleRows = Math.round(h1.getBoundingClientRect().height / lineHeight);
        // The meta line: its items' distinct vertical centres are its rows.
        const tops = new Set([...header.querySelectorAll(".debate-meta > *")].map((el) => {
          const box = el.getBoundingClientRect();
          return Math.round((box.top + box.bottom) / 2 / 12);
        }));
        return titleRows + tops.size;
      });
      await page.screenshot({ path: testInfo.outputPath("phone-top-390.png") });
      expect(rows, "rows of the debate header at 390 px").toBeLessThanOrEqual(2);
      // First visit: "How this debate works" is one folded line that opens (shown once, above the tree).
      const hint = page.getByTestId("how-it-works");
      await expect(hint).toBeVisible();
      expect((await hint.boundingBox())!.height, "the folded first-visit hint at 390 px").toBeLessThanOrEqual(44);
      const tabsHeight = (await page.getByRole("tablist", { name: /view/i }).first().boundingBox())?.height ?? 0;
      const treeBottoms = await page.getByRole("treeitem").evaluateAll((els) => els.slice(0, 2).map((el) => el.getBoundingClientRect().bottom));
      // Still below the fold for a visitor not yet on a side: the plan, the join bar and the tree toolbar come first (#13, left open).
      console.log(`[fold] 390: first two tree rows end at ${treeBottoms.map(Math.round).join(", ")} px of ${PHONE.height}; view tabs ${Math.round(tabsHeight)} px high`);
      await hint.getByText("How this debate works").tap();
      await expect(hint.getByText("posts counterexamples")).toBeVisible();
      await hint.getByText("How this debate works").tap();
      // The site header too: brand, Debates, notifications and a menu.
      const navRows = await page.getByRole("navigation", { name: "Main" }).evaluate((nav) => {
        const shown = [...nav.children].filter((el) => el.getBoundingClientRect().width > 0 && !el.classList.contains("spacer"));
        return new Set(shown.map((el) => Math.round(el.getBoundingClientRect().top / 16))).size;
      });
      expect(navRows, "rows of the site header at 390 px").toBeLessThanOrEqual(2);
      await page.getByRole("navigation", { name: "Main" }).getByText("Menu").tap();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New debate" })).toBeVisible();
      await page.getByRole("navigation", { name: "Main" }).getByText("Menu").tap();
      const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth > document.scrollingElement!.clientWidth);
      expect(sideways, "the page scrolls sideways").toBe(false);

      const room = debatePage(page);
      await room.treeItem("double the latency").tap();
      const heading = room.panel.getByRole("heading", { name: /double the latency/ });
      await expect(heading).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath("phone-panel-390.png") });
    } finally {
      await phone.close();
      await s.owner.context.close();
      await s.breaker.context.close();
    }
  });

  test("a Markdown preview in the move form; the first-visit hint can be dismissed for good; activity in sentences", async ({ browser, baseURL }) => {
    const s = await setUp(browser, baseURL, "Forms");
    try {
      const page = s.breaker.page;
      await page.goto(`/debates/${s.debateId}`);
      const hint = page.getByTestId("how-it-works");
      await expect(hint).toContainText("Breaker posts counterexamples");
      await hint.getByRole("button", { name: "Got it, hide this" }).click();
      await expect(hint).toHaveCount(0);
      await page.reload();
      await expect(page.getByTestId("plan").locator(".markdown strong")).toHaveText("every");
      await expect(page.getByTestId("how-it-works")).toHaveCount(0);

      const room = debatePage(page);
      // Formulas are typeset; money is not; a passage with a formula quotes its TeX source.
      await room.open("colludes");
      const body = room.panel.getByTestId("node-body");
      await expect(body.locator(".katex")).toHaveCount(1);
      await expect(body.locator(".katex-html")).toBeVisible();
      await expect(body).toContainText("for $3 a run.");
      await body.locator("p").first().evaluate((paragraph) => {
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
      });
      await room.panel.getByRole("button", { name: "Quote selection" }).click();
      await expect(room.panel.getByText(`Quoting: “${COLLUSION_QUOTE}”`)).toBeVisible();
      await room.open("double the latency");
      await expect(room.panel.getByTestId("node-body").locator(".katex")).toHaveCount(0);
      await expect(room.panel.getByTestId("node-body")).toContainText("costs $5 instead of $2.");
      await room.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = page.getByRole("form", { name: "Post a move" });
      await form.getByRole("radio", { name: "Comment" }).check();
      await form.locator("#move-body").fill("If $$\\sum_i p_i = 1$$ then **fine**.");
      await form.getByRole("tab", { name: "Preview" }).click();
      await expect(form.getByTestId("move-body-preview").locator(".katex")).toBeVisible();
      await form.getByRole("tab", { name: "Write" }).click();
      await form.locator("#move-body").fill("Latency is **measured** at the [edge](https://example.org/edge).");
      await form.getByRole("tab", { name: "Preview" }).click();
      const preview = form.getByTestId("move-body-preview");
      await expect(preview.locator("strong")).toHaveText("measured");
      await expect(preview.getByRole("link", { name: "edge" })).toHaveAttribute("href", "https://example.org/edge");
      await form.getByRole("tab", { name: "Write" }).click();
      await expect(form.locator("#move-body")).toHaveValue("Latency is **measured** at the [edge](https://example.org/edge).");

      await page.goto(`/debates/${s.debateId}/activity`);
      const feed = page.getByTestId("activity");
      await expect(feed).toContainText("posted a counterexample to v1: “The monitor colludes with the model it watches”");
      await expect(feed).toContainText("patched the plan to v2: “Two independent monitors”");
      await expect(feed).not.toContainText("node.created");
    } finally {
      await s.owner.context.close();
      await s.breaker.context.close();
    }
  });

  test("axe finds no serious or critical violation at 1280 and 390, light and dark", async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(360_000);
    const s = await setUp(browser, baseURL, "Axe");
    try {
      for (const colorScheme of ["light", "dark"] as const) {
        for (const viewport of [LAPTOP, PHONE]) {
          const where = `${viewport.width} ${colorScheme}`;
          const context = await browser.newContext({ baseURL, viewport, colorScheme });
          try {
            const page = await context.newPage();
            await page.goto(`/debates/${s.debateId}`);
            await expect(page.getByTestId("plan").locator(".markdown strong")).toHaveText("every");
            await expect(page.getByRole("treeitem").first()).toBeVisible();
            await expectNoSeriousViolations(page, `the debate page at ${where}`);
            await page.screenshot({ path: testInfo.outputPath(`debate-${viewport.width}-${colorScheme}.png`) });
            // The history with its diff, and an open move.
            await page.getByText(/History of the plan/).click();
            await expect(page.getByTestId("version-2").getByTestId("version-diff")).toBeVisible();
            await debatePage(page).treeItem("colludes").click();
            await expect(page.getByTestId("node-panel").getByTestId("node-body")).toBeVisible();
            await expectNoSeriousViolations(page, `the debate page with history and a move open at ${where}`);
            await page.screenshot({ path: testInfo.outputPath(`debate-open-${viewport.width}-${colorScheme}.png`), fullPage: true });
          } finally {
            await context.close();
          }
        }
      }
      // Signed in as the Breaker, with the reply form and its tabs open.
      const page = s.breaker.page;
      await page.goto(`/debates/${s.debateId}`);
      await debatePage(page).open("colludes");
      await page.getByTestId("node-panel").getByRole("button", { name: "Reply", exact: true }).click();
      await expect(page.getByRole("form", { name: "Post a move" })).toBeVisible();
      await expectNoSeriousViolations(page, "the reply form");
      await page.goto(`/debates/${s.debateId}/activity`);
      await expectNoSeriousViolations(page, "the activity page");
    } finally {
      await s.owner.context.close();
      await s.breaker.context.close();
    }
  });
});
