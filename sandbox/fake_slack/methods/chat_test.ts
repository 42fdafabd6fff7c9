import assert from "node:assert/strict";
import { postDueScheduledMessages } from "./chat.ts";
import { ALL_BOT_SCOPES, type TestSlack, withSlack } from "../test_helpers.ts";

type Msg = {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  metadata?: unknown;
  username?: string;
  icons?: Record<string, string>;
  edited?: unknown;
};
type Posted = { channel: string; ts: string; message: Msg };
type Listing = { messages: Msg[]; has_more: boolean; response_metadata: { next_cursor: string } };

const say = (s: TestSlack, text: string, extra: Record<string, unknown> = {}) =>
  s.ok<Posted>("chat.postMessage", { channel: s.channels.general, text, ...extra });

Deno.test("chat.postMessage() in a thread sets reply_count, reply_users and latest_reply on the parent", async () => {
  await withSlack({}, async (s) => {
    const parent = await say(s, "parent");
    const alice = await s.userToken("alice");
    await say(s, "one", { thread_ts: parent.ts });
    const last = await s.ok<Posted>("chat.postMessage", {
      channel: s.channels.general,
      text: "two",
      thread_ts: parent.ts,
    }, { token: alice });
    await say(s, "three", { thread_ts: parent.ts });
    const history = await s.ok<Listing>("conversations.history", { channel: s.channels.general });
    const p = history.messages[0]!;
    assert.equal(p.ts, parent.ts);
    assert.equal(p.thread_ts, parent.ts);
    assert.equal(p.reply_count, 3);
    assert.deepEqual(p.reply_users, [s.botUserId, s.users.alice]);
    assert.ok(p.latest_reply! > last.ts);
  });
});

Deno.test("conversations.history() lists top-level messages newest first, without replies", async () => {
  await withSlack({}, async (s) => {
    const first = await say(s, "first");
    await say(s, "a reply", { thread_ts: first.ts });
    await say(s, "second");
    const body = await s.ok<Listing>("conversations.history", { channel: s.channels.general });
    assert.deepEqual(body.messages.map((m) => m.text), ["second", "first"]);
    assert.equal(body.has_more, false);
    assert.equal(body.response_metadata.next_cursor, "");
  });
});

Deno.test("conversations.history() pages with cursors, and a post between pages neither repeats nor hides one", async () => {
  await withSlack({}, async (s) => {
    for (let i = 1; i <= 5; i++) await say(s, `m${i}`);
    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    do {
      const body: Listing = await s.ok<Listing>("conversations.history", {
        channel: s.channels.general,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      assert.equal(body.has_more, body.response_metadata.next_cursor !== "");
      seen.push(...body.messages.map((m) => m.text));
      cursor = body.response_metadata.next_cursor;
      if (pages++ === 0) await say(s, "late"); // newer than everything: belongs before page one
    } while (cursor && pages < 10);
    assert.deepEqual(seen, ["m5", "m4", "m3", "m2", "m1"]);
  });
});

Deno.test("conversations.history() answers invalid_cursor for a cursor it did not issue", async () => {
  await withSlack({}, async (s) => {
    await s.fails("conversations.history", {
      channel: s.channels.general,
      cursor: btoa("cursor:12"),
    }, "invalid_cursor");
  });
});

Deno.test("conversations.replies() answers the parent first, then replies oldest first", async () => {
  await withSlack({}, async (s) => {
    const parent = await say(s, "parent");
    await say(s, "r1", { thread_ts: parent.ts });
    const r2 = await say(s, "r2", { thread_ts: parent.ts });
    await say(s, "elsewhere");
    const body = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: parent.ts,
    });
    assert.deepEqual(body.messages.map((m) => m.text), ["parent", "r1", "r2"]);
    // Asking with a reply's ts answers the same thread.
    const again = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: r2.ts,
    });
    assert.deepEqual(again.messages.map((m) => m.text), ["parent", "r1", "r2"]);
    const paged = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: parent.ts,
      limit: 2,
    });
    assert.deepEqual(paged.messages.map((m) => m.text), ["parent", "r1"]);
    const rest = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: parent.ts,
      cursor: paged.response_metadata.next_cursor,
    });
    assert.deepEqual(rest.messages.map((m) => m.text), ["r2"]);
  });
});

Deno.test("conversations.replies() answers thread_not_found for a ts that names no message", async () => {
  await withSlack({}, async (s) => {
    await s.fails("conversations.replies", {
      channel: s.channels.general,
      ts: "1700000000.000001",
    }, "thread_not_found");
  });
});

Deno.test("chat.postMessage() answers thread_not_found, invalid_thread_ts and cannot_reply_to_message for bad threads", async () => {
  await withSlack({}, async (s) => {
    const parent = await say(s, "parent");
    const reply = await say(s, "reply", { thread_ts: parent.ts });
    const post = (thread_ts: string) => ({ channel: s.channels.general, text: "x", thread_ts });
    await s.fails("chat.postMessage", post("1700000000.000001"), "thread_not_found");
    await s.fails("chat.postMessage", post("yesterday"), "invalid_thread_ts");
    await s.fails("chat.postMessage", post(reply.ts), "cannot_reply_to_message");
  });
});

Deno.test("conversations.history() returns message metadata only with include_all_metadata", async () => {
  await withSlack({}, async (s) => {
    const metadata = { event_type: "session_posted", event_payload: { session_id: "s-1" } };
    const posted = await say(s, "with metadata", { metadata });
    assert.deepEqual(posted.message.metadata, metadata);
    const plain = await s.ok<Listing>("conversations.history", { channel: s.channels.general });
    assert.equal(plain.messages[0]!.metadata, undefined);
    const full = await s.ok<Listing>("conversations.history", {
      channel: s.channels.general,
      include_all_metadata: true,
    });
    assert.deepEqual(full.messages[0]!.metadata, metadata);
    const replies = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: posted.ts,
      include_all_metadata: true,
    });
    assert.deepEqual(replies.messages[0]!.metadata, metadata);
  });
});

Deno.test("chat.postMessage() answers invalid_metadata_format and invalid_metadata_schema", async () => {
  await withSlack({}, async (s) => {
    const post = (metadata: unknown) => ({ channel: s.channels.general, text: "x", metadata });
    await s.fails("chat.postMessage", post({ event_type: "x" }), "invalid_metadata_format");
    await s.fails(
      "chat.postMessage",
      post({ event_type: "Has Spaces", event_payload: {} }),
      "invalid_metadata_schema",
    );
  });
});

Deno.test("chat.update() changes the app's own message and answers cant_update_message for others'", async () => {
  await withSlack({}, async (s) => {
    const mine = await say(s, "draft");
    const updated = await s.ok<{ text: string; message: Msg }>("chat.update", {
      channel: s.channels.general,
      ts: mine.ts,
      text: "final",
    });
    assert.equal(updated.text, "final");
    assert.ok(updated.message.edited);
    const alice = await s.userToken("alice");
    const hers = await s.ok<Posted>("chat.postMessage", {
      channel: s.channels.general,
      text: "mine",
    }, { token: alice });
    await s.fails("chat.update", {
      channel: s.channels.general,
      ts: hers.ts,
      text: "hijacked",
    }, "cant_update_message");
    await s.fails("chat.update", {
      channel: s.channels.general,
      ts: "1700000000.000001",
      text: "x",
    }, "message_not_found");
  });
});

Deno.test("chat.update() answers msg_too_long above 4,000 characters of text", async () => {
  await withSlack({}, async (s) => {
    const mine = await say(s, "short");
    await s.fails("chat.update", {
      channel: s.channels.general,
      ts: mine.ts,
      text: "x".repeat(4_001),
    }, "msg_too_long");
  });
});

Deno.test("chat.delete() removes only the app's own messages", async () => {
  await withSlack({}, async (s) => {
    const alice = await s.userToken("alice");
    const hers = await s.ok<Posted>("chat.postMessage", {
      channel: s.channels.general,
      text: "hers",
    }, { token: alice });
    await s.fails(
      "chat.delete",
      { channel: s.channels.general, ts: hers.ts },
      "cant_delete_message",
    );
    const mine = await say(s, "mine");
    await s.ok("chat.delete", { channel: s.channels.general, ts: mine.ts });
    const body = await s.ok<Listing>("conversations.history", { channel: s.channels.general });
    assert.deepEqual(body.messages.map((m) => m.text), ["hers"]);
  });
});

Deno.test("chat.delete() of a reply updates the parent's reply_count and latest_reply", async () => {
  await withSlack({}, async (s) => {
    const parent = await say(s, "parent");
    const r1 = await say(s, "r1", { thread_ts: parent.ts });
    const r2 = await say(s, "r2", { thread_ts: parent.ts });
    await s.ok("chat.delete", { channel: s.channels.general, ts: r2.ts });
    const read = async () =>
      (await s.ok<Listing>("conversations.history", { channel: s.channels.general })).messages[0]!;
    let p = await read();
    assert.equal(p.reply_count, 1);
    assert.equal(p.latest_reply, r1.ts);
    await s.ok("chat.delete", { channel: s.channels.general, ts: r1.ts });
    p = await read();
    assert.equal(p.reply_count, undefined);
    const replies = await s.ok<Listing>("conversations.replies", {
      channel: s.channels.general,
      ts: parent.ts,
    });
    assert.deepEqual(replies.messages.map((m) => m.text), ["parent"]);
  });
});

Deno.test("chat.postMessage() truncates text over 40,000 characters with warning message_truncated", async () => {
  await withSlack({}, async (s) => {
    const body = await say(s, "y".repeat(40_010));
    assert.equal(body.warning, "message_truncated");
    assert.deepEqual(body.response_metadata?.warnings, ["message_truncated"]);
    assert.equal(body.message.text.length, 40_000);
    const stored = await s.fake.workspace.getMessage(s.channels.general!, body.ts);
    assert.equal(stored?.text.length, 40_000);
  });
});

Deno.test("chat.postMessage() answers no_text without text, blocks or attachments", async () => {
  await withSlack({}, async (s) => {
    await s.fails("chat.postMessage", { channel: s.channels.general }, "no_text");
  });
});

Deno.test("chat.postMessage() honours username and icon_url only with chat:write.customize", async () => {
  const custom = { username: "Webinar bot", icon_url: "https://example.com/i.png" };
  await withSlack({}, async (s) => {
    const body = await say(s, "hi", custom);
    assert.equal(body.message.username, "Webinar bot");
    assert.deepEqual(body.message.icons, { image_48: "https://example.com/i.png" });
  });
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "chat:write.customize");
  await withSlack({ scopes }, async (s) => {
    const body = await say(s, "hi", custom);
    assert.equal(body.message.username, undefined);
    assert.equal(body.message.icons, undefined);
  });
});

Deno.test("chat.postMessage() to a user id opens the app's DM with that person", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<Posted>("chat.postMessage", { channel: s.users.bob, text: "hello" });
    assert.match(body.channel, /^D[A-Z0-9]+$/);
    const again = await s.ok<Posted>("chat.postMessage", { channel: s.users.bob, text: "again" });
    assert.equal(again.channel, body.channel, "the same DM every time");
    const opened = await s.ok<{ channel: { id: string } }>("conversations.open", {
      users: s.users.bob,
    });
    assert.equal(opened.channel.id, body.channel);
    const history = await s.ok<Listing>("conversations.history", { channel: body.channel });
    assert.deepEqual(history.messages.map((m) => m.text), ["again", "hello"]);
    await s.fails("chat.postMessage", { channel: "U0NOBODY", text: "x" }, "channel_not_found");
  });
});

Deno.test("chat.getPermalink() links to a message, with the thread for a reply", async () => {
  await withSlack({}, async (s) => {
    const parent = await say(s, "parent");
    const reply = await say(s, "reply", { thread_ts: parent.ts });
    const body = await s.ok<{ permalink: string }>("chat.getPermalink", {
      channel: s.channels.general,
      message_ts: reply.ts,
    });
    assert.ok(body.permalink.endsWith(`?thread_ts=${parent.ts}&cid=${s.channels.general}`));
    assert.ok(body.permalink.includes(`/p${reply.ts.replace(".", "")}`));
  });
});

// ---------- chat.scheduleMessage ----------

const nowS = (s: TestSlack) => Math.floor(s.fake.clock.now() / 1000);
const schedule = (s: TestSlack, post_at: number, text = "later", channel = s.channels.general) =>
  s.call<{ scheduled_message_id: string; post_at: number }>("chat.scheduleMessage", {
    channel,
    post_at,
    text,
  });

Deno.test("chat.scheduleMessage() answers time_in_past for a past post_at", async () => {
  await withSlack({}, async (s) => {
    assert.equal((await schedule(s, nowS(s) - 60)).body.error, "time_in_past");
  });
});

Deno.test("chat.scheduleMessage() answers time_too_far beyond 120 days", async () => {
  await withSlack({}, async (s) => {
    assert.equal((await schedule(s, nowS(s) + 121 * 86_400)).body.error, "time_too_far");
    assert.equal((await schedule(s, nowS(s) + 119 * 86_400)).body.ok, true);
  });
});

Deno.test("chat.scheduleMessage() answers restricted_too_many for the 31st message in one channel's 5-minute window", async () => {
  await withSlack({}, async (s) => {
    const windowStart = Math.ceil((nowS(s) + 3600) / 300) * 300;
    for (let i = 0; i < 30; i++) {
      const r = await schedule(s, windowStart + (i % 290), `m${i}`);
      assert.equal(r.body.ok, true, JSON.stringify(r.body));
    }
    assert.equal((await schedule(s, windowStart + 299)).body.error, "restricted_too_many");
    // The next window, and another channel, are free.
    assert.equal((await schedule(s, windowStart + 300)).body.ok, true);
    assert.equal((await schedule(s, windowStart + 10, "x", s.channels.random)).body.ok, true);
  });
});

Deno.test("chat.scheduledMessages.list() lists pending messages and deleteScheduledMessage() removes one", async () => {
  await withSlack({}, async (s) => {
    const a = (await schedule(s, nowS(s) + 600, "a")).body;
    const b = (await schedule(s, nowS(s) + 300, "b")).body;
    type List = { scheduled_messages: Array<{ id: string; text: string; channel_id: string }> };
    let list = await s.ok<List>("chat.scheduledMessages.list", { channel: s.channels.general });
    assert.deepEqual(list.scheduled_messages.map((m) => m.text), ["b", "a"]);
    assert.equal(list.scheduled_messages[0]!.channel_id, s.channels.general);
    await s.ok("chat.deleteScheduledMessage", {
      channel: s.channels.general,
      scheduled_message_id: b.scheduled_message_id,
    });
    list = await s.ok<List>("chat.scheduledMessages.list", {});
    assert.deepEqual(list.scheduled_messages.map((m) => m.id), [a.scheduled_message_id]);
    await s.fails("chat.deleteScheduledMessage", {
      channel: s.channels.general,
      scheduled_message_id: b.scheduled_message_id,
    }, "invalid_scheduled_message_id");
  });
});

Deno.test("chat.scheduledMessages.list() answers invalid_channel for an unknown channel", async () => {
  await withSlack({}, async (s) => {
    await s.fails("chat.scheduledMessages.list", { channel: "C0NOPE" }, "invalid_channel");
    await s.fails("chat.scheduledMessages.list", { channel: s.channels.secret }, "invalid_channel");
  });
});

Deno.test("postDueScheduledMessages() posts scheduled messages once the clock passes post_at, in post_at order", async () => {
  await withSlack({}, async (s) => {
    await schedule(s, nowS(s) + 120, "second");
    await schedule(s, nowS(s) + 60, "first");
    await schedule(s, nowS(s) + 3600, "much later");
    assert.equal(await postDueScheduledMessages(s.fake.workspace), 0);
    s.fake.clock.advance(121_000);
    assert.equal(await postDueScheduledMessages(s.fake.workspace), 2);
    assert.equal(await postDueScheduledMessages(s.fake.workspace), 0, "each is posted once");
    const history = await s.ok<Listing>("conversations.history", { channel: s.channels.general });
    assert.deepEqual(history.messages.map((m) => m.text), ["second", "first"]);
    assert.equal(history.messages[0]!.bot_id, s.fake.workspace.app?.bot_id);
    const list = await s.ok<{ scheduled_messages: unknown[] }>("chat.scheduledMessages.list", {});
    assert.equal(list.scheduled_messages.length, 1);
  });
});
