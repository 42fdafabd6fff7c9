/**
 * The learning story in a browser (L2-L6): the platform assigns a learner to a path session and the
 * learner gets a DM from the app, sent as the platform group, with the cover image (never the
 * default one or an SVG) and an "Open session" button; a learner who mutes session information in
 * "My notifications" gets no more of it; a path step arrives when the clock reaches it.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  actAs,
  browserTest,
  type E2E,
  openAppDm,
  openSandbox,
  screenshot,
  settle,
  withFailureShot,
} from "./helpers.ts";

async function dmTexts(e2e: E2E, person: string): Promise<string[]> {
  await actAs(e2e.page, person);
  await openAppDm(e2e.page);
  return await e2e.page.locator("#main-content .message").allInnerTexts();
}

async function platform(page: Page, session: string) {
  await page.click('[data-testid="sim-learning"]');
  const card = page.locator(`[data-testid="session-${session}"]`);
  await card.waitFor();
  return card;
}

async function assign(page: Page, session: string, learner: string): Promise<void> {
  const card = await platform(page, session);
  const form = card.locator(`[data-testid="assign-${session}"]`);
  await form.locator("select").selectOption({ label: learner });
  await form.getByRole("button", { name: "Assign" }).click();
}

browserTest(
  "learning story: an assigned learner gets a DM with the cover and Open session; muting information stops it; a path step arrives on time",
  async () => {
    const e2e = await openSandbox();
    const { page } = e2e;
    try {
      await withFailureShot(e2e, "learning", async () => {
        // L2, L3, L4: assignment DM, sent as the platform group, with cover, dates and the button.
        await assign(page, "ses_listening", "Liam O’Connor <liam.oconnor@northwind.example>");
        await settle(e2e);
        await actAs(page, "Liam O’Connor");
        await openAppDm(page);
        const dm = page.locator("#main-content .message", { hasText: "You have been assigned" });
        await dm.waitFor();
        assert.equal(await dm.locator(".sender").innerText(), "Northwind Academy");
        assert.match(
          await dm.locator("img.avatar").getAttribute("src") ?? "",
          /academy-logo\.png$/,
        );
        assert.match(
          await dm.locator(".block-image img").getAttribute("src") ?? "",
          /cover-listening\.png$/,
        );
        const text = await dm.innerText();
        assert.match(text, /Active listening for support teams/);
        assert.match(text, /…/, "the long description is cut at 200 characters");
        assert.match(text, /Starts:/);
        await screenshot(page, "learning-dm");

        // "Open session" leads to the session's page on the platform.
        await dm.getByRole("link", { name: /Open session/ }).click();
        await page.locator('[data-testid="session-page"]', { hasText: "Active listening" })
          .waitFor();

        // L4: no image for the platform's default cover, nor for an SVG.
        await assign(page, "ses_escalations", "Yuki Tanaka <yuki.tanaka@northwind.example>");
        await assign(page, "ses_metrics", "Yuki Tanaka <yuki.tanaka@northwind.example>");
        await settle(e2e);
        await actAs(page, "Yuki Tanaka");
        await openAppDm(page);
        await page.locator("#main-content .message", { hasText: "Metrics that matter" }).waitFor();
        await page.locator("#main-content .message", { hasText: "Gérer les escalades" }).waitFor();
        assert.equal(await page.locator("#main-content .block-image").count(), 0, "no cover shown");

        // L5: Liam mutes session information in his preferences modal.
        // "Manage notifications" in the DM is the link trigger's URL: it runs the workflow as Liam.
        await actAs(page, "Liam O’Connor");
        await openAppDm(page);
        await page.locator("#main-content .message").first()
          .getByRole("link", { name: /Manage notifications/ }).click();
        const modal = page.locator(".modal");
        await modal.waitFor();
        const info = modal.locator('input[type="checkbox"][value="session_information"]');
        assert.equal(await info.isChecked(), true, "everything is on at first");
        await info.uncheck();
        await screenshot(page, "learning-preferences-modal");
        await modal.locator('[data-kind="view-submit"]').click();
        // Saved: the modal closes, or the app replaces it with a confirmation.
        await modal.locator('input[value="session_information"]').waitFor({ state: "detached" });
        if (await modal.count()) await modal.locator('[data-kind="view-close"]').first().click();

        // Yuki is enrolled too; information goes to both, but Liam muted it.
        await assign(page, "ses_listening", "Yuki Tanaka <yuki.tanaka@northwind.example>");
        const card = await platform(page, "ses_listening");
        await card.getByLabel("Session information title").fill("The workshop moves to room 4B");
        await card.getByRole("button", { name: "Send information" }).click();
        await settle(e2e);
        assert.ok(
          (await dmTexts(e2e, "Yuki Tanaka")).some((t) => t.includes("room 4B")),
          "Yuki gets it",
        );
        assert.ok(
          !(await dmTexts(e2e, "Liam O’Connor")).some((t) => t.includes("room 4B")),
          "Liam muted it",
        );

        // L6: a path step is scheduled, and arrives when the clock reaches it.
        const step = (await platform(page, "ses_listening")).locator(
          '[data-testid="step-ses_listening"]',
        );
        await step.getByLabel("Learner").selectOption({
          label: "Liam O’Connor <liam.oconnor@northwind.example>",
        });
        await step.getByLabel("Path step title").fill("Bring one hard ticket on Wednesday");
        await step.getByLabel("Send in").selectOption({ label: "in 1 hour" });
        await step.getByRole("button", { name: "Schedule path step" }).click();
        await settle(e2e);
        await page.locator('[data-testid="sandbox-clock"]', {
          hasText: "Scheduled Slack messages (1)",
        }).waitFor();
        // The recipient is in the scheduled list, and the choices stay for the next step.
        await page.locator('[data-testid="scheduled-message"]', { hasText: "to Liam O’Connor" })
          .waitFor();
        const learnerPicker = (await platform(page, "ses_listening")).locator(
          '[data-testid="step-ses_listening"] select[name="learner_id"]',
        );
        assert.equal(
          await learnerPicker.inputValue(),
          "lrn_liam",
          "the learner chosen stays chosen",
        );
        assert.ok(
          !(await dmTexts(e2e, "Liam O’Connor")).some((t) => t.includes("hard ticket")),
          "not yet",
        );
        await page.getByRole("button", { name: "+1 hour" }).first().click();
        await page.locator("#main-content .message", { hasText: "Bring one hard ticket" })
          .waitFor();
        await screenshot(page, "learning-path-step");

        assert.deepEqual(e2e.pageErrors, []);
      });
    } finally {
      await e2e.close();
    }
  },
);
