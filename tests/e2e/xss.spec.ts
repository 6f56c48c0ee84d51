import type { APIRequestContext, Page } from "@playwright/test";
import {
  bearer,
  createApiToken,
  createDebateViaApi,
  debatePage,
  expect,
  joinViaApi,
  originOf,
  signedInContext,
  test,
} from "./fixtures";

// Stored XSS: hostile Markdown/HTML/URL payloads in every user-written field,
// rendered on every page that shows them and in the SVG export. The test fails on
// any dialog, any console message from injected code (payloads call
// window.__xss_marker, which logs "XSS-FIRED"), and any javascript:/vbscript:/
// data:text/html URL or on* handler attribute in the DOM.

const M = "__xss_marker";
/** Each payload calls the marker with its own number; short ones fit titles and names. */
const PAYLOADS = [
  `<script>${M}(1)</script>`,
  `<img src=x onerror="${M}(2)">`,
  `<svg onload="${M}(3)"><script>${M}(3)</script></svg>`,
  `[click me](javascript:${M}(4))`,
  `![pic](javascript:${M}(5))`,
  `<a href="javascript:${M}(6)">html link</a>`,
  `[data](data:text/html;base64,PHNjcmlwdD5fX3hzc19tYXJrZXIoNyk8L3NjcmlwdD4=)`,
  `[vb](vbscript:msgbox(8))`,
  `[entity](&#106;avascript:${M}(9)) [hex](&#x6A;avascript:${M}(9))`,
  `[tab](java\tscript:${M}(10)) [case](JaVaScRiPt:${M}(10)) [space]( javascript:${M}(10))`,
  `</script><script>${M}(11)</script>`,
  `"><img src=x onerror=${M}(12)>'><svg/onload=${M}(12)>`,
  `\u202E[https://good.example\u202C](javascript:${M}(13)) \u202Egnp.exe`,
  `<iframe src="javascript:${M}(14)"></iframe><object data="javascript:${M}(14)"></object>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${M}(15)>`,
  `<javascript:${M}(16)> <details open ontoggle=${M}(16)>x</details>`,
  `[ref][r1]\n\n[r1]: javascript:${M}(17)`,
  `{{constructor.constructor('${M}(18)')()}} \${${M}(18)}`,
  `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058${M}(19)">dec</a>`,
  `<form action="javascript:${M}(20)"><button formaction="javascript:${M}(20)">go</button></form>`,
  `<style>@import 'javascript:${M}(21)';</style><div style="background:url(javascript:${M}(21))">s</div>`,
  `[x](<javascript:${M}(22)>) <base href="javascript:${M}(22)//">`,
];
const ALL = PAYLOADS.join("\n\n");
const SHORT = (i: number) => `</title></script><img src=x onerror=${M}(${i})>`; // fits titles (≤ 200) and names (≤ 80)

async function api(request: APIRequestContext, token: string, method: string, path: string, data?: unknown) {
  const response = await request.fetch(path, { method, headers: bearer(token), data });
  return { status: response.status(), json: (await response.json().catch(() => null)) as Record<string, unknown> | null, text: await response.text() };
}

async function ok(request: APIRequestContext, token: string, method: string, path: string, data?: unknown) {
  const r = await api(request, token, method, path, data);
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
  return r.json!;
}

/** Watches a page: dialogs and marker console messages are recorded as failures. */
function watch(page: Page, fired: string[]) {
  page.on("dialog", (dialog) => {
    fired.push(`dialog on ${page.url()}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.text().includes("XSS-FIRED")) fired.push(`console on ${page.url()}: ${message.text()}`);
  });
}

/** Attributes that would run code or load a script-capable document. */
async function dangerousDom(page: Page): Promise<string[]> {
  return page.evaluate((marker) => {
    const bad: string[] = [];
    const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc"];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        // Remove whitespace and control characters browsers ignore inside schemes.
        const value = attr.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
        if (name.startsWith("on") && attr.value.includes(marker)) bad.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 60)}">`);
        if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text\/html|data:image\/svg)/.test(value)) {
          bad.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 60)}">`);
        }
        if (name === "style" && value.includes("javascript:")) bad.push(`<${el.tagName.toLowerCase()} style>`);
      }
      // Next.js's own flight-data scripts carry user text as escaped JSON strings: data, not code.
      const nextData = el.tagName === "SCRIPT" && /^\s*\(?self\.__next_f/.test(el.textContent ?? "");
      if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName) && !nextData && (el.outerHTML.includes(marker) || el.tagName === "BASE")) {
        bad.push(`<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 80)}`);
      }
    }
    return bad;
  }, M);
}

test("hostile payloads in every user field never run and leave no javascript: URLs", async ({ page, context, user: _user, browser, baseURL }) => {
  test.setTimeout(180_000);
  const fired: string[] = [];
  const marker = `window.${M} = (n) => console.log("XSS-FIRED " + n);`;
  await context.addInitScript(marker);
  watch(page, fired);
  const tokenA = await createApiToken(context, baseURL);

  // Owner: hostile display name, debate title, context, link label, proposal.
  await ok(page.request, tokenA, "PATCH", "/api/v1/me", { displayName: SHORT(30) });
  // The code span shows payload 1 as text, so a quote of it is a quote of the rendered text.
  const proposal = `Cache pages. \`${PAYLOADS[1]}\` ${ALL}`;
  const debate = await createDebateViaApi(page.request, tokenA, {
    title: `${SHORT(31)} ${PAYLOADS[0]}`.slice(0, 200),
    proposal,
    context: ALL,
    side: "BUILDER",
  });
  // javascript: links are refused at the API; a hostile label on a good URL is stored.
  for (const url of [`javascript:${M}(32)`, `data:text/html,<script>${M}(32)</script>`, `vbscript:x`, ` javascript:${M}(32)`, `JAVASCRIPT:${M}(32)`]) {
    const r = await api(page.request, tokenA, "PATCH", `/api/v1/debates/${debate.id}`, { links: [{ label: "bad", url }] });
    expect(r.status, `link ${url}`).toBe(422);
  }
  await ok(page.request, tokenA, "PATCH", `/api/v1/debates/${debate.id}`, { links: [{ label: SHORT(33), url: "https://example.com/?q=<script>" }] });

  // A breaker with a hostile name posts hostile moves, a quote, a prune reason, empirical fields.
  const b = await signedInContext(browser, baseURL, "xss");
  await b.context.addInitScript(marker);
  watch(b.page, fired);
  try {
    const tokenB = await createApiToken(b.context, baseURL);
    await ok(b.context.request, tokenB, "PATCH", "/api/v1/me", { displayName: `<svg onload=${M}(34)>` });
    await joinViaApi(b.context.request, tokenB, debate.id, "BREAKER");
    const nodesPath = `/api/v1/debates/${debate.id}/nodes`;
    // Quotes index the parent's rendered text (lib/domain/debate/quote.ts): "Cache pages. " comes first.
    const quoteText = PAYLOADS[1]!;
    const start = "Cache pages. ".length;
    const ce = (await ok(b.context.request, tokenB, "POST", nodesPath, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: SHORT(35),
      body: ALL,
      quote: { text: quoteText, start, end: start + quoteText.length },
    })) as { node: { id: string } };
    const comment = (await ok(b.context.request, tokenB, "POST", nodesPath, {
      parentId: ce.node.id,
      kind: "COMMENT",
      title: `${PAYLOADS[10]}`,
      body: ALL,
    })) as { node: { id: string } };
    await ok(page.request, tokenA, "POST", nodesPath, { parentId: ce.node.id, kind: "REBUTTAL", title: SHORT(36), body: ALL });
    const patchRes = await api(page.request, tokenA, "POST", nodesPath, {
      parentId: debate.rootNodeId,
      kind: "PATCH",
      title: SHORT(37),
      body: ALL,
      answersNodeIds: [ce.node.id],
      proposal: `${proposal}\n\n${SHORT(38)}`,
    });
    expect(patchRes.status, patchRes.text).toBe(201);

    // Empirical claim: mode, experiment card (hostile text; javascript: links refused), prediction, resolution.
    const claim = `/api/v1/debates/${debate.id}/nodes/${ce.node.id}`;
    await ok(b.context.request, tokenB, "PUT", `${claim}/mode`, { mode: "EMPIRICAL" });
    const card = { question: ALL.slice(0, 4_000), method: ALL.slice(0, 4_000), supportIf: SHORT(39), refuteIf: PAYLOADS[3]! };
    const badCard = await api(b.context.request, tokenB, "PUT", `${claim}/experiment`, { ...card, links: [{ label: "x", url: `javascript:${M}(40)` }] });
    expect(badCard.status).toBe(422);
    await ok(b.context.request, tokenB, "PUT", `${claim}/experiment`, { ...card, links: [{ label: SHORT(41), url: "https://example.com/a" }] });
    await ok(b.context.request, tokenB, "POST", `${claim}/predictions`, { probability: 0.4 });
    await ok(b.context.request, tokenB, "PUT", `${claim}/crux`);
    await ok(page.request, tokenA, "POST", `${claim}/resolutions`, {
      action: "RESOLVE",
      outcome: "SUPPORTED",
      summary: ALL.slice(0, 4_000),
      evidence: [{ label: SHORT(42), url: "https://example.com/e" }],
    });

    // Prune the comment with a hostile reason (shows in Revisit, the timeline, activity).
    await ok(b.context.request, tokenB, "POST", `/api/v1/debates/${debate.id}/nodes/${comment.node.id}/prune`, {
      category: "UNPROMISING",
      reason: ALL.slice(0, 2_000),
      promise: 10,
    });

    const d = debatePage(page);
    const check = async (where: string) => {
      await page.waitForLoadState("networkidle").catch(() => undefined);
      expect(await dangerousDom(page), `dangerous DOM on ${where}`).toEqual([]);
      expect(fired, `code ran on ${where}`).toEqual([]);
    };

    await test.step("debate page: header, tree, node panels", async () => {
      await page.goto(`/debates/${debate.id}`);
      await expect(d.tree).toBeVisible();
      await check("debate page");
      for (const label of [/onerror/, /Cache pages/]) {
        const item = d.treeItem(label).first();
        if (await item.count()) {
          await item.click();
          await expect(d.panel.getByTestId("node-body")).toBeVisible();
          await check(`node panel ${label}`);
        }
      }
      await d.tab("Scoreboard").click();
      await check("scoreboard");
      await d.tab("Frontier").click();
      await check("frontier");
      await d.tab(/^Revisit/).click();
      await check("revisit tab");
    });

    await test.step("activity, members, agenda, revisit, home, notifications", async () => {
      for (const path of [`/debates/${debate.id}/activity`, `/debates/${debate.id}/members`, `/debates/${debate.id}/agenda`, "/agenda", "/revisit", "/", "/notifications", "/settings"]) {
        await page.goto(path);
        await check(path);
      }
      await b.page.goto("/notifications");
      await b.page.waitForLoadState("networkidle").catch(() => undefined);
      expect(await dangerousDom(b.page), "dangerous DOM on B's notifications").toEqual([]);
    });

    await test.step("exports: the SVG opened in the browser; text formats are not HTML", async () => {
      const svg = await page.goto(`/api/v1/debates/${debate.id}/export?format=svg`);
      expect(svg?.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
      await check("SVG export");
      expect(await page.evaluate(() => document.querySelectorAll("script, foreignObject").length)).toBe(0);
      for (const format of ["markdown", "argdown", "kialo", "dot", "graphml", "json"]) {
        const r = await page.request.get(`/api/v1/debates/${debate.id}/export?format=${format}`, { headers: originOf(baseURL) });
        expect(r.status()).toBe(200);
        expect(r.headers()["content-type"], format).not.toMatch(/html/);
        expect(r.headers()["x-content-type-options"], format).toBe("nosniff");
      }
      // Agenda downloads (CSV/Markdown) are text too.
      for (const format of ["csv", "md"]) {
        const r = await page.request.get(`/api/v1/debates/${debate.id}/agenda?format=${format}`);
        expect(r.headers()["content-type"], format).not.toMatch(/html/);
      }
    });
    expect(fired).toEqual([]);

    await test.step("the detectors themselves catch a planted javascript: link and a marker call", async () => {
      await page.goto(`/debates/${debate.id}`);
      await page.evaluate((m) => {
        const a = document.createElement("a");
        a.setAttribute("href", " JaVa\tScRiPt:void 0");
        document.body.append(a);
        (window as unknown as Record<string, (n: string) => void>)[m]!("self-test");
      }, M);
      expect(await dangerousDom(page)).toHaveLength(1);
      await expect.poll(() => fired.join()).toContain("self-test");
    });
  } finally {
    await b.context.close();
  }
});
