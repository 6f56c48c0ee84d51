import { createApiToken, createDebateViaApi, expect, expectNoSeriousViolations, newUserData, postNodeViaApi, signInViaApi, signUpViaApi, test, watchCsp } from "./fixtures";

// Issue #13: axe reports no serious or critical violation on every main page, signed in and
// signed out, on a laptop in light and on a phone in dark (the debate page itself, its map and
// forms are covered with more states in debate-page, map and newcomer-scenario specs).

const VIEWS = [
  { name: "1280 light", viewport: { width: 1280, height: 800 }, colorScheme: "light" as const },
  { name: "390 dark", viewport: { width: 390, height: 844 }, colorScheme: "dark" as const },
];

const SIGNED_OUT_PAGES = ["/", "/signin", "/signup", "/forgot-password", "/debates/no-such-debate"];
const SIGNED_IN_PAGES = ["/", "/debates/new", "/import", "/agenda", "/revisit", "/notifications", "/settings"];
const DEBATE_PAGES = ["state", "rounds", "agenda", "activity", "members"];

test("every main page passes axe, signed out and signed in, laptop light and phone dark", async ({ browser, baseURL }) => {
  test.setTimeout(480_000);
  const setup = await browser.newContext({ baseURL });
  const owner = await signUpViaApi(setup.request, baseURL, newUserData("a11y"));
  await signInViaApi(setup, owner);
  const token = await createApiToken(setup, baseURL);
  const debate = await createDebateViaApi(setup.request, token, {
    title: "Accessibility sweep",
    proposal: "Keep **two** copies of every backup, one of them off site.",
    visibility: "PUBLIC",
  });
  await postNodeViaApi(setup.request, token, debate.id, { parentId: debate.rootNodeId, kind: "QUESTION", title: "Which site?", body: "Where does the second copy live?" });
  await setup.close();

  for (const view of VIEWS) {
    const anonymous = await browser.newContext({ baseURL, viewport: view.viewport, colorScheme: view.colorScheme });
    const signedIn = await browser.newContext({ baseURL, viewport: view.viewport, colorScheme: view.colorScheme });
    try {
      await watchCsp(anonymous);
      await watchCsp(signedIn);
      await signInViaApi(signedIn, owner);
      const visitor = await anonymous.newPage();
      for (const path of SIGNED_OUT_PAGES) {
        await visitor.goto(path);
        await expect(visitor.locator("main")).toBeVisible();
        await expectNoSeriousViolations(visitor, `${path} signed out at ${view.name}`);
      }
      const page = await signedIn.newPage();
      for (const path of [...SIGNED_IN_PAGES, ...DEBATE_PAGES.map((p) => `/debates/${debate.id}/${p}`)]) {
        await page.goto(path);
        await expect(page.locator("main")).toBeVisible();
        await expectNoSeriousViolations(page, `${path} signed in at ${view.name}`);
      }
    } finally {
      await anonymous.close();
      await signedIn.close();
    }
  }
});
