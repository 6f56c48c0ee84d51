import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { freePort, ROOT, serverEnv, startServer, type Server } from "../support/servers";
import { expect, newUserData, signUpViaApi, test, watchCsp, type TestUser } from "./fixtures";

// Where the browser ends up after signing in, signing up and signing out (issue #18):
// a hostile callbackUrl never takes it off our origin, sign-up honours callbackUrl
// like sign-in, and a server without NEXTAUTH_URL on a port other than 3000 keeps the
// browser on its own origin (next-auth alone sent sign-out to http://localhost:3000).

async function signInThroughForm(page: Page, user: Pick<TestUser, "username" | "password">) {
  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Every request the page makes to a host other than `origin`'s (none may happen). */
function offOriginRequests(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== origin) seen.push(request.url());
  });
  return seen;
}

for (const callbackUrl of ["/%5Cevil.example/x", "/%09/evil.example/x", "//evil.example/x", "https://evil.example/x", "/%5C%09evil.example"]) {
  test(`sign-in with callbackUrl=${callbackUrl} stays on our origin`, async ({ page, context, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const user = await signUpViaApi(context.request, baseURL, newUserData("redir"));
    const elsewhere = offOriginRequests(page, origin);
    await page.goto(`/signin?callbackUrl=${callbackUrl}`);
    await signInThroughForm(page, user);
    await expect(page.getByTestId("current-user")).toHaveText(user.displayName);
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(elsewhere).toEqual([]);
  });
}

test("sign-up carries callbackUrl from the sign-in page and lands on it", async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const debates = await context.request.get("/api/v1/debates?limit=1");
  const debateId = ((await debates.json()) as { debates: { id: string }[] }).debates[0]!.id;
  const target = `/debates/${debateId}?invite=xyz`;
  const data = newUserData("cb");

  await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
  await page.locator("form").getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(target);
  // …and the sign-up page's own link back to sign-in carries it too.
  const back = new URL((await page.locator("form").getByRole("link", { name: "Sign in" }).getAttribute("href"))!, origin);
  expect(back.pathname).toBe("/signin");
  expect(back.searchParams.get("callbackUrl")).toBe(target);

  await page.getByLabel("Username", { exact: true }).fill(data.username);
  await page.getByLabel("Display name (optional)").fill(data.displayName);
  await page.getByLabel("Password", { exact: true }).fill(data.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(`${origin}${target}`);
  await expect(page.getByTestId("current-user")).toHaveText(data.displayName);
});

test("sign-up with a hostile callbackUrl lands on the home page", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const data = newUserData("cbx");
  const elsewhere = offOriginRequests(page, origin);
  await page.goto("/signup?callbackUrl=/%5Cevil.example/x");
  await page.getByLabel("Username", { exact: true }).fill(data.username);
  await page.getByLabel("Password", { exact: true }).fill(data.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(data.username);
  expect(page.url()).toBe(`${origin}/`);
  expect(elsewhere).toEqual([]);
});

test.describe("a server without NEXTAUTH_URL on a port other than 3000 (a local install)", () => {
  let server: Server | undefined;
  let dataDir = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-e2e-noauthurl-"));
    const env = serverEnv({ DATA_DIR: dataDir });
    const prepared = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/prepare-db.ts"], { cwd: ROOT, env, encoding: "utf8" });
    expect(prepared.status, prepared.stderr).toBe(0);
    // The e2e webServer has built .next-test; this serves the same build.
    server = await startServer({ env, port: await freePort(), nextAuthUrl: false, readyTimeoutMs: 60_000 });
    expect(server.port).not.toBe(3000);
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("sign in and sign out keep the browser on the server's own origin", async ({ browser }) => {
    const origin = server!.url;
    const context = await browser.newContext({ baseURL: origin });
    await watchCsp(context);
    try {
      const user = await signUpViaApi(context.request, origin, newUserData("local"));
      const page = await context.newPage();
      const elsewhere = offOriginRequests(page, origin);
      await page.goto("/signin?callbackUrl=/settings");
      await signInThroughForm(page, user);
      await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(origin);

      await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
      await expect(page).toHaveURL(`${origin}/`);
      await expect(page.getByTestId("current-user")).toHaveCount(0);
      expect(elsewhere, "requests that left the server's origin").toEqual([]);
    } finally {
      await context.close();
    }
  });
});
