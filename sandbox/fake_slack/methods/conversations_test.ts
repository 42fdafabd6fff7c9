import assert from "node:assert/strict";
import { ALL_BOT_SCOPES, withSlack } from "../test_helpers.ts";

type Channel = { id: string; name: string; is_private: boolean; is_member: boolean };

Deno.test("conversations.create() creates a channel the app is in", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<{ channel: Channel & { num_members: number } }>(
      "conversations.create",
      { name: "webinar-2026_01" },
    );
    assert.match(body.channel.id, /^C/);
    assert.equal(body.channel.name, "webinar-2026_01");
    assert.equal(body.channel.is_member, true);
    assert.equal(body.channel.num_members, 1);
    const priv = await s.ok<{ channel: Channel }>("conversations.create", {
      name: "staff",
      is_private: true,
    });
    assert.match(priv.channel.id, /^G/);
    assert.equal(priv.channel.is_private, true);
  });
});

Deno.test("conversations.create() enforces Slack's channel name rules", async () => {
  await withSlack({}, async (s) => {
    const create = (name: string, code: string) => s.fails("conversations.create", { name }, code);
    await create("", "invalid_name_required");
    await create("a".repeat(81), "invalid_name_maxlength");
    await create("Webinar", "invalid_name_specials");
    await create("#webinar", "invalid_name_specials");
    await create("web inar", "invalid_name_specials");
    await create("--__", "invalid_name_punctuation");
    await create("general", "name_taken");
    await s.ok("conversations.create", { name: "a".repeat(80) });
  });
});

Deno.test("conversations.create() needs groups:write for a private channel", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "groups:write");
  await withSlack({ scopes }, async (s) => {
    const body = await s.fails(
      "conversations.create",
      { name: "staff", is_private: true },
      "missing_scope",
    );
    assert.equal(body.needed, "groups:write");
    await s.ok("conversations.create", { name: "public-one" });
  });
});

Deno.test("conversations.join() joins a public channel, and only a public one", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<{ channel: Channel }>("conversations.join", {
      channel: s.channels.random,
    });
    assert.equal(body.channel.is_member, true);
    const again = await s.ok("conversations.join", { channel: s.channels.random });
    assert.equal(again.warning, "already_in_channel");
    await s.fails(
      "conversations.join",
      { channel: s.channels.team },
      "method_not_supported_for_channel_type",
    );
    await s.fails("conversations.join", { channel: s.channels.secret }, "channel_not_found");
    const general = (await s.fake.workspace.getChannel(s.channels.general!))!;
    await s.fake.workspace.putChannel({ ...general, is_archived: true });
    await s.fails("conversations.join", { channel: general.id }, "is_archived");
  });
});

Deno.test("conversations.invite() adds people to a channel the app is in", async () => {
  await withSlack({}, async (s) => {
    await s.ok("conversations.invite", {
      channel: s.channels.general,
      users: s.users.carol,
    });
    const members = await s.ok<{ members: string[] }>("conversations.members", {
      channel: s.channels.general,
    });
    assert.ok(members.members.includes(s.users.carol!));
  });
});

Deno.test("conversations.invite() fails the whole call on one bad user unless force is set", async () => {
  await withSlack({}, async (s) => {
    const users = `${s.users.carol},${s.users.bob}`; // bob is already in #general
    const body = await s.fails(
      "conversations.invite",
      { channel: s.channels.general, users },
      "already_in_channel",
    );
    assert.deepEqual(body.errors, [{ user: s.users.bob, ok: false, error: "already_in_channel" }]);
    let members = (await s.fake.workspace.getChannel(s.channels.general!))!.members;
    assert.ok(!members.includes(s.users.carol!), "nobody was added");

    const forced = await s.ok("conversations.invite", {
      channel: s.channels.general,
      users,
      force: true,
    });
    assert.deepEqual(forced.errors, [{
      user: s.users.bob,
      ok: false,
      error: "already_in_channel",
    }]);
    members = (await s.fake.workspace.getChannel(s.channels.general!))!.members;
    assert.ok(members.includes(s.users.carol!));
  });
});

Deno.test("conversations.invite() answers cant_invite_self, user_not_found, no_user and too_many_users", async () => {
  await withSlack({}, async (s) => {
    const invite = (users: string) => ({ channel: s.channels.general, users });
    await s.fails("conversations.invite", invite(s.botUserId), "cant_invite_self");
    await s.fails("conversations.invite", invite("U0NOBODY"), "user_not_found");
    await s.fails("conversations.invite", invite(""), "no_user");
    const many = Array.from({ length: 101 }, (_, i) => `U${String(i).padStart(9, "0")}`);
    await s.fails("conversations.invite", invite(many.join(",")), "too_many_users");
  });
});

Deno.test("conversations.invite() answers not_in_channel when the app is not a member", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "conversations.invite",
      { channel: s.channels.random, users: s.users.bob },
      "not_in_channel",
    );
  });
});

Deno.test("conversations.info() answers the channel, with is_member for the caller", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<{ channel: Channel }>("conversations.info", {
      channel: s.channels.random,
    });
    assert.equal(body.channel.name, "random");
    assert.equal(body.channel.is_member, false);
    await s.fails("conversations.info", { channel: s.channels.secret }, "channel_not_found");
  });
});

Deno.test("conversations.list() lists public channels by default and private ones the app is in when asked", async () => {
  await withSlack({}, async (s) => {
    type List = { channels: Channel[] };
    const pub = await s.ok<List>("conversations.list", {});
    assert.deepEqual(pub.channels.map((c) => c.name).sort(), ["general", "random"]);
    const all = await s.ok<List>("conversations.list", {
      types: "public_channel,private_channel",
    });
    assert.deepEqual(all.channels.map((c) => c.name).sort(), ["general", "random", "team"]);
    await s.fails("conversations.list", { types: "public_channel,nope" }, "invalid_types");
  });
});

Deno.test("conversations.history() answers not_in_channel for a public channel the app is not in", async () => {
  await withSlack({}, async (s) => {
    await s.fails("conversations.history", { channel: s.channels.random }, "not_in_channel");
  });
});

Deno.test("conversations.history() answers missing_scope without channels:history", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "channels:history");
  await withSlack({ scopes }, async (s) => {
    const body = await s.fails(
      "conversations.history",
      { channel: s.channels.general },
      "missing_scope",
    );
    assert.equal(body.needed, "channels:history");
    // The private channel needs groups:history, which the app has.
    await s.ok("conversations.history", { channel: s.channels.team });
  });
});

Deno.test("conversations.history() filters by oldest and latest, and rejects a bad one", async () => {
  await withSlack({}, async (s) => {
    const ts: string[] = [];
    for (const text of ["a", "b", "c"]) {
      ts.push(
        (await s.ok<{ ts: string }>("chat.postMessage", { channel: s.channels.general, text })).ts,
      );
    }
    type List = { messages: Array<{ text: string }> };
    const mid = await s.ok<List>("conversations.history", {
      channel: s.channels.general,
      oldest: ts[0],
      latest: ts[2],
    });
    assert.deepEqual(mid.messages.map((m) => m.text), ["b"]);
    const inclusive = await s.ok<List>("conversations.history", {
      channel: s.channels.general,
      oldest: ts[0],
      latest: ts[2],
      inclusive: true,
    });
    assert.deepEqual(inclusive.messages.map((m) => m.text), ["c", "b", "a"]);
    await s.fails(
      "conversations.history",
      { channel: s.channels.general, latest: "soon" },
      "invalid_ts_latest",
    );
  });
});

Deno.test("conversations.kick takes someone (the app too) out of a channel, as Slack's checks say", async () => {
  await withSlack({}, async (s) => {
    const alice = await s.userToken("alice");
    const general = s.channels.general!;
    await s.fails(
      "conversations.kick",
      { channel: general, user: s.users.alice },
      "cant_kick_self",
      {
        token: alice,
      },
    );
    await s.fails("conversations.kick", { channel: general, user: "U0NOBODY" }, "user_not_found", {
      token: alice,
    });
    await s.fails(
      "conversations.kick",
      { channel: general, user: s.users.carol },
      "not_in_channel",
      {
        token: alice,
      },
    );
    await s.ok("conversations.kick", { channel: general, user: s.botUserId }, { token: alice });
    assert.equal(
      (await s.fake.workspace.getChannel(general))?.members.includes(s.botUserId),
      false,
    );
    await s.fails("conversations.history", { channel: general }, "not_in_channel");
  });
});

Deno.test("conversations.mark keeps a person's read position; other tokens and bad timestamps are refused", async () => {
  await withSlack({}, async (s) => {
    const alice = await s.userToken("alice");
    const general = s.channels.general!;
    await s.fails(
      "conversations.mark",
      { channel: general, ts: "1.000001" },
      "not_allowed_token_type",
    );
    await s.fails("conversations.mark", { channel: general, ts: "soon" }, "invalid_timestamp", {
      token: alice,
    });
    await s.fails(
      "conversations.mark",
      { channel: s.channels.random!, ts: "1.000001" },
      "not_in_channel",
      {
        token: await s.userToken("bob"),
      },
    );
    await s.ok("conversations.mark", { channel: general, ts: "1767225600.000100" }, {
      token: alice,
    });
    assert.equal(
      await s.fake.workspace.records.lastRead(s.users.alice!, general),
      "1767225600.000100",
    );
    assert.equal(
      await s.fake.workspace.records.lastRead(s.users.bob!, general),
      null,
      "read state is per person",
    );
  });
});

Deno.test("conversations.archive and unarchive change a channel once, as Slack's codes say", async () => {
  await withSlack({}, async (s) => {
    const alice = await s.userToken("alice");
    const random = s.channels.random!;
    await s.fails(
      "conversations.archive",
      { channel: s.channels.general! },
      "cant_archive_general",
      {
        token: alice,
      },
    );
    await s.fails("conversations.unarchive", { channel: random }, "not_archived", { token: alice });
    await s.ok("conversations.archive", { channel: random }, { token: alice });
    assert.equal((await s.fake.workspace.getChannel(random))?.is_archived, true);
    await s.fails("conversations.archive", { channel: random }, "already_archived", {
      token: alice,
    });
    await s.fails("chat.postMessage", { channel: random, text: "hi" }, "is_archived", {
      token: alice,
    });
    await s.ok("conversations.unarchive", { channel: random }, { token: alice });
    assert.equal((await s.fake.workspace.getChannel(random))?.is_archived, false);
  });
});
