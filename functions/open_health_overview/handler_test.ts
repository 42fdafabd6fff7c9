/** "Session Bridge health" through the workflow engine and the fake Slack. */
import assert from "node:assert/strict";
import { activityRow } from "../../adapters/activity.ts";
import ActivityDatastore from "../../datastores/activity.ts";
import {
  privateChannelWithoutApp,
  retryMinutesAway,
  startApp,
  type TestApp,
} from "../../testing/app.ts";
import { clickShortcut, runEnded, viewText, waitForView } from "../../testing/modals.ts";
import { attendee, registered } from "../../testing/webinar_fixtures.ts";
import { seed } from "../../sandbox/fake_slack/mod.ts";
import { history, waitFor } from "../../testing/reads.ts";
import { outboxLeft } from "../../testing/deliveries.ts";
import {
  HEALTH_ACTIONS_BLOCK,
  HEALTH_REFRESH_ACTION,
  HEALTH_RETRY_ACTION,
  HEALTH_RETRY_BLOCK,
  HEALTH_VIEW,
  REFUSED_VIEW,
} from "./views.ts";

async function withApp(body: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

/** Records an error as the delivery code does when a post hits not_in_channel. */
async function recordNotInChannel(app: TestApp, channel: string, at = Date.now()): Promise<void> {
  const row = activityRow(
    {
      kind: "error",
      source: "webinar",
      code: "not_in_channel",
      detail: `Cannot post in channel ${channel}: not_in_channel`,
      context: { channel, event: "evt_42" },
      remediation: "not_in_channel",
      remediationParams: { channel: `<#${channel}>` },
    },
    "en",
    at,
  );
  const res = await app.api("apps.datastore.put", { datastore: ActivityDatastore.name, item: row });
  assert.equal(res.ok, true);
}

const loaded = (view: { blocks: unknown[] }) => view.blocks.length > 1;

async function openHealth(app: TestApp, user: string) {
  const userId = app.users[user]!;
  const run = await clickShortcut(app, "health_link", userId);
  const view = await waitForView(app, userId, HEALTH_VIEW, loaded);
  return { userId, run, view };
}

Deno.test("Health: a recorded not_in_channel error is listed with its fix, in the reader's language", async () => {
  await withApp(async (app) => {
    const channel = app.channels["webinar-attendees"]!;
    await recordNotInChannel(app, channel, Date.now() - 3_600_000);
    await recordNotInChannel(app, channel);
    await recordNotInChannel(app, "C0OLD", Date.now() - 8 * 86_400_000);
    await app.setSettings({ admins: [app.users.lea!] });

    const { userId, run, view } = await openHealth(app, "alice");
    assert.equal(app.fake.calls({ method: "views.open" }).length, 1);
    assert.equal(app.fake.calls({ method: "views.update" }).length, 1, "Loading…, then the report");
    const text = viewText(view);
    assert.match(text, /\*`not_in_channel`\* · 2 times, last <!date/);
    assert.match(
      text,
      new RegExp(`Session Bridge is not in <#${channel}>\\. Open the channel, click its name`),
    );
    assert.match(text, new RegExp(`Involved: channel <#${channel}>, event \`evt_42\``));
    assert.doesNotMatch(text, /C0OLD/, "errors older than 7 days are not shown");
    await app.engine.closeView(userId, view.id);
    await runEnded(run);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { status: "closed" });

    const fr = await openHealth(app, "lea");
    assert.match(viewText(fr.view), new RegExp(`Session Bridge n’est pas dans <#${channel}>`));
    await app.engine.closeView(fr.userId, fr.view.id);
    await runEnded(fr.run);
  });
});

Deno.test("Health: with no errors it says so, and shows emails, listened channels and last events", async () => {
  await withApp(async (app) => {
    await app.setSettings({ channelMode: "per_webinar", channelPrefix: "webinar-" });
    await app.sendWebinar([registered(attendee(1))]);
    await app.settle();

    const { userId, run, view } = await openHealth(app, "alice");
    const text = viewText(view);
    assert.match(text, /No errors in the last 7 days/);
    assert.match(text, /ghost@nowhere\.example: 1× \(moderator\)/);
    assert.match(text, /The channel in use is listened to/);
    assert.match(text, /\*Webinar platform\*: <!date[^>]+>: 1 accepted, 0 rejected, 0 ignored/);
    assert.match(text, /\*Learning platform\*: nothing received yet/);

    // Refresh picks up what happened since.
    await recordNotInChannel(app, "C0NEW");
    const res = await app.engine.viewAction(userId, view.id, {
      type: "button",
      block_id: HEALTH_ACTIONS_BLOCK,
      action_id: HEALTH_REFRESH_ACTION,
    });
    assert.equal(res.ok, true, String(res.error));
    const [refreshed] = await app.engine.viewStack(userId);
    assert.match(viewText(refreshed!), /`not_in_channel`\* · once/);

    await app.engine.closeView(userId, view.id);
    await runEnded(run);
    assert.equal(run.status, "completed");
  });
});

Deno.test("Health: refused and ignored events are listed with their precise reason, grouped with counts (P1)", async () => {
  await withApp(async (app) => {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const ada = attendee(1);
    const bad = (n: number) => ({
      ...registered(attendee(n)),
      id: `bad_${n}`,
      occurred_at: "soon",
    });
    await app.sendWebinar([
      registered(ada),
      bad(2),
      bad(3),
      { ...registered(attendee(4)), id: "odd_4", type: "attendee.teleported" },
    ]);
    await app.settle();

    const { run, view, userId } = await openHealth(app, "alice");
    const text = viewText(view);
    assert.match(text, /Events refused or ignored in the last 7 days/);
    assert.match(text, /`invalid_event`\* \(refused, Webinar platform\) · 2 times/);
    assert.match(text, /Latest: events\[\d\]\.occurred_at: must be an ISO 8601 date-time/);
    assert.match(text, /`unknown_event_type`\* \(ignored, Webinar platform\) · once/);
    assert.match(text, /attendee\.teleported/);
    await app.engine.closeView(userId, view.id);
    await runEnded(run);
  });
});

Deno.test("Health: waiting notifications are counted per channel, and Retry now sends them at once once the channel is fixed", async () => {
  await withApp(async (app) => {
    const channel = await privateChannelWithoutApp(app);
    await app.sendWebinar([registered(attendee(20))]);
    await app.settle();
    // Slack hides the private channel from the app: the event waits, each retry further off.
    const nextRetry = await retryMinutesAway(app);

    const { userId, run, view } = await openHealth(app, "alice");
    assert.doesNotMatch(viewText(view), /Fixed/);
    assert.match(
      viewText(view),
      new RegExp(`<#${channel}>: 1 notification waiting \\(last error \`channel_not_found\`\\)`),
    );
    // The admin adds the app to the channel, then asks for a retry.
    await seed(app.fake, { channels: [{ name: "private-attendees", app_member: true }] });
    const res = await app.engine.viewAction(userId, view.id, {
      type: "button",
      block_id: HEALTH_RETRY_BLOCK,
      action_id: HEALTH_RETRY_ACTION,
    });
    assert.equal(res.ok, true, String(res.error));
    await waitFor(async () => (await history(app, channel)).length === 1, 30_000);
    assert.ok(
      app.fake.clock.now() < nextRetry,
      "delivered before its next retry was due: the button did it",
    );
    const [after] = await app.engine.viewStack(userId);
    assert.match(viewText(after!), /Delivery resumed/);
    // The error stays listed, now marked fixed: the app can post in the channel again.
    assert.match(
      viewText(after!),
      /`channel_not_found`\* · [^\n]*\n✅ Fixed: Session Bridge can post there again/,
    );
    await app.engine.closeView(userId, view.id);
    await runEnded(run);
    await app.settle();
    assert.deepEqual(await outboxLeft(app.fake), []);
    assert.equal((await history(app, channel)).length, 1, "delivered once");
  });
});

Deno.test("Health: someone who is not an admin is told who is, and the function completes", async () => {
  await withApp(async (app) => {
    const mo = app.users.mo!;
    const run = await clickShortcut(app, "health_link", mo);
    const view = await waitForView(app, mo, REFUSED_VIEW);
    assert.match(viewText(view), /can see Session Bridge’s health/);
    await runEnded(run);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused" });
    const queries = app.fake.calls({ method: "apps.datastore.query" });
    assert.equal(queries.length, 0, "nothing is gathered for someone who may not see it");
  });
});
