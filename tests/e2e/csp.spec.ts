import { expect, test } from "./fixtures";

// The nonce-based Content-Security-Policy in Chromium: pages hydrate and navigate
// with every script carrying the request's nonce (proxy.ts), and script injected
// without it (an inline <script>, an on* handler: what stored XSS would add) does
// not run. Every other spec also fails on any CSP violation (the `cspViolations`
// fixture in fixtures.ts).

const NONCE = /'nonce-([A-Za-z0-9+/]+={0,2})'/;

test("pages hydrate under the nonce policy: every script carries this response's nonce, client navigation works", async ({ page }) => {
  const nonces: string[] = [];
  for (const path of ["/", "/signin", "/no-such-page"]) {
    const response = await page.goto(path);
    const policy = response!.headers()["content-security-policy"] ?? "";
    const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    expect(scriptSrc, path).toContain("'strict-dynamic'");
    const nonce = NONCE.exec(scriptSrc)?.[1];
    expect(nonce, `${path}: ${scriptSrc}`).toBeDefined();
    nonces.push(nonce!);
    // The browser hides the nonce attribute from the DOM; the `nonce` property keeps it.
    const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => ({ nonce: s.nonce, src: s.src, text: (s.textContent ?? "").slice(0, 60) })));
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const script of scripts) expect(script.nonce, `${path}: ${script.src || script.text}`).toBe(nonce);
  }
  expect(new Set(nonces).size).toBe(nonces.length);

  // Hydrated: a link navigates on the client (the window survives), the header shows the next page.
  await page.goto("/");
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("markup injected into the server's HTML cannot run script: inline <script> and on* handlers are refused and reported", async ({ page, cspViolations }) => {
  // What stored XSS would do if escaping failed: the same response (headers and CSP
  // included) with a script and a handler added to its HTML by the parser.
  await page.route("/", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      /<body[^>]*>/,
      (body) => `${body}<script>window.__inline = true</script><img src="/no-such-image.png" onerror="window.__handler = true">`,
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  // The image error has fired (its handler refused) before we look.
  await expect.poll(() => cspViolations.length).toBeGreaterThanOrEqual(4);
  const ran = await page.evaluate(() => {
    const w = window as { __inline?: boolean; __handler?: boolean };
    return { inline: w.__inline === true, handler: w.__handler === true };
  });
  expect(ran).toEqual({ inline: false, handler: false });
  // Each refusal is reported twice (the page's securitypolicyviolation event and
  // Chromium's console error), and nothing else was refused.
  const reported = cspViolations.splice(0, cspViolations.length).map((v) => v.replace(/^\S+: /, ""));
  expect(reported.filter((v) => v.startsWith("[csp-violation]")).map((v) => v.split(" ")[1]).sort()).toEqual(["script-src-attr", "script-src-elem"]);
  expect(reported.filter((v) => !v.startsWith("[csp-violation]")).map((v) => v.replace(/ violates .*/s, "")).sort()).toEqual([
    "Executing inline event handler",
    "Executing inline script",
  ]);
  // Note: scripts the page's own (nonced) code creates are trusted by 'strict-dynamic';
  // that is how Next.js loads its chunks, and code that is already running could
  // load anything anyway.
});
