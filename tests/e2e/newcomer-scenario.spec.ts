import { randomInt } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page, PageAssertionsToHaveScreenshotOptions } from "@playwright/test";
import {
  debatePage,
  expect,
  expectNoSeriousViolations,
  newUserData,
  postFromOpenForm,
  selectText,
  signInViaApi,
  signUpViaApi,
  test,
  watchCsp,
} from "./fixtures";

// Issue #13, "Done when": the way a newcomer arrives, end to end and through the UI only.
// An owner creates a private debate and copies its invite link; a signed-out visitor opens
// it, signs up, lands back and joins as Breaker; quotes a passage that runs across bold text
// in a counterexample; the owner patches; the map shows both versions and the counterexample.
// At 1280×800 and at 390×844, with axe on every page and screenshots compared with the
// baselines kept next to this file (newcomer-scenario.spec.ts-snapshots/).
//
// Screenshots are deterministic: fixed display names and texts, fixed locale, time zone and
// colour scheme, no animations; usernames (random per run), timestamps and the invite code
// are masked. Regenerate after a deliberate UI change with `--update-snapshots`.

const VIEWPORTS = [
  { name: "laptop", viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

const TITLE = "Keep the nightly backups offline";
const PROPOSAL_V1 =
  "Copy the nightly backups to a disk that stays **unplugged between runs**, and restore one file from it every week.\n\n- keep four weekly disks\n- label each disk with its date";
const PROPOSAL_V2 =
  "Copy the nightly backups to a disk that stays **unplugged between runs**, and restore one file from it every week.\n\n- keep four weekly disks\n- label each disk with its date\n- keep one disk in another building";
/** Runs across the bold text: three text nodes in the rendered proposal. */
const QUOTED = "a disk that stays unplugged between runs, and restore";
const COUNTEREXAMPLE = "A fire takes the shelf with every disk on it";
const PATCH = "One disk lives in another building";

/** The same every run: what the screenshots show of the two people. */
const OWNER_NAME = "Ada Owner";
const NEWCOMER_NAME = "Ben Newcomer";

/**
 * A unique username of fixed width: digits are equally wide in the page's font, so the
 * masked "(@username)" takes the same room every run. A random mix of letters wrapped
 * "Hosted by …" onto a second line on some runs at 390 px and moved everything below it.
 */
function fixedWidthUserData(prefix: string, displayName: string) {
  const digits = `${Date.now()}${String(randomInt(1000)).padStart(3, "0")}`;
  return { ...newUserData(prefix), username: `${prefix}-${digits}`, displayName };
}

async function newContext(browser: Browser, baseURL: string | undefined, device: (typeof VIEWPORTS)[number]): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: device.viewport,
    deviceScaleFactor: 1,
    isMobile: device.isMobile,
    hasTouch: device.isMobile,
    locale: "en-US",
    timezoneId: "UTC",
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  await watchCsp(context);
  return context;
}

/** Compares the viewport with its baseline; what changes between runs is masked. */
async function expectScreenshot(page: Page, name: string, mask: Locator[] = []) {
  await page.evaluate(() => document.fonts.ready);
  // A stamped time's width changes with the hour ("9:05:12 AM" against "10:53:12 PM") and can
  // wrap the line it sits on, moving everything below; a fixed text keeps the layout still.
  await page.locator("time").evaluateAll((times) => {
    for (const time of times) time.textContent = time.textContent?.includes(",") ? "1/1/2026, 12:00:00 PM" : "1/1/2026";
  });
  const options: PageAssertionsToHaveScreenshotOptions = {
    animations: "disabled",
    caret: "hide",
    scale: "css",
    // Same machine, same fonts: renders match to the pixel. 0.1 % (about 1,000 pixels at
    // 1280×800, 330 at 390×844) absorbs anti-aliasing noise yet fails a line of text moved.
    maxDiffPixelRatio: 0.001,
    // Dates and times the server stamped; usernames carry a random suffix; who is viewing
    // the debate right now changes with the other person's page loads.
    mask: [page.locator("time"), page.getByTestId("owner-username"), page.getByTestId("live-status"), ...mask],
  };
  await expect(page).toHaveScreenshot(`${name}.png`, options);
}

for (const device of VIEWPORTS) {
  test(`a newcomer joins a private debate by its invite link, quotes bold text, and sees the patch on the map (${device.name} ${device.viewport.width}×${device.viewport.height})`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const ownerContext = await newContext(browser, baseURL, device);
    const visitorContext = await newContext(browser, baseURL, device);
    try {
      const ownerData = fixedWidthUserData("owner", OWNER_NAME);
      await signInViaApi(ownerContext, await signUpViaApi(ownerContext.request, baseURL, ownerData));
      const owner = await ownerContext.newPage();

      const debateUrl = await test.step("the owner creates a private debate through the form", async () => {
        await owner.goto("/debates/new");
        await expectNoSeriousViolations(owner, "the new-debate form");
        await owner.getByLabel("Title").fill(TITLE);
        await owner.getByLabel("Proposal (Markdown)").fill(PROPOSAL_V1);
        await owner.getByLabel("Visibility").selectOption("PRIVATE");
        await owner.getByLabel("Your side").selectOption("BUILDER");
        await owner.getByRole("button", { name: "Create debate" }).click();
        await expect(owner.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
        await expect(owner).toHaveURL(/\/debates\/[\w-]+$/);
        await expect(owner.getByTestId("plan").locator(".markdown strong")).toHaveText("unplugged between runs");
        await expectNoSeriousViolations(owner, "the owner's new debate");
        return new URL(owner.url());
      });

      const invitePath = await test.step("…and copies the invite link from the page", async () => {
        await ownerContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: debateUrl.origin });
        await owner.getByText("Invite people").click();
        await owner.getByRole("button", { name: "Copy link" }).click();
        await expect(owner.getByRole("status").filter({ hasText: "Invite link copied" })).toBeVisible();
        const copied = await owner.evaluate(() => navigator.clipboard.readText());
        await expect(owner.getByTestId("invite-link")).toHaveText(copied);
        expect(copied).toMatch(new RegExp(`^${debateUrl.origin}${debateUrl.pathname}\\?invite=[\\w-]+$`));
        const link = new URL(copied);
        return `${link.pathname}${link.search}`;
      });

      const visitor = await visitorContext.newPage();
      const newcomer = fixedWidthUserData("newcomer", NEWCOMER_NAME);
      const invitation = visitor.getByRole("region", { name: "Invitation" });

      await test.step("a signed-out visitor opens the link: the debate and its owner, and a way to sign up", async () => {
        const response = await visitor.goto(invitePath);
        expect(response?.status()).toBe(200);
        await expect(invitation.getByRole("heading", { name: TITLE })).toBeVisible();
        await expect(invitation).toContainText(`Hosted by ${OWNER_NAME}`);
        await expectNoSeriousViolations(visitor, "the invitation, signed out");
        await expectScreenshot(visitor, `invitation-signed-out-${device.name}`);
      });

      await test.step("…signs up from there and lands back on the invitation", async () => {
        await invitation.getByRole("link", { name: "Sign up" }).click();
        await expect(visitor.getByRole("heading", { name: "Create an account" })).toBeVisible();
        await expectNoSeriousViolations(visitor, "the sign-up form");
        await visitor.getByLabel("Username", { exact: true }).fill(newcomer.username);
        await visitor.getByLabel("Display name (optional)").fill(newcomer.displayName);
        await visitor.getByLabel("Password", { exact: true }).fill(newcomer.password);
        await visitor.getByRole("button", { name: "Sign up" }).click();
        await expect(visitor).toHaveURL(new RegExp(`${invitePath.replace("?", "\\?")}$`));
        await expect(visitor.getByTestId("current-user")).toHaveText(NEWCOMER_NAME);
        await expect(invitation.getByRole("button", { name: "Join as Breaker" })).toBeVisible();
        await expectNoSeriousViolations(visitor, "the join page");
        await expectScreenshot(visitor, `join-${device.name}`);
      });

      await test.step("…joins as Breaker", async () => {
        await invitation.getByRole("button", { name: "Join as Breaker" }).click();
        await expect(visitor.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
        await expect(visitor.getByTestId("my-side")).toHaveText("breaker");
        await expectNoSeriousViolations(visitor, "the debate page, just joined");
      });

      await test.step("…and posts a counterexample quoting a passage across the bold text", async () => {
        const room = debatePage(visitor);
        await room.open(TITLE);
        await selectText(visitor, "node-body", QUOTED);
        await room.panel.getByRole("button", { name: "Quote selection" }).click();
        await expect(room.panel.getByText(`Quoting: “${QUOTED}”`)).toBeVisible();
        await postFromOpenForm(visitor, "Counterexample", {
          title: COUNTEREXAMPLE,
          body: "The disks are unplugged but sit on one shelf next to the server; one fire or one flood ends the data and every backup of it.",
        });
        await expect(room.panel.getByTestId("node-quote")).toHaveText(QUOTED);
        await expect(room.panel.getByRole("heading", { name: COUNTEREXAMPLE })).toBeVisible();
        await expect(visitor.getByTestId("current-status")).toHaveText("broken by 1");
        await expectNoSeriousViolations(visitor, "the debate page after the counterexample");
        // The plan, the tree and the new move on a laptop; the move's own view on a phone.
        if (device.isMobile) await room.panel.evaluate((panel) => panel.scrollIntoView({ block: "start" }));
        else await visitor.evaluate(() => window.scrollTo(0, 0));
        await expectScreenshot(visitor, `debate-after-counterexample-${device.name}`);
      });

      await test.step("the owner patches the plan in answer", async () => {
        const room = debatePage(owner);
        await owner.reload();
        await room.open(COUNTEREXAMPLE);
        await room.reply("Patch", { title: PATCH, body: "A fire or a flood cannot reach both buildings at once.", proposal: PROPOSAL_V2 });
        await expect(owner.getByTestId("plan").getByTestId("plan-version")).toHaveText("· v2");
        await expect(owner.getByTestId("current-status")).toHaveText("stands");
        await expectNoSeriousViolations(owner, "the debate page after the patch");
      });

      await test.step("the map shows both versions and the counterexample", async () => {
        // On a phone the move is its own view: back to the tree first.
        if (device.isMobile) await owner.getByRole("button", { name: "← Back to the tree" }).click();
        await owner.getByRole("tab", { name: "Map" }).click();
        const map = owner.getByRole("tree", { name: "Argument map" });
        const items = map.getByRole("treeitem");
        await expect(items).toHaveCount(3);
        await expect(items.filter({ has: owner.locator("text", { hasText: "PROPOSAL · v1" }) })).toHaveAttribute("aria-label", new RegExp(TITLE));
        await expect(items.filter({ has: owner.locator("text", { hasText: "COUNTEREXAMPLE" }) })).toHaveAttribute("aria-label", new RegExp(COUNTEREXAMPLE));
        await expect(items.filter({ has: owner.locator("text", { hasText: "PATCH · v2" }) })).toHaveAttribute("aria-label", new RegExp(PATCH));
        await owner.getByRole("button", { name: "Fit the map to the view" }).click();
        await expectNoSeriousViolations(owner, "the map view");
        await owner.getByTestId("argument-map").scrollIntoViewIfNeeded();
        await expectScreenshot(owner, `map-${device.name}`);
      });
    } finally {
      await visitorContext.close();
      await ownerContext.close();
    }
  });
}
