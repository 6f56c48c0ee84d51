import { bearer, debatePage, debateWithBreaker, expect, postNodeViaApi, test } from "./fixtures";

// The crux ledger (issue 16) as two players would use it: a Builder and a Breaker say
// in their browsers what a claim would change for them, it shows as a double crux in the
// tree and the list; the owner resolves the claim; the Breaker is notified and confirms
// the pre-committed update; the state page shows pre-committed vs actual per person,
// and the JSON export carries the figures.

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

test("conditionals on a claim → double crux → resolution → confirmation on the state page", async ({ page, context, user, browser, baseURL }) => {
  expect(user.id).toBeTruthy(); // the owner, signed in on `page`
  // A hang guard for a loaded 2-core machine, not a speed target.
  test.setTimeout(300_000);
  const title = `Crux ledger ${Date.now().toString(36)}`;
  const claim = "Phone calls wake night shifts";
  const { debate, ownerToken, breaker, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title,
    proposal: "Page the on-call engineer by phone call instead of by app notification.",
  });
  try {
    const node = await postNodeViaApi(breaker.context.request, breakerToken, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: claim,
      body: "Engineers on night shifts sleep through phone calls as often as through app notifications.",
    });
    const mode = await page.request.put(`/api/v1/debates/${debate.id}/nodes/${node.id}/mode`, { headers: bearer(ownerToken), data: { mode: "EMPIRICAL" } });
    expect(mode.status()).toBe(200);
    const debateUrl = `/debates/${debate.id}`;
    const builderView = debatePage(page);

    await test.step("the Builder records: 80% now, 90% if the claim is true, 30% if false", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(debateUrl);
      await builderView.open(claim);
      const ledger = builderView.panel.getByTestId("crux-ledger");
      await expect(ledger).toContainText("Credences are in the plan standing");
      const form = ledger.getByRole("form", { name: "Record what would change my mind" });
      await form.getByLabel("Now").fill("80%");
      await form.getByLabel("If true").fill("90");
      await form.getByLabel("If false").fill("0.3");
      await form.getByRole("button", { name: "Record" }).click();
      await expect(ledger.getByTestId("crux-people")).toContainText("80%");
      await expect(ledger.getByTestId("double-crux-badge")).toHaveCount(0);
    });

    await test.step("a credence outside 0–1 is refused with a clear message", async () => {
      const form = builderView.panel.getByRole("form", { name: "Record what would change my mind" });
      await form.getByLabel("Now").fill("0.5");
      await form.getByLabel("If true").fill("150%");
      await form.getByLabel("If false").fill("0.1");
      await form.getByRole("button", { name: "Record" }).click();
      await expect(builderView.panel.getByRole("alert")).toContainText("must be between 0 and 1");
    });

    await test.step("the Breaker records the opposite: 20% now, 70% if true, 10% if false — a double crux", async () => {
      await breaker.page.setViewportSize({ width: 390, height: 844 });
      await breaker.page.goto(`${debateUrl}#node-${node.id}`);
      const ledger = breaker.page.getByTestId("crux-ledger");
      const form = ledger.getByRole("form", { name: "Record what would change my mind" });
      await form.getByLabel("Now").fill("20%");
      await form.getByLabel("If true").fill("70%");
      await form.getByLabel("If false").fill("10%");
      await form.getByRole("button", { name: "Record" }).click();
      await expect(ledger.getByTestId("double-crux-badge")).toBeVisible();
      if (SHOTS) await breaker.page.screenshot({ path: `${SHOTS}/crux-panel-390.png`, fullPage: true });
    });

    await test.step("the Builder's tree and double-crux list show it", async () => {
      await page.reload();
      await expect(builderView.treeItem(claim)).toContainText("double crux");
      await expect(page.getByTestId("double-cruxes")).toContainText(claim);
      await builderView.open(claim);
      await expect(builderView.panel.getByTestId("crux-people").locator("tr")).toHaveCount(3);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/crux-panel-1280.png`, fullPage: true });
    });

    await test.step("the owner resolves the claim as refuted; the Breaker is asked to confirm or revise", async () => {
      const resolved = await page.request.post(`/api/v1/debates/${debate.id}/nodes/${node.id}/resolutions`, {
        headers: bearer(ownerToken),
        data: { action: "RESOLVE", outcome: "REFUTED", summary: "A month of call logs: night shifts answered 96% of calls.", evidence: [] },
      });
      expect(resolved.status()).toBe(201);
      await breaker.page.goto("/notifications");
      await expect(breaker.page.getByText(/turned out false .*confirm or revise the update you pre-committed to/)).toBeVisible();
    });

    await test.step("the Breaker confirms the pre-committed update", async () => {
      await breaker.page.goto(`${debateUrl}#node-${node.id}`);
      const followUp = breaker.page.getByTestId("crux-follow-up");
      await followUp.getByRole("button", { name: "Confirm my pre-committed update" }).click();
      await expect(followUp).toBeHidden();
      await expect(breaker.page.getByTestId("crux-ledger").locator(`tr[data-user="${breaker.user.username}"]`).getByTestId("actual-update")).toContainText("(confirmed)");
    });

    await test.step("the Breaker groups a second counterexample into a class; both weigh it", async () => {
      const second = await postNodeViaApi(breaker.context.request, breakerToken, debate.id, {
        parentId: debate.rootNodeId,
        kind: "COUNTEREXAMPLE",
        title: "Phones lose signal in the basement",
        body: "The night-shift rest room is in the basement, where phones have no signal.",
      });
      const created = await breaker.context.request.post(`/api/v1/debates/${debate.id}/classes`, { headers: bearer(breakerToken), data: { name: "Signal loss", description: "The call never reaches the phone." } });
      expect(created.status()).toBe(201);
      const { class: signalLoss } = (await created.json()) as { class: { id: string } };
      const classified = await breaker.context.request.put(`/api/v1/debates/${debate.id}/nodes/${second.id}/class`, { headers: bearer(breakerToken), data: { classId: signalLoss.id } });
      expect(classified.status()).toBe(200);
      for (const [request, token, plausibility] of [[breaker.context.request, breakerToken, 60], [page.request, ownerToken, 20]] as const) {
        const weighed = await request.post(`/api/v1/debates/${debate.id}/nodes/${second.id}/plausibility`, { headers: bearer(token), data: { plausibility, severity: "BREAKS" } });
        expect(weighed.status()).toBe(201);
      }
    });

    await test.step("the state page shows pre-committed vs actual per person", async () => {
      await page.goto(debateUrl);
      await page.getByRole("link", { name: "State of the debate" }).click();
      await expect(page.getByRole("heading", { name: "State of the debate", level: 1 })).toBeVisible();
      const settled = page.getByTestId("state-settled");
      await expect(settled).toContainText(claim);
      await expect(settled).toContainText("turned out false");
      const breakerRow = settled.locator(`tr[data-user="${breaker.user.username}"]`);
      await expect(breakerRow).toContainText("−10 pts");
      await expect(breakerRow.getByTestId("actual")).toHaveText("−10 pts (confirmed)");
      const builderRow = settled.locator("tr").filter({ hasText: "Builder" });
      await expect(builderRow).toContainText("−50 pts");
      await expect(builderRow.getByTestId("actual")).toHaveText("not answered yet");
      await expect(page.getByTestId("state-plan")).toContainText("Page the on-call engineer");
      // The class still live against the plan, with its weight: median of 60 % and 20 %, the breakers' 60 %.
      const signalLoss = page.getByTestId("state-classes").locator('tr[data-class="Signal loss"]');
      await expect(signalLoss).toBeVisible();
      await expect(signalLoss.getByTestId("class-median")).toHaveText("40 %");
      await expect(signalLoss).toContainText("60 %");
      await expect(signalLoss).toContainText("breaks");
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/state-1280.png`, fullPage: true });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: `${SHOTS}/state-390.png`, fullPage: true });
      }
    });

    await test.step("the JSON export carries the figures", async () => {
      const exported = await page.request.get(`/api/v1/debates/${debate.id}/export?format=json`, { headers: bearer(ownerToken) });
      expect(exported.status()).toBe(200);
      const doc = (await exported.json()) as { cruxLedger?: { nodeRef: string; figures: { people: { userRef: string; precommittedUpdate: number | null; actualUpdate: number | null; confirmed: boolean | null }[] } }[] };
      const entry = doc.cruxLedger?.find((c) => c.nodeRef === node.id);
      const confirmed = entry?.figures.people.find((p) => p.userRef === breaker.user.id);
      expect(confirmed).toMatchObject({ confirmed: true });
      expect(confirmed?.actualUpdate).toBeCloseTo(-0.1);
      expect(confirmed?.precommittedUpdate).toBeCloseTo(-0.1);
    });
  } finally {
    await breaker.context.close();
  }
});
