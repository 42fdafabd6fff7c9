/**
 * The webinar relay end to end (issue 3): webhook → workflow → ingest → drain → fake Slack, asserting
 * on what the fake recorded.
 */
import assert from "node:assert/strict";
import { privateChannelWithoutApp, startApp, type TestApp } from "../../testing/app.ts";
import { countDeliveries } from "../../testing/deliveries.ts";
import { INLINE_MAX_ROWS } from "../../adapters/ingest.ts";
import { type CallRecord, seed } from "../../sandbox/fake_slack/mod.ts";
import {
  activity,
  channelNamed,
  history,
  replies,
  waitFor,
  waitPastStaleReads,
} from "../../testing/reads.ts";
import { gatherHealth } from "../../adapters/health.ts";
import { loadSettings } from "../../adapters/datastore/settings_store.ts";
import { appContext } from "../../testing/learning_fixtures.ts";
import { mentionsIn, visibleText } from "../../testing/mentions.ts";
import { messageProblems } from "../../testing/slack_limits.ts";
import {
  attendee,
  chat,
  joined,
  longText,
  poll,
  registered,
  WEBINAR,
} from "../../testing/webinar_fixtures.ts";

Deno.test("webinar relay: a registration posts one parent with W1's fields; later events go in its thread", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const ada = attendee(1, { name: "Ada Lovelace", email: "ada@example.org" });
    assert.equal((await app.sendWebinar([registered(ada)])).status, 200);
    await app.settle();
    const [before] = await history(app, channel);
    assert.ok(visibleText(before!).includes("Registered:"));
    assert.ok(!visibleText(before!).includes("Joined:"), "not joined yet");
    await app.sendWebinar([
      chat(ada, "Will the slides be shared?"),
      poll(ada, "Team size?", "10 to 50"),
      joined(ada),
    ]);
    await app.settle();

    const top = await history(app, channel);
    assert.equal(top.length, 1, "one parent per attendee");
    const parent = top[0]!;
    const shown = visibleText(parent);
    for (
      const field of [
        "Ada Lovelace",
        "ada@example.org",
        WEBINAR.title,
        "Session type:",
        "Live", // the session type "live", in the channel's language
        "Session start:",
        "Registered:",
        "Joined:", // W1: the parent learns the join time, updated in place
      ]
    ) {
      assert.ok(shown.includes(field), `parent shows ${field}`);
    }
    assert.equal(parent.ts, before!.ts, "the same message, updated: no second notification");
    assert.equal(parent.text, before!.text, "the headline stays the registration's");
    const dates = JSON.stringify(parent.blocks).match(/"type":"date","timestamp":(\d+)/g) ?? [];
    assert.equal(dates.length, 3, "session start, registration and join times as Slack dates");
    assert.equal(
      app.fake.calls({ method: "chat.update" }).filter((c) => c.ok).length,
      1,
      "updated once, though all three later events say when Ada joined",
    );
    assert.ok(
      JSON.stringify(parent.blocks).includes(
        `"url":"https://webinar.example/w/web_1/chat?attendee=att_1"`,
      ),
      "Reply in chat button",
    );
    const thread = await replies(app, channel, parent.ts);
    const lines = thread.map((m) => visibleText(m).split("\n").pop() ?? "");
    assert.equal(lines.length, 3, "three events, three thread replies, no new parent");
    assert.equal(lines[0], "Will the slides be shared?");
    assert.equal(lines[1], "10 to 50");
    assert.match(
      lines[2]!,
      /^✅ Joined the session · <!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-11-22 15:02 UTC>$/,
    );
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: with W5 on, registering posts nothing; the first chat message posts the parent and the message", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel, surfaceOnChat: true });
    const a = attendee(2);
    await app.sendWebinar([registered(a), joined(a)]);
    await app.settle();
    assert.equal((await history(app, channel)).length, 0, "nothing before the attendee chats");
    await app.sendWebinar([chat(a, "Hi! Is there a replay?")]);
    await app.settle();
    const top = await history(app, channel);
    assert.equal(top.length, 1);
    assert.match(top[0]!.text, /started chatting/);
    const thread = await replies(app, channel, top[0]!.ts);
    assert.equal(thread.length, 1);
    assert.ok(visibleText(thread[0]!).includes("Hi! Is there a replay?"));
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: a channel Slack refused to create is made at the next try, and health shows the error resolved", async () => {
  const app = await startApp();
  try {
    await app.setSettings({ channelMode: "per_webinar", channelPrefix: "webinar-" });
    app.fake.addFault({ method: "conversations.create", error: "restricted_action", remaining: 1 });
    assert.equal((await app.sendWebinar([registered(attendee(1))])).status, 200);
    const ctx = appContext(app);
    await waitFor(async () =>
      (await activity(app)).some((r) => r.kind === "error" && r.code === "restricted_action")
    );
    const failed = await gatherHealth(ctx, await loadSettings(ctx));
    const error = () => failed.errors.find((g) => g.code === "restricted_action");
    assert.equal(error()?.resolved, undefined, "no channel yet");
    // Its next retry (backoff up to 15 minutes): the drain's alarm rings as Slack time passes.
    await app.settle();
    app.fake.clock.advance(16 * 60_000);
    await waitFor(async () => (await channelNamed(app, "webinar-scaling-support-teams")) !== null);
    await app.settle();
    const channel = await channelNamed(app, "webinar-scaling-support-teams");
    assert.ok(channel, "created at the next try");
    assert.equal((await history(app, channel.id)).length, 1, "the held registration went out");
    await waitPastStaleReads(app);
    const later = await gatherHealth(ctx, await loadSettings(ctx));
    assert.equal(
      later.errors.find((g) => g.code === "restricted_action")?.resolved,
      "channel_created",
    );
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: channel per webinar is created once under 20 concurrent first events, moderators invited", async () => {
  const app = await startApp();
  try {
    await app.setSettings({ channelMode: "per_webinar", channelPrefix: "webinar-" });
    const first = Array.from({ length: 20 }, (_, i) => registered(attendee(100 + i)));
    const answers = await Promise.all(first.map((e) => app.sendWebinar([e])));
    assert.ok(answers.every((a) => a.status === 200));
    await app.settle();
    const created = app.fake.calls({ method: "conversations.create" }).filter((c) => c.ok);
    assert.equal(created.length, 1, "one conversations.create");
    const channel = await channelNamed(app, "webinar-scaling-support-teams");
    assert.ok(channel, "named from the prefix and the webinar title");
    assert.equal((await history(app, channel.id)).length, 20, "one parent per attendee");
    for (const who of ["mo", "pat"]) {
      assert.ok(channel.members.includes(app.users[who]!), `${who} invited`);
    }
    const unmatched = (await activity(app)).filter((r) => r.kind === "unmatched_email");
    assert.equal(unmatched.length, 1, "the moderator with no Slack account is recorded");
    assert.equal(unmatched[0]!.email, "ghost@nowhere.example");
    const watched = app.fake.calls({ method: "workflows.triggers.create" }).filter((c) =>
      c.ok && c.args.type === "event"
    );
    assert.equal(watched.length, 1, "replies in the new channel are listened to");
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: switching modes keeps old threads where they are; new attendees follow the new settings (W8)", async () => {
  const app = await startApp();
  try {
    const single = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: single });
    const old = attendee(5);
    await app.sendWebinar([registered(old)]);
    await app.settle();
    await app.setSettings({ channelId: single, channelMode: "per_webinar", channelPrefix: "wb-" });
    const fresh = attendee(6);
    await app.sendWebinar([chat(old, "still here"), registered(fresh)]);
    await app.settle();
    const singleTop = await history(app, single);
    assert.equal(singleTop.length, 1, "the old attendee keeps their thread in the old channel");
    assert.ok(
      visibleText((await replies(app, single, singleTop[0]!.ts))[0]!).includes("still here"),
    );
    const perWebinar = await channelNamed(app, "wb-scaling-support-teams");
    assert.ok(perWebinar);
    const newTop = await history(app, perWebinar.id);
    assert.equal(newTop.length, 1);
    assert.ok(visibleText(newTop[0]!).includes("Attendee 6"));
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: the same event 5 times has one effect; a wrong secret posts nothing and is recorded", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const e = registered(attendee(7));
    for (let i = 0; i < 5; i++) await app.sendWebinar([e]);
    await app.sendWebinar([e, e]);
    await app.settle();
    assert.equal((await history(app, channel)).length, 1);
    const posts = app.fake.calls({ method: "chat.postMessage" }).filter((c) => c.ok);
    assert.equal(posts.length, 1, "one post in all");

    const before = app.fake.calls({ method: "chat.postMessage" }).length;
    const res = await app.sendWebinar([registered(attendee(8))], "not-the-secret");
    assert.equal(res.status, 200, "Slack accepts the webhook; the app refuses the events");
    await app.settle();
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, before, "nothing posted");
    const rejected = (await activity(app)).filter((r) =>
      r.kind === "rejected" && r.code === "bad_secret"
    );
    assert.equal(rejected.length, 1);
    const missing = await app.post(String(app.triggers.webinar_events_webhook!.webhook_url), {
      events: [registered(attendee(9))],
    });
    assert.equal(missing.status, 200);
    await app.settle();
    assert.equal(
      app.fake.calls({ method: "chat.postMessage" }).length,
      before,
      "a missing secret posts nothing either",
    );
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: invalid events get a precise reason and post nothing; unknown types are noted", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const bad = registered(attendee(10, { email: "not-an-email" }));
    const unknown = { ...registered(attendee(11)), type: "attendee.left" };
    await app.sendWebinar([bad, unknown]);
    await app.settle();
    assert.equal((await history(app, channel)).length, 0);
    const rows = await activity(app);
    const rejected = rows.find((r) => r.kind === "rejected");
    assert.equal(rejected?.detail, "events[0].attendee.email: must be an email address");
    const ignored = rows.find((r) => r.kind === "ignored");
    assert.match(
      String(ignored?.detail),
      /type "attendee\.left" is not part of the event contract/,
    );
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: mentions, links, *bold* and & in names and messages stay literal and ping nobody", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const nasty = "<!channel> <@U123> <https://x|y> *bold* & co";
    const a = attendee(12, { name: nasty });
    await app.sendWebinar([registered(a), chat(a, nasty)]);
    await app.settle();
    const [parent] = await history(app, channel);
    const [message] = await replies(app, channel, parent!.ts);
    for (const m of [parent!, message!]) {
      assert.deepEqual(mentionsIn(m), { pings: [], links: [] }, "no pings and no links");
      assert.ok(visibleText(m).includes(nasty), "shown exactly as typed");
      assert.ok(
        m.text.includes("&lt;!channel&gt; &lt;@U123&gt; &lt;https://x|y&gt; *bold* &amp; co"),
        "fallback escaped",
      );
    }
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: a private channel the app is not in is recorded with its fix; waiting events go out once the app is added", async () => {
  const app = await startApp();
  try {
    const channel = await privateChannelWithoutApp(app);
    await app.sendWebinar([registered(attendee(20))]);
    await app.settle();
    // Slack hides a private channel from an app that is not in it: channel_not_found.
    const errors = (await activity(app)).filter((r) =>
      r.kind === "error" && r.code === "channel_not_found"
    );
    assert.equal(errors.length, 1, "one entry, not one per event");
    assert.match(String(errors[0]!.remediation), /add the app to that private channel/);
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).filter((c) => c.ok).length, 0);
    // The admin adds the app; the event was kept and goes out on the next run.
    await seed(app.fake, { channels: [{ name: "private-attendees", app_member: true }] });
    app.fake.clock.advance(60_000);
    await app.engine.startWorkflow("#/workflows/maintenance", {}, null).done;
    await app.settle();
    assert.equal((await history(app, channel)).length, 1, "the waiting event is delivered, once");
  } finally {
    await app.close();
  }
});

Deno.test("webinar relay: events of one attendee sent in separate requests at once make one thread, each once", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const a = attendee(30);
    const first = registered(a, { occurred_at: "2026-11-22T15:00:01Z" });
    const second = chat(a, "first question", { occurred_at: "2026-11-22T15:00:02Z" });
    const third = chat(a, "second question", { occurred_at: "2026-11-22T15:00:03Z" });
    // Sent at once, newest first: Slack runs the three webhook workflows concurrently. Their order
    // is kept only if their rows land within the reorder window, which depends on how fast each
    // run starts; adapters/drain_test.ts checks the order itself with the timing under control.
    await Promise.all([third, second, first].map((e) => app.sendWebinar([e])));
    await app.settle();
    const top = await history(app, channel);
    assert.equal(top.length, 1, "one thread");
    const thread = await replies(app, channel, top[0]!.ts);
    const { byId, duplicates } = await countDeliveries(app.fake);
    assert.deepEqual(duplicates, []);
    for (const e of [first, second, third]) {
      assert.ok([...byId.keys()].some((id) => id.startsWith(`webinar:${e.id}`)), String(e.id));
    }
    assert.ok(thread.every((m) => m.thread_ts === top[0]!.ts));
  } finally {
    await app.close();
  }
});

/** The quoted text of a thread reply: its rich_text_quote text elements, joined as written. */
function quoteOf(m: { blocks?: unknown[] }): string {
  type Rich = { type?: string; text?: string; elements?: Rich[] };
  return (m.blocks as Rich[] ?? []).flatMap((b) => b.elements ?? [])
    .filter((el) => el.type === "rich_text_quote")
    .flatMap((q) => q.elements ?? []).map((t) => t.text ?? "").join("");
}

Deno.test("webinar relay: a 10,000-character chat message and a 5,000-character answer arrive whole, within Slack's limits", async () => {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const a = attendee(40);
    const message = longText(10_000);
    const answer = longText(5_000, ["Ma réponse : ", "oui & non <peut-être> ", "🤔", "\n"]);
    await app.sendWebinar([registered(a)]);
    await app.settle();
    await app.sendWebinar([chat(a, message)]);
    await app.settle();
    await app.sendWebinar([{
      ...poll(a, "Vos questions ?", answer),
      interaction: { id: "q_40", kind: "question", title: "Vos questions ?", response: answer },
    }]);
    await app.settle();
    const posts = app.fake.calls({ method: "chat.postMessage" });
    assert.deepEqual(posts.filter((c) => !c.ok).map((c) => c.error), [], "Slack refused nothing");
    const [parent] = await history(app, channel);
    const thread = await replies(app, channel, parent!.ts);
    assert.equal(thread.map(quoteOf).join(""), message + answer, "every character, in order");
    for (const m of thread) {
      assert.deepEqual(messageProblems({ text: m.text, blocks: m.blocks ?? [] }), []);
    }
    assert.ok(!thread.some((m) => visibleText(m).includes("…")), "no cut marks");
  } finally {
    await app.close();
  }
});

/**
 * Sends one request too big for inline delivery while `fault` strikes one of its run's bulkPuts,
 * and checks the run completes as accepted and posts each event once. Returns the app's calls.
 */
async function bigRequestDeliveredOnce(
  fault: Parameters<TestApp["fake"]["addFault"]>[0],
  firstAttendee: number,
): Promise<CallRecord[]> {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    app.fake.addFault(fault);
    const events = Array.from(
      { length: INLINE_MAX_ROWS + 1 },
      (_, i) => registered(attendee(firstAttendee + i)),
    );
    assert.equal((await app.sendWebinar(events)).status, 200);
    await app.settle();
    const hit = app.fake.calls({ method: "apps.datastore.bulkPut" }).filter((c) => c.injected);
    assert.equal(hit.length, 1, "the fault struck once");
    const [run] = app.engine.runs.filter((r) => r.workflow === "webinar_events_received");
    const step = run!.steps[0]!;
    assert.equal(step.error, undefined, "the run does not fail: its events are stored");
    assert.match(String(step.outputs?.status), /^accepted:/, String(step.outputs?.status));
    assert.equal(step.outputs?.accepted, events.length);
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    for (const e of events) {
      assert.equal(counted.byId.get(`webinar:${e.id}#parent`), 1, `${e.id} posted once`);
    }
    return app.fake.calls();
  } finally {
    await app.close();
  }
}

Deno.test("webinar relay: a big request is accepted and delivered once even when Slack refuses its held-subjects write past the run's time", async () => {
  // The run's first bulkPut stores the events; its second (the held subjects and the last-event
  // row) answers 429 with a Retry-After longer than the run has left, as seen under the bench's
  // flood.
  await bigRequestDeliveredOnce({
    method: "apps.datastore.bulkPut",
    status: 429,
    retryAfter: 3600,
    skip: 1,
    remaining: 1,
  }, 60);
});

Deno.test("webinar relay: a big request whose bulk write Slack refuses past the run's time is stored row by row, and delivered once", async () => {
  // The run's first bulkPut (its events) answers 429 with a Retry-After longer than the run has
  // left: bulkPut's limit spent by other runs, as seen under the bench's flood.
  const calls = await bigRequestDeliveredOnce({
    method: "apps.datastore.bulkPut",
    status: 429,
    retryAfter: 3600,
    remaining: 1,
  }, 80);
  const puts = calls.filter((c) =>
    c.method === "apps.datastore.put" && c.args.datastore === "outbox" && !c.injected
  );
  assert.ok(puts.length >= INLINE_MAX_ROWS + 1, `${puts.length} single puts of outbox rows`);
});
