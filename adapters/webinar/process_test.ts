/**
 * The webinar lane's processor, driven directly on one row at a time (the app installed on a fake
 * Slack that serves stale reads): whether a row opens a thread, what goes out in which order when it
 * does, a channel that failed for everyone this run, and adopting a channel another run made.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../../testing/app.ts";
import { type RecordedCall, recordingContext } from "../../testing/contexts.ts";
import { rowFor } from "../../testing/outbox_rows.ts";
import { waitPastStaleReads } from "../../testing/reads.ts";
import { attendee, chat, registered, WEBINAR } from "../../testing/webinar_fixtures.ts";
import { anchorRows, ledgerKey, LedgerView, readLedger } from "../datastore/ledger.ts";
import { loadSettings } from "../datastore/settings_store.ts";
import { outboxRow } from "../outbox.ts";
import { newRound } from "../delivery.ts";
import { Pacer } from "../slack/pacer.ts";
import { putRow } from "../datastore/records.ts";
import { WEBINARS } from "../datastore/specs.ts";
import { slackCall } from "../slack/client.ts";
import { adoptOwnChannel, anchorKey, opensThread, webinarProcessor } from "./process.ts";

Deno.test("opensThread(): a webinar row whose attendee has no anchor opens a thread; one with an anchor does not", () => {
  const row = rowFor(registered(attendee(1)));
  const view = new LedgerView();
  assert.equal(opensThread([row], view), true);
  const [attendeeRow] = anchorRows({
    webinarId: WEBINAR.id,
    attendeeId: "att_1",
    attendeeName: "Ada",
    channelId: "C1",
    threadTs: "1.1",
    openedBy: "attendee.registered",
  });
  assert.equal(attendeeRow!.id, anchorKey(row));
  view.set(attendeeRow!);
  assert.equal(opensThread([row], view), false);
  const learning = outboxRow({
    lane: "learning",
    eventId: "l1",
    occurredAt: 0,
    position: 0,
    subject: "l:lea",
    event: { id: "l1" },
    owner: "",
    notBefore: 0,
  });
  assert.equal(opensThread([learning], new LedgerView()), false, "a learner has no thread");
  assert.equal(opensThread([], view), false);
});

/** The app with its channel set up (a first event went through), and a round on the app's token. */
async function withRound(
  fn: (app: TestApp, round: ReturnType<typeof newRound>, calls: RecordedCall[]) => Promise<void>,
): Promise<void> {
  const app = await startApp();
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    await waitPastStaleReads(app);
    await app.sendWebinar([registered(attendee(0))]);
    await app.settle();
    const { ctx, calls } = recordingContext(app.fake);
    const round = newRound(ctx, {
      settings: await loadSettings(ctx),
      pacer: new Pacer(1000),
      view: await readLedger(ctx, []),
      canPrepare: false,
    });
    await fn(app, round, calls);
  } finally {
    await app.close();
  }
}

async function prepare(round: ReturnType<typeof newRound>, row: ReturnType<typeof rowFor>) {
  await round.view.fill(round.ctx, await webinarProcessor.ledgerKeys([row]));
}

Deno.test("process(): a chat that opens a thread posts the parent then the chat in the thread, and leaves both anchors to the run's batch", () =>
  withRound(async (_app, round, calls) => {
    const who = attendee(1, { name: "Chatty Chen" });
    const row = rowFor(chat(who, "Is there a replay?"));
    await prepare(round, row);
    calls.length = 0;
    const outcome = await webinarProcessor.process(row, round);
    assert.equal(outcome.kind, "done");
    const steps = calls.filter((c) =>
      c.method === "chat.postMessage" || c.method.startsWith("apps.datastore.")
    ).map((c) =>
      c.method === "chat.postMessage"
        ? (c.args.thread_ts ? "post in thread" : "post parent")
        : c.method
    );
    // No write between the two posts: a reply that comes first is recognised by the parent's
    // metadata (functions/relay_moderator_reply/handler_test.ts), and other runs meet this run's rows.
    assert.deepEqual(steps, ["post parent", "post in thread"]);
    const threadTs = String(calls.find((c) => c.args.thread_ts)?.args.thread_ts);
    const channel = String(calls.find((c) => c.method === "chat.postMessage")?.args.channel);
    const batch = round.drain().ledger.map((r) => r.id);
    assert.ok(batch.includes(anchorKey(row)), `batch: ${batch}`);
    assert.ok(batch.includes(ledgerKey.message(channel, threadTs)), `batch: ${batch}`);
    assert.equal(round.opened, 1);
  }));

Deno.test("process(): a row for a channel that failed for everyone this run waits, without calling Slack", () =>
  withRound(async (app, round, calls) => {
    const who = attendee(2);
    const first = rowFor(registered(who));
    await prepare(round, first);
    assert.equal((await webinarProcessor.process(first, round)).kind, "done");
    const later = rowFor(chat(who, "hello?"));
    round.blocked.set(app.channels["webinar-attendees"]!, "not_in_channel");
    calls.length = 0;
    const outcome = await webinarProcessor.process(later, round);
    assert.deepEqual(outcome, { kind: "retry", error: "not_in_channel" });
    assert.deepEqual(calls.map((c) => c.method), []);
  }));

Deno.test("adoptOwnChannel(): a taken name is this webinar's own channel when the app made it and no other webinar holds it", () =>
  withRound(async (app, round) => {
    // Two runs read the webinars store before either saved a channel; the first created the channel
    // and saved it, the second's create answered name_taken. It must take that channel, not a "-2".
    const made = await slackCall(round.ctx, "conversations.create", { name: "race-webinar" });
    const id = (made.channel as { id: string }).id;
    await putRow(round.ctx, WEBINARS, {
      id: "w_race",
      title: "Race",
      reply_attribution: "primary_moderator",
      primary_moderator_name: "Mo",
      primary_moderator_email: "mo@example.org",
      moderators_json: "[]",
      channel_id: id,
      channel_name: "race-webinar",
      updated_at: Date.now(),
    });
    await waitPastStaleReads(app);
    assert.equal(await adoptOwnChannel(round, "race-webinar", "w_race"), id);
    assert.equal(
      await adoptOwnChannel(round, "race-webinar", "w_other"),
      null,
      "another webinar's channel is never shared",
    );
    assert.equal(await adoptOwnChannel(round, "no-such-channel", "w_race"), null);
  }));
