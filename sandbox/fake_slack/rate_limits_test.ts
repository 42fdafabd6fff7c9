import assert from "node:assert/strict";
import { FakeSlack } from "./fake.ts";
import { mergeRateLimits, RateLimiter, SLACK_RATE_LIMITS } from "./rate_limits.ts";
import { withSlack } from "./test_helpers.ts";

const post = (channel: string, text = "hi") => ({ channel, text });

Deno.test("chat.postMessage() allows a short burst per channel, then answers 429 with Retry-After", async () => {
  await withSlack({ fake: { rateLimits: {} } }, async (s) => {
    const burst = SLACK_RATE_LIMITS.postMessagePerChannel.burst;
    for (let i = 0; i < burst; i++) await s.ok("chat.postMessage", post(s.channels.general!));
    const limited = await s.call("chat.postMessage", post(s.channels.general!));
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, { ok: false, error: "ratelimited" });
    assert.equal(limited.headers.get("retry-after"), "1");
    assert.equal((await s.fake.workspace.topLevelMessages(s.channels.general!)).length, burst);
    // Another channel has its own bucket.
    await s.ok("chat.postMessage", post(s.channels.random!));
  });
});

Deno.test("conversations.create() (tier 2) allows 20 calls, then answers 429", async () => {
  await withSlack({ fake: { rateLimits: {} } }, async (s) => {
    for (let i = 0; i < 20; i++) await s.ok("conversations.create", { name: `room-${i}` });
    const limited = await s.call("conversations.create", { name: "room-20" });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, "ratelimited");
    // 20 a minute: a token every 3 s.
    assert.equal(limited.headers.get("retry-after"), "3");
    // The limit is per method: tier 2 conversations.list is not affected by create's bucket.
    await s.ok("conversations.list", {});
  });
});

Deno.test("rateLimits: false switches every limit off", async () => {
  await withSlack({ fake: { rateLimits: false } }, async (s) => {
    for (let i = 0; i < 30; i++) await s.ok("chat.postMessage", post(s.channels.general!));
    for (let i = 0; i < 25; i++) await s.ok("conversations.create", { name: `room-${i}` });
  });
});

Deno.test("POST /_control/rate_limits changes one bucket and keeps the others", async () => {
  await withSlack({ fake: { rateLimits: {} } }, async (s) => {
    const res = await fetch(`${s.fake.url}/_control/rate_limits`, {
      method: "POST",
      body: JSON.stringify({ tiers: { 2: { burst: 2 } }, postMessagePerChannel: { burst: 1 } }),
    });
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.deepEqual(body.rate_limits.tiers, {
      1: SLACK_RATE_LIMITS.tiers[1],
      2: { perMinute: 20, burst: 2 },
      3: SLACK_RATE_LIMITS.tiers[3],
      4: SLACK_RATE_LIMITS.tiers[4],
    });
    await s.ok("chat.postMessage", post(s.channels.general!));
    assert.equal((await s.call("chat.postMessage", post(s.channels.general!))).status, 429);
    await s.ok("conversations.create", { name: "one" });
    await s.ok("conversations.create", { name: "two" });
    assert.equal((await s.call("conversations.create", { name: "three" })).status, 429);
    // Tier 3 still works: its bucket was not dropped by the partial patch.
    await s.ok("conversations.history", { channel: s.channels.general });

    const read = await (await fetch(`${s.fake.url}/_control/rate_limits`)).json();
    assert.equal(read.rate_limits.postMessagePerChannel.burst, 1);
  });
});

Deno.test("POST /_control/rate_limits switches the limits off and on", async () => {
  await withSlack({ fake: { rateLimits: { postMessagePerChannel: { burst: 1 } } } }, async (s) => {
    const set = (patch: unknown) =>
      fetch(`${s.fake.url}/_control/rate_limits`, {
        method: "POST",
        body: JSON.stringify(patch),
      }).then((r) => r.json());
    await set({ enabled: false });
    for (let i = 0; i < 5; i++) await s.ok("chat.postMessage", post(s.channels.general!));
    await set({ enabled: true });
    await s.ok("chat.postMessage", post(s.channels.general!));
    assert.equal((await s.call("chat.postMessage", post(s.channels.general!))).status, 429);
  });
});

Deno.test("POST /_control/rate_limits answers 400 for a bucket it cannot use", async () => {
  await withSlack({}, async (s) => {
    for (
      const patch of [
        { tiers: { 5: { burst: 1 } } },
        { postMessagePerChannel: { perMinute: 0 } },
        { timeScale: -1 },
        { burst: 3 },
      ]
    ) {
      const res = await fetch(`${s.fake.url}/_control/rate_limits`, {
        method: "POST",
        body: JSON.stringify(patch),
      });
      assert.equal(res.status, 400, JSON.stringify(patch));
      assert.equal((await res.json()).ok, false);
    }
    assert.deepEqual(s.fake.limiter.config.tiers, SLACK_RATE_LIMITS.tiers);
  });
});

Deno.test("timeScale refills buckets faster while Retry-After stays in Slack seconds", () => {
  const config = {
    ...SLACK_RATE_LIMITS,
    postMessagePerChannel: { perMinute: 60, burst: 1 },
  };
  let now = 0;
  const slack = new RateLimiter(config, () => now);
  const fast = new RateLimiter({ ...config, timeScale: 100 }, () => now);
  const keys = (l: RateLimiter) => l.bucketsFor("chat.postMessage", "post", "C1");
  assert.equal(slack.take(keys(slack)), 0);
  assert.equal(fast.take(keys(fast)), 0);
  assert.equal(slack.take(keys(slack)), 1, "one message a second: retry after 1 s");
  assert.equal(fast.take(keys(fast)), 1, "Retry-After is in Slack seconds");
  now = 15; // 15 ms of real time: 1.5 s of Slack time at timeScale 100
  assert.equal(fast.take(keys(fast)), 0);
  assert.equal(slack.take(keys(slack)), 1);
  now = 1_000;
  assert.equal(slack.take(keys(slack)), 0);
});

Deno.test("timeScale lets a fake refill a bucket within milliseconds", async () => {
  await withSlack({
    // One post per 10 s of Slack time; at timeScale 200 that is one per 50 ms.
    fake: { rateLimits: { timeScale: 200, postMessagePerChannel: { perMinute: 6, burst: 1 } } },
  }, async (s) => {
    await s.ok("chat.postMessage", post(s.channels.general!));
    const limited = await s.call("chat.postMessage", post(s.channels.general!));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 9, "Retry-After in Slack seconds");
    await new Promise((r) => setTimeout(r, 80));
    await s.ok("chat.postMessage", post(s.channels.general!));
  });
});

Deno.test("RateLimiter takes from every bucket or from none (channel and workspace caps)", () => {
  let now = 0;
  const limiter = new RateLimiter({
    ...SLACK_RATE_LIMITS,
    postMessagePerChannel: { perMinute: 60, burst: 2 },
    postMessageWorkspace: { perMinute: 60, burst: 3 },
  }, () => now);
  const to = (c: string) => limiter.bucketsFor("chat.postMessage", "post", c);
  assert.equal(to("C1").length, 2);
  assert.equal(limiter.take(to("C1")), 0);
  assert.equal(limiter.take(to("C1")), 0);
  assert.ok(limiter.take(to("C1")) > 0, "C1's own bucket is empty");
  assert.equal(limiter.take(to("C2")), 0, "the refused call took nothing from the workspace");
  assert.ok(limiter.take(to("C3")) > 0, "the workspace cap of 3 is reached");
  now = 1_000;
  assert.equal(limiter.take(to("C3")), 0);
});

Deno.test("RateLimiter answers Retry-After from the time a token needs to refill", () => {
  let now = 0;
  const limiter = new RateLimiter(SLACK_RATE_LIMITS, () => now);
  const tier1 = limiter.bucketsFor("x.y", 1);
  assert.equal(limiter.take(tier1), 0);
  assert.equal(limiter.take(tier1), 0);
  assert.equal(limiter.take(tier1), 60, "tier 1 refills one call a minute");
  now = 30_000;
  assert.equal(limiter.take(tier1), 30);
});

Deno.test("mergeRateLimits() keeps the fields a patch leaves out", () => {
  const merged = mergeRateLimits(SLACK_RATE_LIMITS, {
    tiers: { 3: { perMinute: 5 } },
    postMessageWorkspace: { perMinute: 100, burst: 10 },
  });
  assert.deepEqual(merged.tiers[3], { perMinute: 5, burst: 50 });
  assert.deepEqual(merged.tiers[4], SLACK_RATE_LIMITS.tiers[4]);
  assert.deepEqual(merged.postMessageWorkspace, { perMinute: 100, burst: 10 });
  assert.equal(mergeRateLimits(merged, { postMessageWorkspace: null }).postMessageWorkspace, null);
  assert.throws(() => mergeRateLimits(SLACK_RATE_LIMITS, { postMessageWorkspace: { burst: 3 } }), {
    name: "RangeError",
    message: "postMessageWorkspace.perMinute must be a number above 0",
  });
});

Deno.test("FakeSlack.start() rejects rate limits it cannot use, and leaks nothing", async () => {
  await assert.rejects(
    FakeSlack.start({ rateLimits: { tiers: { 2: { perMinute: -1 } } } }),
    { name: "RangeError", message: "tiers.2.perMinute must be a number above 0" },
  );
});
