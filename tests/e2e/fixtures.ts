import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

// Shared Playwright fixtures: unique users signed up through the API and signed in
// through next-auth's credentials callback (the sign-in form itself is tested in
// auth.spec.ts), API tokens, and debates created through the API.

export interface TestUser {
  id: string;
  username: string;
  password: string;
  displayName: string;
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  user: TestUser;
}

/** A unique, valid username (3–32 characters). */
export function uniqueUsername(prefix = "u"): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}`.slice(0, 32);
}

export function newUserData(prefix = "u"): Omit<TestUser, "id"> {
  const username = uniqueUsername(prefix);
  return { username, password: `Correct horse ${randomBytes(6).toString("hex")}!`, displayName: `Tester ${username}` };
}

/** Origin header for cookie-authenticated mutations (the API refuses cross-site ones). */
export function originOf(baseURL: string | undefined): Record<string, string> {
  if (!baseURL) throw new Error("baseURL is not set (playwright.config.ts use.baseURL)");
  return { origin: new URL(baseURL).origin };
}

export async function signUpViaApi(request: APIRequestContext, baseURL: string | undefined, data = newUserData()): Promise<TestUser> {
  const response = await request.post("/api/v1/auth/signup", {
    headers: originOf(baseURL),
    data: { username: data.username, password: data.password, displayName: data.displayName },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { user } = (await response.json()) as { user: { id: string } };
  return { ...data, id: user.id };
}

/** Signs the context in through next-auth's credentials callback (CSRF token first). */
export async function signInViaApi(context: BrowserContext, user: Pick<TestUser, "username" | "password">): Promise<void> {
  const csrf = await context.request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, login: user.username, password: user.password, json: "true", callbackUrl: "/" },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const cookies = await context.cookies();
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token")), "no session cookie after sign-in").toBe(true);
}

/** CSP violations seen by the running test's contexts (the `cspViolations` fixture fails the test on any). */
let violations: string[] | null = null;

/**
 * Records every Content-Security-Policy violation in the context's pages: the
 * `securitypolicyviolation` event (also fired for violations the page catches,
 * such as a probing `new Function`) and Chromium's console errors naming the
 * Content Security Policy.
 */
export async function watchCsp(context: BrowserContext, seen: string[] | null = violations): Promise<void> {
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`[csp-violation] ${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  context.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && (text.startsWith("[csp-violation]") || text.includes("Content Security Policy"))) {
      seen?.push(`${message.page()?.url() ?? "?"}: ${text}`);
    }
  });
}

/** A second (third…) person: their own browser context, signed up and signed in. */
export async function signedInContext(browser: Browser, baseURL: string | undefined, prefix = "u"): Promise<SignedIn> {
  const context = await browser.newContext({ baseURL });
  await watchCsp(context);
  const user = await signUpViaApi(context.request, baseURL, newUserData(prefix));
  await signInViaApi(context, user);
  const page = await context.newPage();
  return { context, page, user };
}

/** Creates a personal access token for the signed-in context; returns its secret. */
export async function createApiToken(context: BrowserContext, baseURL: string | undefined, name = "e2e"): Promise<string> {
  const response = await context.request.post("/api/v1/me/tokens", { headers: originOf(baseURL), data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  const { token } = (await response.json()) as { token: { secret: string } };
  return token.secret;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface DebateInput {
  title: string;
  proposal: string;
  context?: string;
  visibility?: "PUBLIC" | "UNLISTED" | "PRIVATE";
  playMode?: "OPEN" | "STRICT";
  side?: "BUILDER" | "BREAKER" | "OBSERVER";
}

export async function createDebateViaApi(request: APIRequestContext, token: string, input: DebateInput): Promise<{ id: string; rootNodeId: string }> {
  const response = await request.post("/api/v1/debates", { headers: bearer(token), data: input });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { debate: { id: string; rootNodeId: string } }).debate;
}

export async function joinViaApi(request: APIRequestContext, token: string, debateId: string, side: "BUILDER" | "BREAKER" | "OBSERVER") {
  const response = await request.post(`/api/v1/debates/${debateId}/join`, { headers: bearer(token), data: { side } });
  expect(response.status(), await response.text()).toBe(201);
}

/**
 * The usual two-player start, through the API: the test's signed-in user (A) owns a new
 * debate as Builder; B, a second user in their own browser context, joins as Breaker.
 * The caller closes `breaker.context`.
 */
export async function debateWithBreaker(
  owner: { page: Page; context: BrowserContext },
  browser: Browser,
  baseURL: string | undefined,
  input: { title: string; proposal: string; breakerPrefix?: string },
): Promise<{ debate: { id: string; rootNodeId: string }; ownerToken: string; breaker: SignedIn; breakerToken: string }> {
  const ownerToken = await createApiToken(owner.context, baseURL);
  const debate = await createDebateViaApi(owner.page.request, ownerToken, { title: input.title, proposal: input.proposal, side: "BUILDER" });
  const breaker = await signedInContext(browser, baseURL, input.breakerPrefix ?? "breaker");
  const breakerToken = await createApiToken(breaker.context, baseURL);
  await joinViaApi(breaker.context.request, breakerToken, debate.id, "BREAKER");
  return { debate, ownerToken, breaker, breakerToken };
}

export async function postNodeViaApi(
  request: APIRequestContext,
  token: string,
  debateId: string,
  node: { parentId: string; kind: string; title?: string; body: string; proposal?: string; answersNodeIds?: string[] },
): Promise<{ id: string }> {
  const response = await request.post(`/api/v1/debates/${debateId}/nodes`, { headers: bearer(token), data: node });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { node: { id: string } }).node;
}

/** The debate page's locators, by role and label. */
export function debatePage(page: Page) {
  const tree = page.getByRole("tree", { name: "Debate tree" });
  const panel = page.getByTestId("node-panel");
  return {
    tree,
    panel,
    treeItem: (text: string | RegExp) => tree.getByRole("treeitem").filter({ hasText: text }),
    tab: (name: string | RegExp) => page.getByRole("tab", { name }),
    async open(text: string | RegExp) {
      await tree.getByRole("treeitem").filter({ hasText: text }).first().click();
      await expect(panel.getByTestId("node-body")).toBeVisible();
    },
    /** Posts a move replying to the selected node through the reply form. */
    async reply(kind: "Counterexample" | "Patch" | "Rebuttal" | "Question" | "Comment", fields: { title?: string; body: string; proposal?: string }) {
      await panel.getByRole("button", { name: "Reply", exact: true }).click();
      await postFromOpenForm(page, kind, fields);
    },
  };
}

/**
 * Selects `passage` inside the element, as a user dragging over the text would: the
 * passage may run across formatting (bold, links, code), i.e. across several text nodes.
 */
export async function selectText(page: Page, testId: string, passage: string) {
  await page.getByTestId(testId).evaluate((root, text) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const whole = nodes.map((n) => n.data).join("");
    const at = whole.indexOf(text);
    if (at < 0) throw new Error(`"${text}" is not in the element`);
    // Offset in the concatenated text -> (text node, offset in it).
    const locate = (offset: number, isEnd: boolean): [Text, number] => {
      let seen = 0;
      for (const n of nodes) {
        if (offset < seen + n.data.length || (isEnd && offset === seen + n.data.length)) return [n, offset - seen];
        seen += n.data.length;
      }
      throw new Error("offset outside the element");
    };
    const range = document.createRange();
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + text.length, true));
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, passage);
}

/** Fails (softly, so one run lists every page) on serious or critical axe violations, listing them. */
export async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect.soft(serious, `axe on ${where}`).toEqual([]);
}

/** Fills and submits the already-open "Post a move" form. */
export async function postFromOpenForm(
  page: Page,
  kind: "Counterexample" | "Patch" | "Rebuttal" | "Question" | "Comment",
  fields: { title?: string; body: string; proposal?: string },
) {
  const form = page.getByRole("form", { name: "Post a move" });
  await form.getByRole("radio", { name: kind }).check();
  if (fields.title) await form.getByLabel("Title (optional)").fill(fields.title);
  await form.locator("#move-body").fill(fields.body);
  if (fields.proposal !== undefined) {
    const proposal = form.getByLabel(/^Proposal version \d+/);
    // The current proposal text loads asynchronously into the field: wait for it, then replace it.
    await expect(proposal).not.toHaveValue("");
    await proposal.fill(fields.proposal);
  }
  await form.getByRole("button", { name: "Post move" }).click();
  await expect(form).toBeHidden();
}

export const test = base.extend<{ user: TestUser; cspViolations: string[] }>({
  /** Every test: no page of `context` or of a signedInContext() may violate the CSP. */
  cspViolations: [
    async ({ context }, provide) => {
      const seen: string[] = [];
      violations = seen;
      await watchCsp(context, seen);
      await provide(seen);
      violations = null;
      expect(seen, "Content-Security-Policy violations in the browser").toEqual([]);
    },
    { auto: true },
  ],
  /** A new account, signed in on `page`'s context. */
  user: async ({ context, baseURL }, provide) => {
    const user = await signUpViaApi(context.request, baseURL, newUserData("e2e"));
    await signInViaApi(context, user);
    await provide(user);
  },
});

export { expect };
