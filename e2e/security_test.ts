/**
 * Untrusted text on the page: an attendee whose name and chat message are HTML is shown as text in
 * Slack's channel, thread and the simulator, and nothing runs. The page is only on 127.0.0.1.
 */
import assert from "node:assert/strict";
import {
  actAs,
  browserTest,
  message,
  openChannel,
  openSandbox,
  settle,
  withFailureShot,
} from "./helpers.ts";

const XSS = "<img src=x onerror=alert(1)>";

browserTest(
  "untrusted attendee names and messages are shown as text and never become elements",
  async () => {
    const e2e = await openSandbox();
    const { page } = e2e;
    try {
      await withFailureShot(e2e, "security", async () => {
        assert.equal(e2e.sandbox.hostname, "127.0.0.1", "the page listens on loopback only");
        await page.click('[data-testid="sim-webinar"]');
        const card = page.locator('[data-testid="webinar-web_scaling"]');
        await card.getByLabel("Attendee name").fill(XSS);
        await card.getByLabel("Attendee email").fill("mallory@evil.example");
        await card.getByRole("button", { name: "Register" }).click();
        const row = page.locator(`[data-testid="attendee-${XSS}"]`);
        await row.getByRole("button", { name: "Join session" }).click();
        await row.getByRole("link", { name: "Chat" }).click();
        const chat = page.locator('[data-testid="attendee-chat"]');
        await chat.getByLabel("Chat message").fill(`${XSS} *bold?* <!channel>`);
        await chat.getByRole("button", { name: "Send" }).click();
        await chat.locator(".bubble.attendee").waitFor();
        assert.equal(
          await page.locator("img[src=x]").count(),
          0,
          "simulator: no element from the name",
        );
        await settle(e2e);

        await actAs(page, "Priya Natarajan");
        await openChannel(page, "webinar-attendees");
        const parent = message(page, XSS);
        await parent.waitFor();
        assert.equal(await parent.locator(".block-header").innerText(), XSS, "the name, literally");
        await parent.locator('[data-kind="open-thread"].thread-link').click();
        const quoted = page.locator("#thread-content").getByText(`${XSS} *bold?* <!channel>`);
        await quoted.waitFor();
        assert.equal(
          await page.locator("img[src=x]").count(),
          0,
          "Slack view: no element from the text",
        );
        assert.equal(await page.locator("#thread-content b", { hasText: "bold?" }).count(), 0);

        // A moderator's reply with markup is text too, in Slack and in the attendee's chat.
        await page.fill("#thread-input", `Thanks ${XSS}`);
        await page.press("#thread-input", "Enter");
        await page.locator("#thread-content .message", { hasText: `Thanks ${XSS}` }).waitFor();
        await settle(e2e);
        await page.click('[data-testid="sim-webinar"]');
        await page.locator(`[data-testid="attendee-${XSS}"]`).getByRole("link", { name: "Chat" })
          .click();
        await chat.locator(".bubble.moderator", { hasText: `Thanks ${XSS}` }).waitFor();
        assert.equal(await page.locator("img[src=x]").count(), 0);
        assert.deepEqual(
          e2e.pageErrors,
          [],
          "no script ran (an alert would be an unexpected dialog)",
        );
      });
    } finally {
      await e2e.close();
    }
  },
);
