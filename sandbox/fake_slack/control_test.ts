import assert from "node:assert/strict";
import { FakeSlack } from "./fake.ts";
import type { CallRecord } from "./model.ts";
import { type TestSlack, withSlack } from "./test_helpers.ts";

async function control(
  s: TestSlack,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${s.fake.url}/_control/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

const post = (s: TestSlack, text = "hi") =>
  s.call("chat.postMessage", { channel: s.channels.general, text });
const stored = async (s: TestSlack) =>
  (await s.fake.workspace.topLevelMessages(s.channels.general!)).length;

Deno.test("POST /_control/faults with status 429 answers ratelimited with the rule's Retry-After", async () => {
  await withSlack({}, async (s) => {
    const added = await control(s, "POST", "faults", {
      method: "chat.postMessage",
      status: 429,
      retryAfter: 12,
    });
    assert.equal(added.status, 200);
    assert.equal(typeof (added.body.fault as { id: string }).id, "string");
    const res = await post(s);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "12");
    assert.deepEqual(res.body, { ok: false, error: "ratelimited" });
    assert.equal(await stored(s), 0);
    // Other methods are untouched.
    await s.ok("auth.test");
  });
});

Deno.test("a 500 fault that strikes before the call leaves no trace of it", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", { method: "chat.postMessage", status: 500, when: "before" });
    const res = await post(s);
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, { ok: false, error: "fatal_error" });
    assert.equal(await stored(s), 0, "the message was not posted");
  });
});

Deno.test("a 503 fault that strikes after the call loses only the answer: the message is posted", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", {
      method: "chat.postMessage",
      status: 503,
      error: "service_unavailable",
      when: "after",
    });
    const res = await post(s, "did it post?");
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { ok: false, error: "service_unavailable" });
    const messages = await s.fake.workspace.topLevelMessages(s.channels.general!);
    assert.deepEqual(messages.map((m) => m.text), ["did it post?"]);
  });
});

Deno.test("a fault with status 200 answers a Slack error code", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", { method: "*", status: 200, error: "team_quota_exceeded" });
    await s.fails("auth.test", {}, "team_quota_exceeded");
  });
});

Deno.test("a count-limited fault strikes only that many calls", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", { method: "chat.postMessage", status: 500, remaining: 2 });
    assert.equal((await post(s)).status, 500);
    assert.equal((await post(s)).status, 500);
    assert.equal((await post(s)).status, 200);
    assert.equal(await stored(s), 1);
  });
});

Deno.test("a fault with skip lets that many matching calls through, then strikes", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", {
      method: "chat.postMessage",
      status: 500,
      skip: 2,
      remaining: 1,
    });
    assert.equal((await post(s)).status, 200);
    assert.equal((await post(s)).status, 200);
    assert.equal((await post(s)).status, 500);
    assert.equal((await post(s)).status, 200);
    assert.equal(await stored(s), 3);
  });
});

Deno.test("a probability fault strikes some calls, the same ones for the same faultSeed", async () => {
  const run = async (faultSeed: number) => {
    const fake = await FakeSlack.start({ rateLimits: false, faultSeed });
    try {
      fake.addFault({ method: "auth.test", status: 500, probability: 0.5 });
      const app = await fake.workspace.installApp({ display_information: { name: "x" } });
      const hits: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${fake.apiUrl}auth.test`, {
          method: "POST",
          headers: { Authorization: `Bearer ${app.bot_token}` },
        });
        await res.body?.cancel();
        hits.push(res.status === 500);
      }
      return hits;
    } finally {
      await fake.close();
    }
  };
  const a = await run(7);
  const hits = a.filter(Boolean).length;
  assert.ok(hits > 5 && hits < 35, `${hits} of 40 calls hit`);
  assert.deepEqual(await run(7), a);
  assert.notDeepEqual(await run(8), a);
});

Deno.test("DELETE /_control/faults clears every rule", async () => {
  await withSlack({}, async (s) => {
    await control(s, "POST", "faults", { method: "*", status: 500 });
    assert.equal((await post(s)).status, 500);
    assert.equal((await control(s, "DELETE", "faults")).status, 200);
    assert.equal((await post(s)).status, 200);
  });
});

Deno.test("POST /_control/faults answers 400 for a rule that would never do what it says", async () => {
  await withSlack({}, async (s) => {
    for (
      const rule of [
        { status: 500 },
        { method: "chat.postMessage", status: 404 },
        { method: "chat.postMessage", status: "500" },
        { method: "chat.postMessage", probability: 2 },
        { method: "chat.postMessage", remaining: 0 },
        { method: "chat.postMessage", status: 500, skip: 0 },
        { method: "chat.postMessage", when: "during" },
        { method: "chat.postMessage", retry_after: 5 },
      ]
    ) {
      const res = await control(s, "POST", "faults", rule);
      assert.equal(res.status, 400, JSON.stringify(rule));
      assert.equal(res.body.ok, false);
    }
    assert.deepEqual(s.fake.faults, []);
  });
});

Deno.test("GET /_control/calls returns the call log with methods, errors and injected faults", async () => {
  await withSlack({}, async (s) => {
    await s.ok("chat.postMessage", { channel: s.channels.general, text: "one", bogus_arg: 1 });
    await s.fails("chat.postMessage", { channel: "C0NOPE", text: "two" }, "channel_not_found");
    await s.fails("auth.test", {}, "not_authed", { token: null });
    s.fake.addFault({ method: "auth.test", status: 500, remaining: 1 });
    await s.call("auth.test");

    const all = (await control(s, "GET", "calls")).body.calls as CallRecord[];
    assert.deepEqual(all.map((c) => [c.method, c.status, c.ok, c.error ?? null]), [
      ["chat.postMessage", 200, true, null],
      ["chat.postMessage", 200, false, "channel_not_found"],
      ["auth.test", 200, false, "not_authed"],
      ["auth.test", 500, false, "fatal_error"],
    ]);
    assert.deepEqual(all[0]!.unknown_args, ["bogus_arg"]);
    assert.equal(all[0]!.token_kind, "bot");
    assert.equal(all[0]!.actor, s.botUserId);
    assert.equal(all[0]!.args.text, "one");
    assert.equal("token" in all[0]!.args, false, "tokens are not logged");
    assert.equal(all[3]!.injected, true);

    const posts = (await control(s, "GET", "calls?method=chat.postMessage")).body
      .calls as CallRecord[];
    assert.equal(posts.length, 2);
    const since = (await control(s, "GET", `calls?since=${all[1]!.seq}`)).body
      .calls as CallRecord[];
    assert.deepEqual(since.map((c) => c.seq), [all[2]!.seq, all[3]!.seq]);

    await control(s, "DELETE", "calls");
    assert.deepEqual((await control(s, "GET", "calls")).body.calls, []);
  });
});

Deno.test("POST /_control/clock moves the fake clock, and refuses to go back", async () => {
  await withSlack({}, async (s) => {
    const before = s.fake.clock.now();
    const moved = await control(s, "POST", "clock", { advance_ms: 3_600_000 });
    assert.ok((moved.body.now as number) >= before + 3_600_000);
    const read = await control(s, "GET", "clock");
    assert.equal(read.body.offset_ms, 3_600_000);
    assert.equal((await control(s, "POST", "clock", { advance_ms: -1 })).status, 400);
  });
});

Deno.test("POST /_control/seed adds people and channels, and /_control/token acts as a person", async () => {
  await withSlack({}, async (s) => {
    const seeded = await control(s, "POST", "seed", {
      users: [{ name: "dave", email: "dave@example.com" }],
      channels: [{ name: "webinars", members: ["dave", "alice"], app_member: true }],
    });
    assert.equal(seeded.status, 200);
    const dave = (seeded.body.users as Record<string, string>).dave!;
    const channel = (seeded.body.channels as Record<string, string>).webinars!;
    const token = (await control(s, "POST", "token", { user_id: dave })).body.token as string;
    await s.ok("chat.postMessage", { channel, text: "hello from dave" }, { token });
    const [message] = await s.fake.workspace.topLevelMessages(channel);
    assert.equal(message?.user, dave);
    assert.equal((await control(s, "POST", "token", { user_id: "U0NOBODY" })).status, 400);
    assert.equal(
      (await control(s, "POST", "seed", { channels: [{ name: "Bad Name" }] })).status,
      400,
    );
  });
});

Deno.test("an unknown control endpoint answers 404", async () => {
  await withSlack({}, async (s) => {
    const res = await control(s, "GET", "nothing-here");
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "unknown_control_endpoint");
  });
});

Deno.test("POST /_control/remove_app takes the app out of a channel and add_app puts it back; bad input changes nothing", async () => {
  await withSlack({}, async (s) => {
    const general = s.channels.general!;
    const inGeneral = async () =>
      (await s.fake.workspace.getChannel(general))?.members.includes(s.botUserId);
    const removed = await control(s, "POST", "remove_app", { channel: "#general" });
    assert.deepEqual(removed, {
      status: 200,
      body: { ok: true, channel: { id: general, name: "general", app_member: false } },
    });
    assert.equal(await inGeneral(), false);
    await s.fails("conversations.history", { channel: general }, "not_in_channel");
    const twice = await control(s, "POST", "remove_app", { channel: general });
    assert.equal(twice.status, 400);
    assert.match(String(twice.body.error), /Session Bridge is not in #general/);
    for (const bad of [{}, { channel: 42 }, { channel: "#nowhere" }]) {
      const res = await control(s, "POST", "add_app", bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.match(String(res.body.error), /channel/);
    }
    assert.equal(await inGeneral(), false, "refused requests changed nothing");
    const added = await control(s, "POST", "add_app", { channel: general });
    assert.equal(added.status, 200);
    assert.equal(await inGeneral(), true);
  });
});

Deno.test("POST /_control/faults with delayMs makes a call slow: it takes effect late, then answers as usual", async () => {
  await withSlack({}, async (s) => {
    const refused = await control(s, "POST", "faults", {
      method: "chat.postMessage",
      delayMs: 300,
      status: 500,
    });
    assert.equal(refused.status, 400);
    assert.match(String(refused.body.error), /delayMs/);
    assert.equal(
      (await control(s, "POST", "faults", {
        method: "chat.postMessage",
        delayMs: 300,
        remaining: 1,
      })).status,
      200,
    );
    const pending = post(s);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await stored(s), 0, "not yet in the channel");
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(res.body.ok, true);
    assert.equal(await stored(s), 1);
  });
});
