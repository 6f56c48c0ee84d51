import net from "node:net";
import type { Page, Request } from "@playwright/test";
import { debatePage, debateWithBreaker, expect, postNodeViaApi, test } from "./fixtures";

// Live updates (issue 7): two people on the same debate page; moves posted by one
// show up in the other's tree over Server-Sent Events, without a reload, and
// survive a dropped connection (EventSource reconnects with Last-Event-ID).

/**
 * A TCP proxy in front of the server whose connections can be cut, for B's browser.
 *
 * Why not just `context.setOffline(true)`: Chromium's offline emulation only fails
 * requests started while offline. An EventSource whose response is already
 * streaming keeps receiving events (checked: data-status stays "live"); only the
 * page's re-read of the debate fails (the first offline step covers that case).
 * Nothing is missed on the stream, so nothing is replayed. Cutting the sockets is
 * what a real network drop does; while `down`, new connections are refused too, so
 * the browser's reconnect attempts fail until B is back online.
 */
async function startCuttableProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", close);
      socket.on("close", close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    /** Drops every open connection and refuses new ones. */
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Marks the window, so a later check can tell that the page was never reloaded. */
async function markWindow(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload?: boolean }).__noReload = true;
  });
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true), "the page was reloaded").toBe(true);
}

test("moves appear live in another browser, through a network drop, keeping its tree state", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(60_000);
  const title = `Live ${user.username}`;
  const { debate, ownerToken: tokenA, breaker: b, breakerToken: tokenB } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title,
    proposal: "Page the on-call engineer for every failed health check.",
  });
  // B browses through the proxy (same host, so the session cookie applies).
  const proxy = await startCuttableProxy(baseURL!);
  try {
    // Setup through the API: B (Breaker) posts two counterexamples, A a question under the first.
    const flaky = await postNodeViaApi(b.context.request, tokenB, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Flaky probes",
      body: "A probe that fails once a night wakes someone up for nothing.",
    });
    await postNodeViaApi(page.request, tokenA, debate.id, {
      parentId: flaky.id,
      kind: "QUESTION",
      title: "How flaky is flaky?",
      body: "How many false alarms a week are we talking about?",
    });
    await postNodeViaApi(b.context.request, tokenB, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Maintenance windows",
      body: "Planned maintenance fails every health check at once.",
    });

    const a = debatePage(page);
    const bv = debatePage(b.page);
    const liveA = page.getByTestId("live-status");
    const liveB = b.page.getByTestId("live-status");

    // Every stream B opens, with the Last-Event-ID it sent.
    const bStreams: { at: number; lastEventId: string | undefined }[] = [];
    b.page.on("request", (request: Request) => {
      if (!/\/api\/v1\/debates\/[^/]+\/events/.test(request.url())) return;
      void request.allHeaders().then((headers) => bStreams.push({ at: Date.now(), lastEventId: headers["last-event-id"] }));
    });

    await test.step("both open the debate; B sees A viewing", async () => {
      await page.goto(`/debates/${debate.id}`);
      await b.page.goto(`${proxy.url}/debates/${debate.id}`);
      await expect(liveA).toHaveAttribute("data-status", "live");
      await expect(liveB).toHaveAttribute("data-status", "live");
      await expect(liveB).toContainText(user.displayName);
      await expect(liveA).toContainText(b.user.displayName);
      await markWindow(b.page);
    });

    await test.step("B collapses one branch and selects a node in the other", async () => {
      await bv.treeItem("Flaky probes").getByRole("button", { name: "Collapse branch" }).click();
      await expect(bv.treeItem("Flaky probes")).toHaveAttribute("aria-expanded", "false");
      await expect(bv.treeItem("How flaky is flaky?")).toHaveCount(0);
      await bv.open("Maintenance windows");
      await expect(bv.treeItem("Maintenance windows")).toHaveAttribute("aria-selected", "true");
    });

    await test.step("A posts a move through the UI; it shows up in B's tree within about a second", async () => {
      await a.open("Maintenance windows");
      await a.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = page.getByRole("form", { name: "Post a move" });
      await form.getByRole("radio", { name: "Patch" }).check();
      await form.getByLabel("Title (optional)").fill("Silence during maintenance");
      await form.locator("#move-body").fill("Health checks are silenced for the hosts in a declared maintenance window.");
      const proposalField = form.getByLabel(/^Proposal version \d+/);
      await expect(proposalField).not.toHaveValue("");
      await proposalField.fill("Page the on-call engineer for every failed health check, except during declared maintenance.");
      const posted = page.waitForResponse((r) => r.request().method() === "POST" && /\/nodes$/.test(r.url()));
      await form.getByRole("button", { name: "Post move" }).click();
      expect((await posted).status()).toBe(201);
      const postedAt = Date.now();
      // B's page re-reads the debate when the event arrives (after a 150 ms debounce).
      const bRefetch = b.page.waitForRequest((r) => r.url().endsWith(`/debates/${debate.id}/overview`), { timeout: 5_000 }).then(() => Date.now());
      // "Within about a second": allow a few, since two test files share one embedded database.
      await expect(bv.treeItem("Silence during maintenance")).toBeVisible({ timeout: 5_000 });
      const delay = Date.now() - postedAt;
      const eventDelay = (await bRefetch) - postedAt;
      console.log(`[live] A's move appeared in B's tree ${delay} ms after the server answered A (B started re-reading after ${eventDelay} ms)`);
      test.info().annotations.push({ type: "live delay (ms)", description: String(delay) });
    });

    await test.step("B's collapsed branch and selected node survived the live refresh", async () => {
      await expect(bv.treeItem("Flaky probes")).toHaveAttribute("aria-expanded", "false");
      await expect(bv.treeItem("How flaky is flaky?")).toHaveCount(0);
      await expect(bv.treeItem("Maintenance windows")).toHaveAttribute("aria-selected", "true");
      await expect(bv.panel.getByRole("heading", { name: "Maintenance windows" })).toBeVisible();
      await expectNotReloaded(b.page);
    });

    await test.step("B's browser goes offline: the event still arrives, and the failed re-read is retried once back online", async () => {
      await b.context.setOffline(true);
      const refreshFailed = b.page.waitForEvent("requestfailed", (r) => r.url().endsWith(`/debates/${debate.id}/overview`));
      await a.open(title);
      await a.reply("Comment", { title: "Night pages only", body: "Only page by phone between midnight and six." });
      await expect(a.treeItem("Night pages only")).toBeVisible();
      await refreshFailed;
      await expect(bv.treeItem("Night pages only")).toHaveCount(0);
      await b.context.setOffline(false);
      await expect(bv.treeItem("Night pages only")).toBeVisible({ timeout: 5_000 });
      await expectNotReloaded(b.page);
    });

    await test.step("B drops off the network; A posts two moves meanwhile", async () => {
      const streamsBefore = bStreams.length;
      await b.context.setOffline(true);
      proxy.cut(); // see startCuttableProxy: going offline alone leaves the open stream alone
      await expect(liveB).toHaveAttribute("data-status", "reconnecting", { timeout: 5_000 });

      await a.open(title);
      await a.reply("Question", { title: "Who declares maintenance?", body: "Is it the team, or a change ticket?" });
      await expect(a.treeItem("Who declares maintenance?")).toBeVisible();
      await a.open(title);
      await a.reply("Comment", { title: "Paging budget", body: "We could also cap pages at three a night." });
      await expect(a.treeItem("Paging budget")).toBeVisible();
      await expect(bv.treeItem("Who declares maintenance?")).toHaveCount(0);
      console.log(`[live] streams before/while offline: ${streamsBefore}/${bStreams.length}`);
    });

    await test.step("B comes back: the stream reconnects with Last-Event-ID and both moves appear", async () => {
      const reconnectFrom = Date.now();
      proxy.restore();
      await b.context.setOffline(false);
      await expect(liveB).toHaveAttribute("data-status", "live", { timeout: 10_000 });
      await expect(bv.treeItem("Who declares maintenance?")).toBeVisible({ timeout: 10_000 });
      await expect(bv.treeItem("Paging budget")).toBeVisible();
      console.log(`[live] B caught up ${Date.now() - reconnectFrom} ms after coming back online`);
      const resumed = bStreams.filter((s) => s.at >= reconnectFrom);
      expect(resumed.length, "B opened no new stream").toBeGreaterThan(0);
      expect(resumed.at(-1)?.lastEventId, "the reconnect did not send Last-Event-ID").toMatch(/^\d+$/);
      await expectNotReloaded(b.page);
      await expect(bv.treeItem("Flaky probes")).toHaveAttribute("aria-expanded", "false");
      await expect(bv.treeItem("Maintenance windows")).toHaveAttribute("aria-selected", "true");
    });
  } finally {
    await b.context.close();
    await proxy.close();
  }
});

test("a change elsewhere in the debate leaves the open node alone; a change to it re-reads it", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(45_000);
  const { debate, ownerToken: tokenA, breaker: b, breakerToken: tokenB } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title: `Panel ${user.username}`,
    proposal: "Rotate the logs nightly and keep seven days.",
  });
  const open = await postNodeViaApi(b.context.request, tokenB, debate.id, {
    parentId: debate.rootNodeId,
    kind: "COUNTEREXAMPLE",
    title: "Disk fills before midnight",
    body: "A burst of debug logging fills the disk hours before the nightly rotation.",
  });
  const bv = debatePage(b.page);
  // Every read of the open node's detail by B's page.
  let reads = 0;
  b.page.on("request", (request: Request) => {
    if (request.method() === "GET" && new URL(request.url()).pathname === `/api/v1/debates/${debate.id}/nodes/${open.id}`) reads++;
  });
  await b.page.goto(`/debates/${debate.id}`);
  await expect(b.page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await bv.open("Disk fills before midnight");
  await expect.poll(() => reads).toBe(1);

  // A comments on the proposal: B's tree re-reads and shows it; the open node is not re-read.
  await postNodeViaApi(page.request, tokenA, debate.id, { parentId: debate.rootNodeId, kind: "COMMENT", title: "Unrelated aside", body: "Compression would buy a day." });
  await expect(bv.treeItem("Unrelated aside")).toBeVisible({ timeout: 5_000 });

  // A (the owner) prunes the open node: now B's panel re-reads it and shows why.
  const pruned = await page.request.post(`/api/v1/debates/${debate.id}/nodes/${open.id}/prune`, {
    headers: { authorization: `Bearer ${tokenA}` },
    data: { category: "OUT_OF_SCOPE", reason: "Disk sizing is its own debate." },
  });
  expect(pruned.status(), await pruned.text()).toBe(201);
  await expect(bv.panel.getByText("Disk sizing is its own debate.")).toBeVisible({ timeout: 5_000 });
  // One read for the prune; an unrelated change would have added another before it.
  expect(reads).toBe(2);
});

test("after a resync (more missed events than the server replays), the open node is read again", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { debate, ownerToken: tokenA, breaker: b, breakerToken: tokenB } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title: `Resync ${user.username}`,
    proposal: "Warm the cache before every deploy.",
  });
  const proxy = await startCuttableProxy(baseURL!);
  try {
    const open = await postNodeViaApi(b.context.request, tokenB, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Deploy during a traffic spike",
      body: "Warming takes ten minutes; a spike does not wait.",
    });
    const bv = debatePage(b.page);
    const liveB = b.page.getByTestId("live-status");
    await b.page.goto(`${proxy.url}/debates/${debate.id}`);
    await expect(liveB).toHaveAttribute("data-status", "live");
    await bv.open("Deploy during a traffic spike");
    await expect(bv.panel.getByTestId("node-body")).toContainText("a spike does not wait");

    await b.context.setOffline(true);
    proxy.cut();
    await expect(liveB).toHaveAttribute("data-status", "reconnecting", { timeout: 5_000 });
    // While B's page is away, B edits the node from another client, and A posts more moves
    // than the server replays (lib/server/live/stream.ts liveLimits.resyncGap = 500).
    const edited = await b.context.request.patch(`/api/v1/debates/${debate.id}/nodes/${open.id}`, {
      headers: { authorization: `Bearer ${tokenB}` },
      data: { body: "Warming takes ten minutes; a spike does not wait, and neither does the pager.", revision: 1 },
    });
    expect(edited.status(), await edited.text()).toBe(200);
    for (let i = 0; i < 510; i += 30) {
      await Promise.all(
        Array.from({ length: Math.min(30, 510 - i) }, (_, k) =>
          postNodeViaApi(page.request, tokenA, debate.id, { parentId: debate.rootNodeId, kind: "COMMENT", body: `Load note ${i + k}` }),
        ),
      );
    }

    proxy.restore();
    await b.context.setOffline(false);
    await expect(liveB).toHaveAttribute("data-status", "live", { timeout: 35_000 });
    // The resync names no node; the panel re-reads anyway and shows the edit.
    await expect(bv.panel.getByTestId("node-body")).toContainText("neither does the pager", { timeout: 10_000 });
  } finally {
    await b.context.close();
    await proxy.close();
  }
});
