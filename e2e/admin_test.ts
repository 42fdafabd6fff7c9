/**
 * An admin changes the settings in the modal (W6, W10): a bad channel prefix is refused inline, a
 * good one is saved, and the next attendee gets a channel of their own named with it, where the
 * webinar's moderators are invited. Someone who is not an admin is told who can configure.
 */
import assert from "node:assert/strict";
import { SETTINGS_BLOCKS } from "../domain/settings_form.ts";
import {
  actAs,
  browserTest,
  message,
  openChannel,
  openSandbox,
  screenshot,
  settle,
  withFailureShot,
} from "./helpers.ts";

browserTest(
  "admin settings: a bad prefix is refused inline, a good one is saved and names the next webinar's channel",
  async () => {
    const e2e = await openSandbox();
    const { page } = e2e;
    try {
      await withFailureShot(e2e, "admin", async () => {
        // W10: someone who is not an admin cannot configure.
        await actAs(page, "Sofia Rossi");
        await page.click('[data-testid="shortcut-Configure Session Bridge"]');
        const modal = page.locator(".modal");
        await modal.waitFor();
        assert.equal(await modal.locator("[data-state]").count(), 0, "no settings for a non-admin");
        assert.equal(await modal.locator('[data-kind="view-submit"]').count(), 0);
        await modal.locator('[data-kind="view-close"]').first().click();
        await modal.waitFor({ state: "detached" });

        // An admin opens the settings.
        await actAs(page, "Jordan Reyes");
        await page.click('[data-testid="shortcut-Configure Session Bridge"]');
        await modal.getByRole("heading", { name: "Configure Session Bridge" }).waitFor();
        await modal.locator('input[type="radio"][value="per_webinar"]').check();
        const prefix = modal.locator(`[data-input-block="${SETTINGS_BLOCKS.prefix}"]`);
        await prefix.locator("input").fill("Bad Prefix!");
        await modal.locator('[data-kind="view-submit"]').click();
        const error = prefix.locator(".field-error");
        await error.waitFor();
        assert.ok((await error.innerText()).length > 0, "the error says what is wrong");
        await screenshot(page, "admin-settings-error");

        // A good prefix is saved; the modal closes.
        await prefix.locator("input").fill("events-");
        await modal.locator('[data-kind="view-submit"]').click();
        await page.locator('.modal [data-kind="view-submit"]').waitFor({ state: "detached" });
        if (await modal.count()) {
          await modal.locator('[data-kind="view-close"]').first().click();
          await modal.waitFor({ state: "detached" });
        }

        // The next attendee arrives in a new channel named with the prefix; moderators are in it.
        await page.click('[data-testid="sim-webinar"]');
        const card = page.locator('[data-testid="webinar-web_scaling"]');
        await card.getByLabel("Attendee name").fill("Grace Hopper");
        await card.getByLabel("Attendee email").fill("grace.hopper@cobol.example");
        await card.getByRole("button", { name: "Register" }).click();
        await settle(e2e);
        await actAs(page, "Priya Natarajan");
        await openChannel(page, "events-scaling-support-teams");
        await message(page, "Grace Hopper").waitFor();
        await screenshot(page, "admin-channel-per-webinar");

        // The settings modal, as an admin sees it.
        await actAs(page, "Jordan Reyes");
        await page.click('[data-testid="shortcut-Configure Session Bridge"]');
        await modal.getByRole("heading", { name: "Configure Session Bridge" }).waitFor();
        assert.equal(
          await modal.locator('input[type="radio"][value="per_webinar"]').isChecked(),
          true,
          "the saved mode is shown",
        );
        assert.equal(await prefix.locator("input").inputValue(), "events-");
        await screenshot(page, "admin-settings-modal");
        await modal.locator('[data-kind="view-close"]').first().click();

        assert.deepEqual(e2e.pageErrors, []);
      });
    } finally {
      await e2e.close();
    }
  },
);
