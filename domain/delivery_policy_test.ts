import assert from "node:assert/strict";
import { decideFailure, type Failure, retryDelayMs } from "./delivery_policy.ts";

const failure = (code: string, more: Partial<Failure> = {}): Failure => ({
  code,
  ambiguous: false,
  retryAfterS: null,
  channel: "C1",
  publicChannel: null,
  joinTried: false,
  ...more,
});

Deno.test("decideFailure() maps each kind of Slack answer to what happens to the row", () => {
  const table: Array<[string, Failure, ReturnType<typeof decideFailure>]> = [
    [
      "a 429 waits Retry-After, and nothing was posted",
      failure("ratelimited", { retryAfterS: 7 }),
      { kind: "retry", suspect: false, delayMs: 7_000, note: null },
    ],
    [
      "a lost answer may have posted: look first",
      failure("http_503", { ambiguous: true }),
      { kind: "retry", suspect: true, delayMs: null, note: null },
    ],
    [
      "fatal_error may have done part of the work",
      failure("fatal_error"),
      { kind: "retry", suspect: true, delayMs: null, note: null },
    ],
    ["invalid blocks never get better", failure("invalid_blocks"), { kind: "give_up" }],
    ["a too long message never gets better", failure("msg_blocks_too_long"), {
      kind: "give_up",
    }],
    [
      "not_in_channel in a public channel: join first",
      failure("not_in_channel", { publicChannel: true }),
      { kind: "join_then_retry" },
    ],
    [
      "not_in_channel when the channel's kind is unknown: try to join",
      failure("not_in_channel"),
      { kind: "join_then_retry" },
    ],
    [
      "not_in_channel after a join was tried: an admin must add the app",
      failure("not_in_channel", { joinTried: true }),
      { kind: "block_channel", remediation: "not_in_channel" },
    ],
    [
      "not_in_channel in a private channel: an admin must add the app",
      failure("not_in_channel", { publicChannel: false }),
      { kind: "block_channel", remediation: "not_in_channel" },
    ],
    ["an archived channel blocks", failure("is_archived"), {
      kind: "block_channel",
      remediation: "is_archived",
    }],
    ["a deleted channel blocks", failure("channel_not_found"), {
      kind: "block_channel",
      remediation: "channel_not_found",
    }],
    ["restricted_action blocks", failure("restricted_action"), {
      kind: "block_channel",
      remediation: "unexpected",
    }],
    [
      "channel_not_found with no channel yet is a plain retry",
      failure("channel_not_found", { channel: null }),
      { kind: "retry", suspect: false, delayMs: null, note: null },
    ],
    ["a deactivated learner", failure("user_disabled"), { kind: "learner_unavailable" }],
    [
      "a missing scope retries and says so",
      failure("missing_scope"),
      { kind: "retry", suspect: false, delayMs: null, note: "missing_scope" },
    ],
    [
      "an unknown code from Slack: nothing posted, back off",
      failure("something_new"),
      { kind: "retry", suspect: false, delayMs: null, note: null },
    ],
  ];
  for (const [why, input, expected] of table) {
    assert.deepEqual(decideFailure(input), expected, why);
  }
});

Deno.test("decideFailure() never asks to look for a post after an answer that says nothing happened", () => {
  for (
    const code of [
      "ratelimited",
      "not_in_channel",
      "channel_not_found",
      "invalid_blocks",
      "no_text",
    ]
  ) {
    const d = decideFailure(failure(code, { joinTried: true }));
    assert.ok(d.kind !== "retry" || !d.suspect, code);
  }
});

Deno.test("retryDelayMs() doubles from 5 s and stops at 15 minutes", () => {
  assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [5_000, 10_000, 20_000, 40_000]);
  assert.equal(retryDelayMs(30), 15 * 60_000);
});
