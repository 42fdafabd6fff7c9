import assert from "node:assert/strict";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { FakeSlack, seed } from "../../sandbox/fake_slack/mod.ts";
import { createContext } from "../context.ts";
import { slackCall, SlackCallError } from "./client.ts";

async function withFake(body: (fake: FakeSlack, channel: string) => Promise<void>): Promise<void> {
  const fake = await FakeSlack.start({ rateLimits: false });
  try {
    await fake.workspace.installApp({
      display_information: { name: "T" },
      oauth_config: { scopes: { bot: ["chat:write", "channels:read", "datastore:read"] } },
    });
    const { channels } = await seed(fake, { channels: [{ name: "c", app_member: true }] });
    await body(fake, channels.c!);
  } finally {
    await fake.close();
  }
}

function ctx(fake: FakeSlack, options: { limitMs?: number } = {}) {
  return createContext({
    client: SlackAPI(fake.workspace.requireApp().bot_token, { slackApiUrl: fake.apiUrl }),
    env: {},
    step: "test",
    ...(options.limitMs ? { limitMs: options.limitMs, marginMs: 0 } : {}),
  });
}

Deno.test("slackCall() waits out a 429 for Retry-After, then succeeds", () =>
  withFake(async (fake, channel) => {
    fake.addFault({ method: "conversations.info", status: 429, retryAfter: 2, remaining: 1 });
    const started = Date.now();
    const res = await slackCall(ctx(fake), "conversations.info", { channel });
    assert.equal(res.ok, true);
    assert.ok(Date.now() - started >= 1_900, "waited out Retry-After: 2 s");
    assert.deepEqual(fake.calls({ method: "conversations.info" }).map((c) => c.status), [429, 200]);
  }));

Deno.test("slackCall() gives up with ratelimited when Retry-After is longer than the time left", () =>
  withFake(async (fake, channel) => {
    fake.addFault({ method: "conversations.info", status: 429, retryAfter: 30, remaining: 1 });
    const err = await slackCall(ctx(fake, { limitMs: 5_000 }), "conversations.info", {
      channel,
    })
      .catch((e) => e);
    assert.ok(err instanceof SlackCallError);
    assert.equal(err.code, "ratelimited");
    assert.equal(err.retryAfterS, 30);
    assert.equal(
      fake.calls({ method: "conversations.info" }).length,
      1,
      "no call before Slack allows it",
    );
  }));

Deno.test("slackCall() retries a server error for calls safe to repeat, and reports a lost answer for the rest", () =>
  withFake(async (fake, channel) => {
    fake.addFault({ method: "conversations.info", status: 503, remaining: 2 });
    assert.equal((await slackCall(ctx(fake), "conversations.info", { channel })).ok, true);
    assert.equal(fake.calls({ method: "conversations.info" }).length, 3);

    fake.addFault({ method: "chat.postMessage", status: 500, when: "after", remaining: 1 });
    const err = await slackCall(ctx(fake), "chat.postMessage", { channel, text: "hi" }).catch((e) =>
      e
    );
    assert.ok(err instanceof SlackCallError);
    assert.equal(
      err.ambiguous,
      true,
      "the post may have landed: the caller must look before posting again",
    );
    assert.equal(fake.calls({ method: "chat.postMessage" }).length, 1, "not blindly repeated");
  }));

Deno.test("slackCall() turns ok:false into a SlackCallError with Slack's code", () =>
  withFake(async (fake) => {
    const err = await slackCall(ctx(fake), "conversations.info", { channel: "C_NOPE" }).catch((e) =>
      e
    );
    assert.ok(err instanceof SlackCallError);
    assert.equal(err.code, "channel_not_found");
    assert.equal(err.message, 'Cannot call "conversations.info": channel_not_found');
  }));
