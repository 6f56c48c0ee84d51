import { debateWithBreaker, expect, postNodeViaApi, test } from "./fixtures";

// The header's notification badge follows new notifications without a reload: on
// any page within the polling bound (POLL_MS in app/components/NotificationsLink.tsx),
// in the debate being viewed as soon as the live stream reports the move.

test("the unread badge updates live: on another page within the polling bound, in the debate room at once", async ({ page, context, user, browser, baseURL }) => {
  test.setTimeout(60_000);
  const { debate, breaker: b, breakerToken } = await debateWithBreaker({ page, context }, browser, baseURL, {
    title: `Badge ${user.username}`,
    proposal: "Answer every pager alert within five minutes.",
  });
  try {
    const badge = page.getByTestId("notifications-link").getByTestId("unread-badge");
    await page.goto("/");
    await page.evaluate(() => ((window as unknown as { __noReload?: boolean }).__noReload = true));
    await expect(page.getByTestId("notifications-link")).toBeVisible();
    await expect(badge).toHaveCount(0);

    await test.step("a reply while A is on the home page: the badge shows it within the polling bound", async () => {
      await postNodeViaApi(b.context.request, breakerToken, debate.id, { parentId: debate.rootNodeId, kind: "COUNTEREXAMPLE", title: "Night shift", body: "Nobody answers at 4 am." });
      await expect(badge).toHaveText("1", { timeout: 15_000 });
      await expect(badge).toHaveAttribute("aria-label", "1 unread");
      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    });

    await test.step("in the debate room, a reply shows up on the badge with the live event", async () => {
      await page.goto(`/debates/${debate.id}`);
      await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
      await expect(badge).toHaveText("1");
      const posted = Date.now();
      await postNodeViaApi(b.context.request, breakerToken, debate.id, { parentId: debate.rootNodeId, kind: "QUESTION", title: "Which alerts?", body: "All of them, or only pages?" });
      await expect(badge).toHaveText("2", { timeout: 5_000 });
      expect(Date.now() - posted, "faster than the polling interval").toBeLessThan(5_000);
    });

    await test.step("marking everything read clears the badge", async () => {
      await page.goto("/notifications");
      await expect(page.getByTestId("notification")).toHaveCount(2);
      await expect(page.getByTestId("notification").first()).toContainText(`${b.user.displayName} replied to your node “Badge ${user.username}`);
      await page.getByRole("button", { name: "Mark all read" }).click();
      await expect(badge).toHaveCount(0);
    });
  } finally {
    await b.context.close();
  }
});
