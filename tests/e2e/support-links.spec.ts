import { debatePage, debateWithBreaker, expect, postNodeViaApi, test } from "./fixtures";

// Issue 14 (support and cross-links, docs/decisions/012-support-and-links.md): a Breaker backs a
// counterexample with a support move and links it to another node in the browser; both show in
// the tree, the node panel, the scoreboard and an export.
test("post a support move and a cross-link; they appear in the tree, the node panel and an export", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(120_000);
  const title = `Support ${user.username}`;
  const { debate, breaker: b, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title,
    proposal: "Cache every page for ten minutes to survive traffic spikes.",
  });
  try {
    await postNodeViaApi(b.context.request, breakerToken, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Cold start",
      body: "Right after a deploy the cache is empty and the spike hits the database.",
    });
    await postNodeViaApi(b.context.request, breakerToken, debate.id, {
      parentId: debate.rootNodeId,
      kind: "COUNTEREXAMPLE",
      title: "Holiday traffic",
      body: "Logged-in pages are not cacheable, and that is most holiday traffic.",
    });
    const bv = debatePage(b.page);
    await b.page.goto(`/debates/${debate.id}`);
    await expect(b.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

    await test.step("the Breaker supports the counterexample with a Support move", async () => {
      await bv.open("Cold start");
      await bv.panel.getByRole("button", { name: "Reply", exact: true }).click();
      const form = b.page.getByRole("form", { name: "Post a move" });
      await form.getByRole("radio", { name: "Support" }).check();
      await form.getByLabel("Title (optional)").fill("Seen after every deploy");
      await form.locator("#move-body").fill("Our last three deploys each caused a five-minute database spike.");
      await form.getByRole("button", { name: "Post move" }).click();
      await expect(form).toBeHidden();
      const row = bv.treeItem("Seen after every deploy");
      await expect(row.locator(".badge.support")).toHaveText("+ support");
      await expect(bv.panel.getByRole("heading", { name: "Seen after every deploy" })).toBeVisible();
    });

    await test.step("the scoreboard shows it as weight beside the counterexample, which still breaks the proposal", async () => {
      await bv.tab("Scoreboard").click();
      await expect(b.page.getByTestId("support-weight").first()).toContainText("1 support");
      await expect(b.page.getByRole("list", { name: "Proposal versions" })).toContainText("broken");
      await bv.tab("Tree").click();
    });

    await test.step("the Breaker links the support to another node with Link to…", async () => {
      await bv.open("Seen after every deploy");
      const links = bv.panel.getByTestId("node-links");
      await links.getByRole("button", { name: "Link to…" }).click();
      const form = b.page.getByRole("form", { name: "Link to another node" });
      await form.getByLabel("Link type").selectOption({ label: "supports" });
      await form.getByLabel("Find the node to link to").fill("Holiday");
      await form.getByRole("option").filter({ hasText: "Holiday traffic" }).getByRole("button").click();
      await form.getByRole("button", { name: "Create link" }).click();
      await expect(form).toBeHidden();
      await expect(links.getByRole("listitem")).toHaveText(/Supports\s+counterexample: Holiday traffic/);
      await expect(bv.treeItem("Seen after every deploy").getByTestId("row-links")).toHaveText("⇄ 1");
      await expect(bv.treeItem("Holiday traffic").getByTestId("row-links")).toHaveText("⇄ 1");
    });

    await test.step("the other end lists it as incoming, and following it comes back", async () => {
      await bv.panel.getByTestId("node-links").getByRole("link", { name: /Holiday traffic/ }).click();
      await expect(bv.panel.getByRole("heading", { name: "Holiday traffic" })).toBeVisible();
      const links = bv.panel.getByTestId("node-links");
      await expect(links.getByRole("listitem")).toHaveText(/Supported by\s+support: Seen after every deploy/);
      await links.getByRole("link", { name: /Seen after every deploy/ }).click();
      await expect(bv.panel.getByRole("heading", { name: "Seen after every deploy" })).toBeVisible();
    });

    await test.step("the exports carry the support and the link", async () => {
      const argdown = await (await b.page.request.get(`/api/v1/debates/${debate.id}/export?format=argdown`)).text();
      expect(argdown).toMatch(/\n {4}\+ <Support \d+: Seen after every deploy>/);
      expect(argdown).toMatch(/<Support \d+: Seen after every deploy>\n {2}\+> <Counterexample \d+: Holiday traffic>/);
      const json = (await (await b.page.request.get(`/api/v1/debates/${debate.id}/export?format=json`)).json()) as {
        format: string;
        links: { type: string }[];
        nodes: { kind: string }[];
      };
      expect(json.format).toBe("builder-breaker/2");
      expect(json.links.map((l) => l.type)).toEqual(["SUPPORTS"]);
      expect(json.nodes.filter((n) => n.kind === "SUPPORT")).toHaveLength(1);
      const tree = (await (await b.page.request.get(`/api/v1/debates/${debate.id}/tree`)).json()) as { links: { type: string }[] };
      expect(tree.links.map((l) => l.type)).toEqual(["SUPPORTS"]);
    });
  } finally {
    await b.context.close();
  }
});
