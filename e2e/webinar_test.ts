/**
 * The webinar story in a browser (W1-W3, W7): an attendee registers, joins and chats on the
 * platform; moderators see them arrive in #webinar-attendees, answer in the thread, and the answer
 * reaches the attendee's live chat; once the attendee is offline, the next answer goes by email.
 */
import assert from "node:assert/strict";
import {
  actAs,
  browserTest,
  message,
  openChannel,
  openSandbox,
  screenshot,
  settle,
} from "./helpers.ts";

browserTest(
  "webinar story: register, chat, a reply in the thread reaches the live chat, then email when offline",
  async () => {
    const e2e = await openSandbox();
    const { page } = e2e;
    try {
      // The attendee registers and joins on the webinar platform.
      await page.click('[data-testid="sim-webinar"]');
      // An integrator finds the webhook URL and its secret on the panel, to send their own events.
      const hook = await e2e.sandbox.webhook("webinar");
      assert.ok(hook);
      assert.match(
        await page.locator('[data-testid="webinar-webhook-url"]').innerText(),
        new RegExp(hook.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
      );
      assert.match(
        await page.locator('[data-testid="webinar-webhook-secret"]').innerText(),
        new RegExp(hook.secret),
      );
      const card = page.locator('[data-testid="webinar-web_scaling"]');
      await card.getByLabel("Attendee name").fill("Ada Lovelace");
      await card.getByLabel("Attendee email").fill("ada.lovelace@analytical.example");
      await card.getByRole("button", { name: "Register" }).click();
      const row = page.locator('[data-testid="attendee-Ada Lovelace"]');
      await row.getByRole("button", { name: "Join session" }).click();
      await row.getByText("online", { exact: true }).waitFor();
      await row.getByRole("link", { name: "Chat" }).click();
      const chat = page.locator('[data-testid="attendee-chat"]');
      await chat.getByLabel("Chat message").fill("Will the slides be shared after the session?");
      await chat.getByRole("button", { name: "Send" }).click();
      await chat.locator(".bubble.attendee", { hasText: "Will the slides be shared" }).waitFor();
      await settle(e2e);

      // W1: one parent in the channel, with who, which webinar, the session and when they joined.
      await actAs(page, "Priya Natarajan");
      await openChannel(page, "webinar-attendees");
      const parent = message(page, "Ada Lovelace");
      await parent.waitFor();
      const parentText = await parent.innerText();
      for (
        const shown of [
          "ada.lovelace@analytical.example",
          "Scaling Support Teams",
          "Session type: Live", // "live", in the channel's language
          "Session start:",
          "Registered:",
        ]
      ) {
        assert.ok(parentText.includes(shown), `the parent shows ${shown}`);
      }
      assert.equal(await message(page, "Ada Lovelace").count(), 1, "one message per attendee (W2)");
      await parent.getByRole("link", { name: /Reply in chat/ }).waitFor();
      await screenshot(page, "webinar-channel");

      // W2: the chat message is in the thread; W3: a reply goes back to the attendee.
      await parent.locator('[data-kind="open-thread"].thread-link').click();
      const thread = page.locator("#thread-content");
      await thread.getByText("Will the slides be shared after the session?").waitFor();
      await thread.getByText("Joined the session").waitFor();
      await page.fill("#thread-input", "Yes! We email the slides tomorrow.");
      await page.press("#thread-input", "Enter");
      const reply = thread.locator(".message", { hasText: "We email the slides tomorrow" });
      await reply.waitFor();
      await settle(e2e);
      await reply.locator('.reaction[data-name="speech_balloon"]').waitFor();
      await screenshot(page, "webinar-thread");

      // The attendee sees it in the live chat, from Priya (W7: sender mode, Priya is a moderator).
      await page.click('[data-testid="sim-webinar"]');
      await page.locator('[data-testid="attendee-Ada Lovelace"]').getByRole("link", {
        name: "Chat",
      })
        .click();
      const answer = chat.locator(".bubble.moderator", {
        hasText: "We email the slides tomorrow.",
      });
      await answer.waitFor();
      assert.match(await answer.innerText(), /Priya Natarajan \(moderator\)/);
      await screenshot(page, "webinar-simulator-chat");

      // Offline: the next reply is emailed, and marked ✉️ in Slack.
      await page.locator('[data-testid="attendee-Ada Lovelace"]').getByRole("button", {
        name: "Go offline",
      }).click();
      await page.locator('[data-testid="attendee-Ada Lovelace"]').getByText("offline", {
        exact: true,
      }).waitFor();
      await actAs(page, "Marcus Chen");
      await openChannel(page, "webinar-attendees");
      await message(page, "Ada Lovelace").locator('[data-kind="open-thread"].thread-link').click();
      await page.fill("#thread-input", "Here is the recording link for later.");
      await page.press("#thread-input", "Enter");
      await settle(e2e);
      await thread.locator(".message", { hasText: "recording link" }).locator(
        '.reaction[data-name="email"]',
      ).waitFor();
      await page.click('[data-testid="sim-webinar"]');
      const mail = page.locator('[data-testid="email-outbox"] .mail', {
        hasText: "recording link",
      });
      await mail.waitFor();
      const mailText = await mail.innerText();
      assert.match(
        mailText,
        /Marcus Chen <marcus\.chen@northwind\.example>/,
        "sent as the moderator who wrote it",
      );
      assert.match(mailText, /Ada Lovelace <ada\.lovelace@analytical\.example>/);
      await screenshot(page, "webinar-email-outbox");

      assert.deepEqual(e2e.pageErrors, []);
    } finally {
      await e2e.close();
    }
  },
);
