/**
 * What a failed Slack call means for an outbox row, for both lanes: try again (and whether the post
 * may have landed, so the next try must look first), give up, stop every row for that channel until
 * an admin fixes it, join the channel first, or treat the learner as unreachable. Pure: the adapters
 * carry it out (adapters/delivery.ts).
 */

/** Slack answers that will not get better by sending the same row again. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_blocks_too_long",
  "msg_too_long",
  "no_text",
  "invalid_metadata_format",
  "invalid_metadata_schema",
  "invalid_time",
  "too_many_attachments",
]);

/** Slack answers that stop every post to a channel until someone fixes the channel (W9). */
export const CHANNEL_BLOCKING_CODES: ReadonlySet<string> = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "restricted_action",
]);

/** The learner's Slack account cannot receive a DM any more (deactivated since it was cached...). */
export const LEARNER_GONE_CODES: ReadonlySet<string> = new Set([
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
]);

/**
 * Answers after which Slack may have done part of the work: `fatal_error` ("it's possible some
 * aspect of the operation succeeded"), `internal_error`, `request_timeout`.
 */
export const AMBIGUOUS_CODES: ReadonlySet<string> = new Set([
  "fatal_error",
  "internal_error",
  "request_timeout",
  "service_unavailable",
]);

export type Failure = {
  code: string;
  /** No answer came back (a 5xx or a timeout on a call that is not safe to repeat). */
  ambiguous: boolean;
  /** For "ratelimited": Slack's Retry-After, in seconds. */
  retryAfterS: number | null;
  /** The channel the row was going to (null before one was known). */
  channel: string | null;
  /** Whether the channel is public, as far as the caller knows (null: unknown). */
  publicChannel: boolean | null;
  /** The app already tried to join this channel in this run. */
  joinTried: boolean;
};

export type Decision =
  /** Try again later; `suspect`: the post may have landed, look for it before posting again. */
  | { kind: "retry"; suspect: boolean; delayMs: number | null; note: "missing_scope" | null }
  /** Nothing will change by retrying: record it done as failed, with an activity entry. */
  | { kind: "give_up" }
  /** Every row for this channel waits; one activity entry says how to fix the channel. */
  | {
    kind: "block_channel";
    remediation: "not_in_channel" | "channel_not_found" | "is_archived" | "unexpected";
  }
  /** A public channel the app is not in: join it, then retry the row at once. */
  | { kind: "join_then_retry" }
  /** The learner cannot get DMs: done, recorded as unmatched. */
  | { kind: "learner_unavailable" };

export function decideFailure(f: Failure): Decision {
  if (f.code === "ratelimited") {
    // A 429 means nothing was done.
    return {
      kind: "retry",
      suspect: false,
      delayMs: Math.max(1, f.retryAfterS ?? 1) * 1000,
      note: null,
    };
  }
  if (f.ambiguous || AMBIGUOUS_CODES.has(f.code)) {
    return { kind: "retry", suspect: true, delayMs: null, note: null };
  }
  if (PERMANENT_CODES.has(f.code)) return { kind: "give_up" };
  if (LEARNER_GONE_CODES.has(f.code)) return { kind: "learner_unavailable" };
  if (f.code === "not_in_channel" && f.channel && f.publicChannel !== false && !f.joinTried) {
    return { kind: "join_then_retry" };
  }
  if (CHANNEL_BLOCKING_CODES.has(f.code) && f.channel) {
    return {
      kind: "block_channel",
      remediation: f.code === "restricted_action"
        ? "unexpected"
        : f.code as "not_in_channel" | "channel_not_found" | "is_archived",
    };
  }
  if (f.code === "missing_scope" || f.code === "not_allowed_token_type") {
    return { kind: "retry", suspect: false, delayMs: null, note: "missing_scope" };
  }
  // Anything else (a network failure on a repeatable call, an unknown code): Slack answered, so
  // nothing was posted; try again with backoff.
  return { kind: "retry", suspect: false, delayMs: null, note: null };
}

/** Exponential backoff: 5 s, 10 s, 20 s ... capped at 15 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}
