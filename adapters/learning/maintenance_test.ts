/**
 * End to end: the hourly upkeep (functions/run_maintenance) for path steps: a step beyond Slack's
 * 120-day window is scheduled once it is within reach, a step whose time came is posted at once,
 * and switching learning notifications off takes scheduled steps back out of Slack.
 */
import assert from "node:assert/strict";
import ScheduledStepsDatastore from "../../datastores/scheduled_steps.ts";
import { BLOCKS } from "../../domain/learning/messages.ts";
import {
  block,
  dmMessages,
  GROUP,
  outcomeOf,
  pathStep,
  runMaintenance,
  scheduledIn,
  sendAndSettle as send,
  stepOf,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";

const DAY = 86_400_000;

Deno.test("a path step 200 days ahead is kept, then scheduled once it enters the window, then posted", () =>
  withApp(async (app) => {
    const at = app.fake.clock.now() + 200 * DAY;
    const event = pathStep("liam@example.com", at);
    await send(app, [event]);
    assert.equal((await stepOf(app, event.id))?.status, "waiting");
    assert.equal(await outcomeOf(app, event.id), "waiting");
    assert.equal((await scheduledIn(app, "liam")).length, 0);
    assert.equal(app.fake.calls({ method: "chat.scheduleMessage" }).length, 0);

    // 79 days later the step is still 121 days away: the upkeep leaves it waiting.
    app.fake.clock.advance(79 * DAY);
    await runMaintenance(app);
    assert.equal((await stepOf(app, event.id))?.status, "waiting");

    // Two days more and it is within 120 days: the upkeep schedules it at the requested time.
    app.fake.clock.advance(2 * DAY);
    await runMaintenance(app);
    const scheduled = await scheduledIn(app, "liam");
    assert.deepEqual(scheduled.map((s) => s.post_at), [Math.floor(at / 1000)]);
    assert.equal((await stepOf(app, event.id))?.status, "scheduled");
    assert.equal(app.fake.calls({ method: "chat.scheduleMessage" }).length, 1);

    // When the time comes, Slack posts it in the learner's DM.
    app.fake.clock.advance(at - app.fake.clock.now() + 1_000);
    let posted = await dmMessages(app, "liam");
    for (let i = 0; posted.length === 0 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      posted = await dmMessages(app, "liam");
    }
    assert.equal(posted.length, 1);
    assert.equal(block(posted[0]!, BLOCKS.identity) !== undefined, true);
  }));

Deno.test("turning learning notifications off takes scheduled steps out of Slack until they are back on", () =>
  withApp(async (app) => {
    const at = app.fake.clock.now() + 2 * DAY;
    const event = pathStep("liam@example.com", at);
    await send(app, [event]);
    assert.equal((await scheduledIn(app, "liam")).length, 1);

    await app.setSettings({ learningEnabled: false });
    await runMaintenance(app);
    assert.equal((await scheduledIn(app, "liam")).length, 0);
    const paused = await stepOf(app, event.id);
    assert.equal(paused?.status, "waiting");
    assert.equal(paused?.detail, "paused:learning_off");

    await app.setSettings({ learningEnabled: true });
    await runMaintenance(app);
    const again = await scheduledIn(app, "liam");
    assert.deepEqual(again.map((s) => s.post_at), [Math.floor(at / 1000)]);
    assert.equal((await stepOf(app, event.id))?.status, "scheduled");
  }));

Deno.test("a waiting step whose time has come is posted at once by the upkeep, as the group", () =>
  withApp(async (app) => {
    const now = app.fake.clock.now();
    const event = pathStep("liam@example.com", now - 60_000);
    const id = `learning:${event.id}`;
    // As if the step had kept being refused until its time passed (Slack's 30-per-window limit).
    const put = await app.api("apps.datastore.put", {
      datastore: ScheduledStepsDatastore.name,
      item: {
        id,
        status: "waiting",
        user_id: app.users.liam,
        post_at: now - 60_000,
        event_json: JSON.stringify(event),
        detail: "restricted_too_many",
        updated_at: now - 3_600_000,
        expires_at: Math.floor(now / 1000) + 14 * 86_400,
      },
    });
    assert.equal(put.ok, true);
    await runMaintenance(app);

    const messages = await dmMessages(app, "liam");
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.username, GROUP.name);
    assert.equal(messages[0]!.metadata?.event_payload?.delivery_id, id);
    const step = await stepOf(app, event.id);
    assert.equal(step?.status, "scheduled");
    assert.match(String(step?.detail), /^posted_late:/);
    // The next run finds nothing left to do.
    await runMaintenance(app);
    assert.equal((await dmMessages(app, "liam")).length, 1);
  }));
