/** Replies from Slack threads back to attendees (W3, W7), end to end through the engine and fakes. */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../../testing/app.ts";
import { activity, history, replies, waitFor, waitPastStaleReads } from "../../testing/reads.ts";
import {
  attendee,
  chat,
  mirrorInPlatform,
  registered,
  WEBINAR,
} from "../../testing/webinar_fixtures.ts";
import { type Message, seed } from "../../sandbox/fake_slack/mod.ts";
import { t } from "../../domain/i18n/mod.ts";
import { REMEDIATION } from "../../domain/i18n/remediation.ts";
import { gatherHealth } from "../../adapters/health.ts";
import { loadSettings } from "../../adapters/datastore/settings_store.ts";
import { appContext } from "../../testing/learning_fixtures.ts";
import { healthView } from "../open_health_overview/views.ts";

async function withThread(
  app: TestApp,
  options: { attribution?: "sender" | "primary_moderator"; online?: boolean } = {},
): Promise<{ channel: string; parent: Message; attendeeId: string }> {
  const channel = app.channels["webinar-attendees"]!;
  await app.setSettings({ channelId: channel });
  const a = attendee(1);
  const webinar = { ...WEBINAR, reply_attribution: options.attribution ?? "sender" };
  mirrorInPlatform(app.platform, [a], webinar);
  if (options.online ?? true) app.platform.setOnline(webinar.id, "att_1", true);
  await app.sendWebinar([{ ...registered(a), webinar }, { ...chat(a, "Question?"), webinar }]);
  await app.settle();
  const [parent] = await history(app, channel);
  return { channel, parent: parent!, attendeeId: "att_1" };
}

async function reply(
  app: TestApp,
  who: string,
  channel: string,
  threadTs: string,
  text: string,
): Promise<string> {
  const res = await app.api(
    "chat.postMessage",
    { channel, thread_ts: threadTs, text },
    await app.userToken(who),
  );
  assert.equal(res.ok, true, String(res.error));
  return String(res.ts);
}

async function reactionsOn(app: TestApp, channel: string, ts: string): Promise<string[]> {
  const m = await app.fake.workspace.getMessage(channel, ts);
  return (m?.reactions ?? []).map((r) => r.name);
}

Deno.test("reply relay: a moderator's reply reaches an online attendee in chat, as that moderator (sender mode)", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    const ts = await reply(
      app,
      "mo",
      channel,
      parent.ts,
      "Yes, <@" + app.users.pat +
        "> sends them: see <https://example.com/slides|the slides> & more",
    );
    await app.settle();
    await waitFor(async () => (await reactionsOn(app, channel, ts)).length > 0);
    assert.equal(app.platform.replies.length, 1);
    const got = app.platform.replies[0]!;
    assert.deepEqual(got.sender, { name: "Mo Moderator", email: "mo@example.com" });
    assert.equal(got.attendee_id, "att_1");
    assert.equal(got.delivery, "chat");
    assert.equal(
      got.text,
      "Yes, @pat sends them: see the slides (https://example.com/slides) & more",
    );
    assert.deepEqual(await reactionsOn(app, channel, ts), ["speech_balloon"]);
    assert.equal(app.platform.refused.length, 0, "token and signature accepted");
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: primary mode, and anyone who is not a moderator, appear as the primary moderator", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app, { attribution: "primary_moderator" });
    const ts = await reply(app, "mo", channel, parent.ts, "from mo");
    await app.settle();
    await waitFor(() => app.platform.replies.length === 1);
    assert.deepEqual(app.platform.replies[0]!.sender, {
      name: "Pat Primary",
      email: "pat@example.com",
    });
    const { notes } = await outcomeOf(app, channel, parent.ts, ts);
    assert.deepEqual(notes, [], "the webinar chose the primary's name: nobody is told");
  } finally {
    await app.close();
  }
  const app2 = await startApp();
  try {
    const { channel, parent } = await withThread(app2, { attribution: "sender" });
    const ts = await reply(app2, "sam", channel, parent.ts, "from sam, not a moderator");
    await app2.settle();
    await waitFor(() => app2.platform.replies.length === 1);
    assert.deepEqual(app2.platform.replies[0]!.sender, {
      name: "Pat Primary",
      email: "pat@example.com",
    });
    // W7: Sam is told, by mention, that the reply went out under Pat's name, and why.
    const { reactions, notes } = await outcomeOf(app2, channel, parent.ts, ts);
    assert.deepEqual(reactions, ["speech_balloon"]);
    assert.equal(notes.length, 1, `one note: ${notes}`);
    assert.match(notes[0]!, new RegExp(`^<@${app2.users.sam}> `));
    assert.match(notes[0]!, /reached Attendee 1 as Pat Primary: only the webinar's moderators/);
  } finally {
    await app2.close();
  }
});

Deno.test("reply relay: an offline attendee gets it by email, marked with the email reaction", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app, { online: false });
    const ts = await reply(app, "mo", channel, parent.ts, "We'll email you the recording");
    await app.settle();
    await waitFor(async () => (await reactionsOn(app, channel, ts)).length > 0);
    assert.equal(app.platform.replies[0]!.delivery, "email");
    assert.deepEqual(await reactionsOn(app, channel, ts), ["email"]);
  } finally {
    await app.close();
  }
});

/**
 * A moderator's reply that cannot reach the attendee: waits for its mark, checks it is the warning
 * and that nothing reached the platform, and returns the app's notes about it in the thread.
 */
async function failedReply(app: TestApp, channel: string, parentTs: string) {
  const ts = await reply(app, "mo", channel, parentTs, "Are you there?");
  await app.settle();
  await waitFor(async () => (await reactionsOn(app, channel, ts)).length > 0);
  await app.engine.idle();
  assert.deepEqual(await reactionsOn(app, channel, ts), ["warning"]);
  assert.equal(app.platform.replies.length, 0);
  return (await replies(app, channel, parentTs)).filter((m) =>
    m.bot_id && /Could not deliver/.test(m.text)
  );
}

Deno.test("reply relay: when the platform is down the reply is marked failed, explained in the thread, and logged", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    app.platform.mode = { kind: "down" };
    const notes = await failedReply(app, channel, parent.ts);
    assert.equal(notes.length, 1, "a note in the thread says it failed");
    const errors = (await activity(app)).filter((r) =>
      r.kind === "error" && r.code === "platform_unavailable"
    );
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]!.remediation), /webinar platform did not answer/);
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: once the platform is back and a reply gets through, health shows the outage resolved", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    app.platform.mode = { kind: "down" };
    await failedReply(app, channel, parent.ts);
    const ctx = appContext(app);
    const before = await gatherHealth(ctx, await loadSettings(ctx));
    const outage = () => before.errors.find((g) => g.code === "platform_unavailable");
    assert.equal(outage()?.resolved, undefined, "still unresolved while nothing got through");

    app.platform.mode = { kind: "up" };
    const ts = await reply(app, "mo", channel, parent.ts, "Back now");
    assert.deepEqual((await outcomeOf(app, channel, parent.ts, ts)).reactions, ["speech_balloon"]);
    await waitPastStaleReads(app);
    const after = await gatherHealth(ctx, await loadSettings(ctx));
    const group = after.errors.find((g) => g.code === "platform_unavailable");
    assert.equal(group?.resolved, "reply_relayed");
    assert.equal(group?.count, 1, "the error is still listed, with its count");
    const text = JSON.stringify(healthView(after, "fr", app.users.alice!).blocks);
    assert.match(text, /Résolu\u202F: une réponse de modérateur est parvenue/);
  } finally {
    await app.close();
  }
});

/** A moderator whose Slack speaks French, in the attendees' channel. */
async function frenchModerator(app: TestApp, channel: string): Promise<string> {
  const ids = await seed(app.fake, {
    users: [{
      name: "zoe",
      real_name: "Zoé Modératrice",
      email: "zoe@example.com",
      locale: "fr-FR",
    }],
  });
  const token = await app.fake.workspace.userToken(ids.users.zoe!);
  const joined = await app.api("conversations.join", { channel }, token);
  assert.equal(joined.ok, true, String(joined.error));
  return token;
}

/** The reply's mark once its relay is over, and the app's notes in the thread. */
async function outcomeOf(app: TestApp, channel: string, parentTs: string, ts: string) {
  await app.settle();
  await waitFor(async () => (await reactionsOn(app, channel, ts)).length > 0);
  await app.engine.idle();
  const notes = (await replies(app, channel, parentTs)).filter((m) => m.bot_id && m.ts > ts);
  return { reactions: await reactionsOn(app, channel, ts), notes: notes.map((m) => m.text) };
}

Deno.test("reply relay: a reply with no text (an image alone) is marked failed, its writer told why in their language, and health lists it", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    const token = await frenchModerator(app, channel);
    const posted = await app.api("chat.postMessage", {
      channel,
      thread_ts: parent.ts,
      blocks: [{ type: "image", image_url: "https://example.com/slide.png", alt_text: "slide" }],
    }, token);
    assert.equal(posted.ok, true, String(posted.error));
    const ts = String(posted.ts);
    const { reactions, notes } = await outcomeOf(app, channel, parent.ts, ts);
    assert.deepEqual(reactions, ["warning"]);
    assert.equal(notes.length, 1, `one note: ${notes}`);
    assert.match(notes[0]!, /Impossible de transmettre/);
    assert.match(notes[0]!, /ne contient pas de texte/);
    assert.equal(app.platform.replies.length, 0);
    const errors = (await activity(app)).filter((r) => r.code === "reply_no_text");
    assert.equal(errors.length, 1);
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: a reply whose relay fails on our side (a datastore error) is still marked, explained, and listed in health", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    // The webinar's row cannot be read: the relay stops before the platform is asked.
    app.fake.addFault({ method: "apps.datastore.get", error: "internal_error", remaining: 1 });
    const ts = await reply(app, "mo", channel, parent.ts, "Are you there?");
    const { reactions, notes } = await outcomeOf(app, channel, parent.ts, ts);
    assert.deepEqual(reactions, ["warning"]);
    assert.equal(notes.length, 1, `one note: ${notes}`);
    assert.match(
      notes[0]!,
      /Could not deliver this reply .*failed before sending it \(internal_error\)/,
    );
    assert.equal(app.platform.replies.length, 0);
    const errors = (await activity(app)).filter((r) => r.code === "reply_not_sent");
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]!.remediation), /send it again/);
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: a reply Slack blocks (the platform's host is not an outgoing domain) is recorded once, with its own code and the redeploy fix, not retried as an outage", async () => {
  // Functions here may reach loopback only, as a deployed app reaches only its outgoing domains:
  // a platform API on another host is refused by Deno's permissions, exactly as on Slack.
  const app = await startApp({ env: { WEBINAR_API_URL: "https://api.webinar-platform.example" } });
  try {
    const { channel, parent } = await withThread(app);
    const notes = await failedReply(app, channel, parent.ts);
    assert.equal(notes.length, 1, "one note in the thread");
    assert.match(notes[0]!.text, /outgoing domains/);
    const errors = (await activity(app)).filter((r) => r.kind === "error");
    assert.deepEqual(errors.map((r) => r.code), ["platform_domain_not_allowed"], "recorded once");
    assert.equal(
      errors[0]!.remediation,
      t("en", REMEDIATION.platform_domain_not_allowed, {
        code: "api.webinar-platform.example is not among the app's outgoing domains",
      }),
    );
    assert.match(String(errors[0]!.remediation), /deploy_config\.json.*slack deploy/);
    const relayed = app.engine.runs.filter((r) => r.workflow.endsWith("moderator_replied"));
    assert.equal(relayed.length, 1);
    assert.equal(relayed[0]!.steps[0]!.outputs!.status, "failed");
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: the app's own thread posts never reach the platform, and a reply runs once even if triggered twice", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    // The app already posted the attendee's chat message in the thread: nothing was relayed.
    assert.equal(app.platform.replies.length, 0);
    assert.ok(
      (await replies(app, channel, parent.ts)).some((m) => m.bot_id),
      "the app did post in the thread",
    );
    // A bot post with a bot token (as if another integration wrote in the thread) is not relayed.
    await app.api("chat.postMessage", { channel, thread_ts: parent.ts, text: "bot says hi" });
    await app.settle();
    assert.equal(app.platform.replies.length, 0);

    const ts = await reply(app, "mo", channel, parent.ts, "once");
    await app.settle();
    await waitFor(() => app.platform.replies.length === 1);
    const inputs = {
      channel_id: channel,
      message_ts: ts,
      thread_ts: parent.ts,
      user_id: app.users.mo!,
      text: "once",
    };
    const again = await app.engine.startWorkflow("#/workflows/moderator_replied", inputs, null)
      .done;
    assert.equal(again.steps[0]!.outputs!.status, "duplicate");
    assert.equal(app.platform.replies.length, 1, "delivered once");
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: a later reply.delivery_result switches the reaction and explains a failure", async () => {
  const app = await startApp();
  try {
    const { channel, parent } = await withThread(app);
    const ts = await reply(app, "mo", channel, parent.ts, "Here is the link");
    await app.settle();
    await waitFor(async () => (await reactionsOn(app, channel, ts)).includes("speech_balloon"));
    const replyId = `${channel}-${ts}`;
    await app.sendWebinar([{
      id: "evt_result_1",
      type: "reply.delivery_result",
      occurred_at: "2026-11-22T15:31:00Z",
      webinar: { id: WEBINAR.id },
      attendee: { id: "att_1" },
      reply: { id: replyId, outcome: "failed", error: "The mailbox refused the email" },
    }]);
    await app.settle();
    assert.deepEqual(await reactionsOn(app, channel, ts), ["warning"]);
    const notes = (await replies(app, channel, parent.ts)).filter((m) =>
      /mailbox refused/.test(m.text)
    );
    assert.equal(notes.length, 1);
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: a reply to a thread whose anchor is not readable yet is found by its parent's metadata", async () => {
  const app = await startApp();
  try {
    const { channel, parent, attendeeId } = await withThread(app);
    // As if the anchor's write were not visible to this read yet (datastore reads may lag).
    const gone = await app.api("apps.datastore.delete", {
      datastore: "ledger",
      id: `msg:${channel}:${parent.ts}`,
    });
    assert.equal(gone.ok, true);
    await new Promise((r) => setTimeout(r, 60));
    await reply(app, "mo", channel, parent.ts, "Found you anyway");
    await waitFor(() => app.platform.replies.length > 0);
    assert.deepEqual(
      app.platform.replies.map((r) => [r.attendee_id, r.text]),
      [[attendeeId, "Found you anyway"]],
    );
    await app.settle();
    const run = app.engine.runs.filter((r) => r.workflow === "moderator_replied").at(-1);
    assert.equal(run?.steps[0]?.outputs?.status, "delivered:chat");
  } finally {
    await app.close();
  }
});

Deno.test("reply relay: a reply in a thread that is not an attendee's is left alone", async () => {
  const app = await startApp();
  try {
    const { channel } = await withThread(app);
    const top = await app.api(
      "chat.postMessage",
      { channel, text: "Lunch at noon?" },
      await app.userToken("alice"),
    );
    await reply(app, "mo", channel, String(top.ts), "Sure");
    await app.settle();
    const run = app.engine.runs.filter((r) => r.workflow === "moderator_replied").at(-1);
    assert.equal(run?.steps[0]?.outputs?.status, "ignored:not_attendee_thread");
    assert.deepEqual(app.platform.replies, []);
  } finally {
    await app.close();
  }
});
