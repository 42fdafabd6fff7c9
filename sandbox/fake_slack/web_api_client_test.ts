/** Slack's official Node client against the fake: the fake must be a drop-in for slack.com/api/. */
import assert from "node:assert/strict";
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { withSlack } from "./test_helpers.ts";

function client(apiUrl: string, token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
}

Deno.test("WebClient posts, replies in the thread and reads both back through the fake", async () => {
  await withSlack({}, async (s) => {
    const web = client(s.fake.apiUrl, s.botToken);
    const channel = s.channels.general!;
    const parent = await web.chat.postMessage({ channel, text: "Webinar starts at 10:00" });
    assert.equal(parent.ok, true);
    assert.equal(parent.channel, channel);
    const reply = await web.chat.postMessage({
      channel,
      text: "Recording is up",
      thread_ts: parent.ts!,
    });
    assert.equal(reply.message?.thread_ts, parent.ts);

    const history = await web.conversations.history({ channel });
    assert.deepEqual(history.messages?.map((m) => m.text), ["Webinar starts at 10:00"]);
    assert.equal(history.messages?.[0]?.reply_count, 1);

    const replies = await web.conversations.replies({ channel, ts: parent.ts! });
    assert.deepEqual(replies.messages?.map((m) => m.text), [
      "Webinar starts at 10:00",
      "Recording is up",
    ]);
    assert.equal(replies.response_metadata?.next_cursor, "");
  });
});

Deno.test("WebClient surfaces the fake's 429 as its rate-limited error with Retry-After seconds", async () => {
  await withSlack({}, async (s) => {
    s.fake.addFault({ method: "chat.postMessage", status: 429, retryAfter: 7, remaining: 1 });
    const web = client(s.fake.apiUrl, s.botToken);
    await assert.rejects(
      web.chat.postMessage({ channel: s.channels.general!, text: "hi" }),
      (err: { code?: string; retryAfter?: number }) => {
        assert.equal(err.code, ErrorCode.RateLimitedError);
        assert.equal(err.retryAfter, 7);
        return true;
      },
    );
  });
});

Deno.test("WebClient surfaces a real bucket's 429 with the fake's Retry-After", async () => {
  await withSlack(
    { fake: { rateLimits: { postMessagePerChannel: { perMinute: 6, burst: 1 } } } },
    async (s) => {
      const web = client(s.fake.apiUrl, s.botToken);
      await web.chat.postMessage({ channel: s.channels.general!, text: "one" });
      await assert.rejects(
        web.chat.postMessage({ channel: s.channels.general!, text: "two" }),
        (err: { code?: string; retryAfter?: number }) => {
          assert.equal(err.code, ErrorCode.RateLimitedError);
          assert.ok(err.retryAfter! >= 9 && err.retryAfter! <= 10, `retryAfter ${err.retryAfter}`);
          return true;
        },
      );
    },
  );
});

Deno.test("WebClient surfaces a Slack error code as its platform error with data.error", async () => {
  await withSlack({}, async (s) => {
    const web = client(s.fake.apiUrl, s.botToken);
    await assert.rejects(
      web.chat.postMessage({ channel: "C0NOSUCHONE", text: "hi" }),
      (err: { code?: string; data?: { ok: boolean; error: string } }) => {
        assert.equal(err.code, ErrorCode.PlatformError);
        assert.equal(err.data?.ok, false);
        assert.equal(err.data?.error, "channel_not_found");
        return true;
      },
    );
  });
});
