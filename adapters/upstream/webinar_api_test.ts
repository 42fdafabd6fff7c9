/** The reply API client's failure codes: a host Deno refuses is final at once; an outage is retried. */
import assert from "node:assert/strict";
import { Budget } from "../context.ts";
import { createLogger } from "../log.ts";
import { isNetPermissionError, type ReplyRequest, sendReply } from "./webinar_api.ts";

const REQUEST: ReplyRequest = {
  replyId: "C1-1700000000.000100",
  webinarId: "web_1",
  attendeeId: "att_1",
  text: "Hello",
  sender: { name: "Mo", email: "mo@example.com" },
  sentAt: 1_700_000_000_000,
};

/** A context whose waits return at once and are counted, so retries show without taking seconds. */
function context(webinarApiUrl: string) {
  const waits: number[] = [];
  return {
    waits,
    ctx: {
      config: {
        webinarEventSecret: "s",
        learningEventSecret: "s",
        webinarApiUrl,
        webinarApiToken: "token",
        webinarApiSigningSecret: "signing",
        logLevel: "info" as const,
      },
      budget: new Budget(60_000),
      sleep: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
      log: createLogger("webinar_api_test", "info"),
    },
  };
}

Deno.test("sendReply(): a host outside the allowed network fails once as domain_not_allowed, with no retry", async () => {
  // These tests may reach 127.0.0.1 only: Deno refuses any other host, as Slack refuses a host
  // missing from the manifest's outgoing domains.
  const { ctx, waits } = context("https://api.webinar-platform.example");
  const result = await sendReply(ctx, REQUEST);
  assert.deepEqual(result, {
    outcome: "failed",
    code: "domain_not_allowed",
    detail: "api.webinar-platform.example is not among the app's outgoing domains",
  });
  assert.deepEqual(waits, [], "no backoff: asking again cannot help");
});

Deno.test("sendReply(): a platform that does not answer is retried with backoff, then unavailable", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now: the connection is refused
  const { ctx, waits } = context(`http://127.0.0.1:${port}`);
  const result = await sendReply(ctx, REQUEST);
  assert.equal(result.outcome, "failed");
  assert.equal(result.outcome === "failed" && result.code, "unavailable");
  assert.deepEqual(waits, [500, 1000, 2000]);
});

Deno.test("isNetPermissionError() knows Deno 2's NotCapable and Deno 1's PermissionDenied, and nothing else", async () => {
  const refused = await fetch("https://api.webinar-platform.example/").then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(isNetPermissionError(refused), String(refused));
  const deno1 = new Error(
    'Requires net access to "api.example.com:443", run again with the --allow-net flag',
  );
  deno1.name = "PermissionDenied";
  assert.ok(isNetPermissionError(deno1));
  const env = new Error('Requires env access to "HOME", run again with the --allow-env flag');
  env.name = "NotCapable";
  assert.ok(!isNetPermissionError(env));
  assert.ok(!isNetPermissionError(new TypeError("error sending request: connection refused")));
  assert.ok(!isNetPermissionError("Requires net access"));
});
