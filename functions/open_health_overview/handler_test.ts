/** "Session Bridge health" through the workflow engine and the fake Slack. */
import assert from "node:assert/strict";
import { activityRow } from "../../adapters/activity.ts";
import ActivityDatastore from "../../datastores/activity.ts";
import { startApp, type TestApp } from "../../testing/app.ts";
import { clickShortcut, runEnded, viewText, waitForView } from "../../testing/modals.ts";
import { attendee, registered } from "../../testing/webinar_fixtures.ts";
import { HEALTH_ACTIONS_BLOCK, HEALTH_REFRESH_ACTION, HEALTH_VIEW, REFUSED_VIEW } from "./views.ts";

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
