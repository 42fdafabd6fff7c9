/**
 * W9, the fix: after an admin adds Session Bridge back to the channel it could not post in, what was
 * held goes out within 30 s, with no other event and no hourly upkeep to carry it.
 */
import assert from "node:assert/strict";
import { startApp } from "../testing/app.ts";
import { outboxLeft } from "../testing/deliveries.ts";
import { history, waitFor } from "../testing/reads.ts";
import { attendee, registered } from "../testing/webinar_fixtures.ts";
import { seed } from "../sandbox/fake_slack/mod.ts";

const SCALE = 5;

Deno.test("W9: notifications held for a channel go out within 30 s of the app being added to it, with no other event", async () => {
  const app = await startApp({ timeScale: SCALE });
  try {
    // A private channel the app is not in: Slack answers channel_not_found and the app cannot join.
    const { channels } = await seed(app.fake, {
      channels: [{ name: "attendee-desk", is_private: true, members: ["alice"] }],
    });
    const channel = channels["attendee-desk"]!;
    await app.setSettings({ channelId: channel });
    await app.sendWebinar([registered(attendee(1, { name: "Held Hana" }))]);
    // Held, and retried less and less often: wait until its next retry is over 35 s away and the
    // hourly upkeep has had its first run (a minute in), so only the fix can bring it within 30 s.
    await waitFor(async () => {
      const [row] = await outboxLeft(app.fake);
      const upkeepDone = app.engine.runs.some((r) =>
        r.workflow === "maintenance" && r.status !== "running"
      );
      return upkeepDone && row && row.owner === "" &&
        row.not_before - app.fake.clock.now() > 35_000;
    }, 300_000 / SCALE);
    assert.deepEqual(await history(app, channel), [], "nothing posted while the app is out");

    // The admin adds the app (Slack's /invite does conversations.invite as the admin).
    const runsBefore = app.engine.runs.length;
    const invited = await app.api("conversations.invite", {
      channel,
      users: app.fake.workspace.requireApp().bot_user_id,
    }, await app.userToken("alice"));
    assert.equal(invited.ok, true);
    const fixedAt = app.fake.clock.now();
    const posted = await waitFor(async () => {
      const found = (await history(app, channel)).find((m) => m.text.includes("Held Hana"));
      return found ? Number(found.ts) * 1000 : null;
    }, 60_000);
    assert.ok(
      posted - fixedAt <= 30_000,
      `held for ${((posted - fixedAt) / 1000).toFixed(1)} s after the fix`,
    );
    // Brought by the app's own join: a drain its user_joined_channel trigger started (Retry now's
    // reason), not an event or the upkeep.
    const after = app.engine.runs.slice(runsBefore);
    assert.ok(
      after.some((r) => r.workflow === "drain_outbox" && r.inputs.reason === "retry_now"),
      `runs after the fix: ${after.map((r) => `${r.workflow} ${JSON.stringify(r.inputs)}`)}`,
    );
    assert.ok(
      !after.some((r) => r.workflow === "webinar_events_received" || r.workflow === "maintenance"),
    );
  } finally {
    await app.close();
  }
});
