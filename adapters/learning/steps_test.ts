/**
 * End to end: scheduling path-step messages (L6) through the webhook, the workflow engine and the
 * fake Slack: the right time, the group named inline, muting, Slack's limits, a lost answer.
 */
import assert from "node:assert/strict";
import OutboxDatastore from "../../datastores/outbox.ts";
import { BLOCKS } from "../../domain/learning/messages.ts";
import type { TestApp } from "../../testing/app.ts";
import {
  activityRows,
  appContext,
  block,
  dmChannel,
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
import { loadMuted, saveMuted } from "./preferences.ts";

const DAY = 86_400_000;

/** What the fake holds for a scheduled message (blocks included, which the list method omits). */
async function storedSchedule(app: TestApp, id: string): Promise<Record<string, unknown> | null> {
  return await app.fake.workspace.records.scheduledMessage(id);
}

Deno.test("a path step is scheduled in the learner's DM at the requested time, naming the group", () =>
  withApp(async (app) => {
    const at = app.fake.clock.now() + 2 * DAY;
    const event = pathStep("liam@example.com", at);
    await send(app, [event]);

    const scheduled = await scheduledIn(app, "liam");
    assert.equal(scheduled.length, 1);
    assert.equal(scheduled[0]!.post_at, Math.floor(at / 1000));
    assert.equal(scheduled[0]!.channel_id, await dmChannel(app, "liam"));
    // chat.scheduleMessage has no username or icon: the group heads the message instead (L3).
    const [call] = app.fake.calls({ method: "chat.scheduleMessage" });
    assert.deepEqual(call!.unknown_args, []);
    assert.equal("username" in call!.args || "icon_url" in call!.args, false);
    const stored = await storedSchedule(app, scheduled[0]!.id);
    const identity = block(stored as { blocks?: Array<Record<string, unknown>> }, BLOCKS.identity);
    assert.deepEqual(
      (identity?.elements as Array<{ type: string; image_url?: string; text?: string }>).map((e) =>
        e.image_url ?? e.text
      ),
      [GROUP.logo_url, GROUP.name],
    );
    assert.equal((stored?.blocks as Array<{ block_id?: string }>)[0]?.block_id, BLOCKS.identity);
    const step = await stepOf(app, event.id);
    assert.equal(step?.status, "scheduled");
    assert.equal(step?.scheduled_message_id, scheduled[0]!.id);
    assert.equal(await outcomeOf(app, event.id), "scheduled");
    assert.equal((await dmMessages(app, "liam")).length, 0, "nothing is posted before its time");
  }));

Deno.test("a path step in the past is rejected with a clear reason and nothing is scheduled", () =>
  withApp(async (app) => {
    const at = app.fake.clock.now() - 60_000;
    const event = pathStep("liam@example.com", at);
    await send(app, [event]);

    const run = app.engine.runs.at(-1);
    assert.deepEqual(run?.steps[0]?.outputs, {
      status: "rejected",
      accepted: 0,
      rejected: 1,
      ignored: 0,
    });
    const row = (await activityRows(app)).find((r) => r.id === `rejected:learning:${event.id}`);
    assert.equal(row?.code, "time_in_past");
    assert.match(
      String(row?.detail),
      /^events\[0\]: send_at: must be in the future \(the event arrived at /,
    );
    assert.match(String(row?.remediation), /time in the past/);
    assert.equal(app.fake.calls({ method: "chat.scheduleMessage" }).length, 0);
    assert.equal(await stepOf(app, event.id), null);
  }));

Deno.test("muting path steps cancels the learner's pending steps and keeps new ones out", () =>
  withApp(async (app) => {
    const soon = pathStep("liam@example.com", app.fake.clock.now() + 3 * DAY);
    const far = pathStep("liam@example.com", app.fake.clock.now() + 150 * DAY);
    const other = pathStep("lea@example.com", app.fake.clock.now() + 3 * DAY);
    await send(app, [soon, far, other]);
    assert.equal((await scheduledIn(app, "liam")).length, 1);
    assert.equal((await stepOf(app, far.id))?.status, "waiting");

    const ctx = appContext(app);
    const liam = app.users.liam!;
    assert.deepEqual(await saveMuted(ctx, liam, ["path_step"]), { cancelledSteps: 2 });
    assert.deepEqual(await loadMuted(ctx, liam), ["path_step"]);
    assert.equal((await scheduledIn(app, "liam")).length, 0);
    assert.equal((await stepOf(app, soon.id))?.status, "cancelled");
    assert.equal((await stepOf(app, far.id))?.status, "cancelled");
    // Another learner's step is untouched.
    assert.equal((await scheduledIn(app, "lea")).length, 1);

    const later = pathStep("liam@example.com", app.fake.clock.now() + 4 * DAY);
    await send(app, [later]);
    assert.equal(await outcomeOf(app, later.id), "skipped:muted");
    assert.equal((await scheduledIn(app, "liam")).length, 0);
    // The far step stays cancelled when the upkeep runs.
    await runMaintenance(app);
    assert.equal((await scheduledIn(app, "liam")).length, 0);
  }));

Deno.test("a 31st step in one 5-minute window is retried later, not dropped", () =>
  withApp(async (app) => {
    const at = app.fake.clock.now() + 3 * DAY;
    const events = Array.from({ length: 31 }, () => pathStep("liam@example.com", at));
    await send(app, events);

    assert.equal((await scheduledIn(app, "liam")).length, 30);
    const waiting = await app.fake.workspace.datastores.items(OutboxDatastore.name);
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.last_error, "restricted_too_many");
    assert.equal(waiting[0]!.attempts, 1);
    const failed = (await activityRows(app)).filter((r) => r.code === "restricted_too_many");
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.id, `schedule_failed:${waiting[0]!.id}`);
  }));

Deno.test("a step whose scheduling answer was lost is scheduled once, not twice", () =>
  withApp(async (app) => {
    // Slack schedules the message, then the answer is lost (HTTP 500).
    app.fake.addFault({ method: "chat.scheduleMessage", status: 500, when: "after", remaining: 1 });
    const at = app.fake.clock.now() + 2 * DAY;
    const event = pathStep("liam@example.com", at);
    await send(app, [event]);
    assert.equal((await scheduledIn(app, "liam")).length, 1);

    // The retry (in the same drain if it comes round soon enough, else the upkeep) finds the
    // message already scheduled for that time and adopts it.
    app.fake.clock.advance(60_000); // past the retry delay
    await runMaintenance(app);
    const scheduled = await scheduledIn(app, "liam");
    assert.equal(scheduled.length, 1);
    assert.equal((await stepOf(app, event.id))?.scheduled_message_id, scheduled[0]!.id);
    assert.equal(app.fake.calls({ method: "chat.scheduleMessage" }).length, 1);
    assert.equal(await outcomeOf(app, event.id), "scheduled");
  }));
