/**
 * Delivers learning outbox rows (L1-L7): checks the workspace switches, finds the learner by email
 * (unmatched: not sent, recorded for admins), honours their muted types, then posts the DM or
 * schedules the path step through deliver.ts.
 */
import type { OutboxRow } from "../../datastores/outbox.ts";
import { type LearningEvent, LearningEventSchema } from "../../domain/learning/event.ts";
import { learningGate } from "../../domain/learning/plan.ts";
import type { ActivityInput } from "../activity.ts";
import { type LaneProcessor, type Outcome, rateLimitedRetry, type Round } from "../drain.ts";
import { SlackCallError } from "../slack/client.ts";
import { deliverLearning } from "./deliver.ts";
import { findLearners, type FoundLearner, normalEmail } from "./learners.ts";
import { preferencesLink } from "./preferences_link.ts";
import { getStep, keepWaiting } from "./steps.ts";

/** What one drain round knows about learners (looked up once per round). */
type RoundMemo = { learners: Map<string, FoundLearner | null>; link?: string | null };
const memos = new WeakMap<Round, RoundMemo>();

function memoOf(round: Round): RoundMemo {
  let memo = memos.get(round);
  if (!memo) memos.set(round, memo = { learners: new Map() });
  return memo;
}

/** Errors that will not get better by retrying the same row. */
const PERMANENT = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "invalid_metadata_format",
  "invalid_metadata_schema",
  "invalid_time",
]);
/** The learner's Slack account cannot receive the DM any more (deactivated since it was cached...). */
const LEARNER_GONE = new Set(["user_not_found", "user_disabled", "cannot_dm_bot"]);
/** restricted_too_many: try again after Slack's 5-minute scheduling window has moved on. */
const RESTRICTED_RETRY_MS = 5 * 60_000;
/** A step further out than this waits in scheduled_steps (maintenance retries hourly) instead. */
const RESTRICTED_OUTBOX_MAX_MS = 6 * 86_400_000;

function readEvent(row: OutboxRow): LearningEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(row.event_json);
  } catch {
    return null;
  }
  const parsed = LearningEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function unmatchedActivity(
  event: LearningEvent,
  why = "matches no Slack user",
): ActivityInput {
  return {
    kind: "unmatched_email",
    source: "learning",
    code: "learner_not_in_slack",
    detail:
      `The learner's email of event ${event.id} ${why}: the ${event.type} notification was not sent`,
    context: { event: event.id, type: event.type },
    remediation: "learner_not_in_slack",
    email: event.learner.email,
    id: `unmatched:learning:${event.id}`,
  };
}

async function learnerFor(round: Round, email: string): Promise<FoundLearner | null> {
  const { learners } = memoOf(round);
  if (learners.has(email)) return learners.get(email) ?? null;
  const found = await findLearners(round.ctx, [email]);
  for (const [k, v] of found) learners.set(k, v);
  return found.get(email) ?? null;
}

async function linkFor(round: Round): Promise<string | null> {
  const memo = memoOf(round);
  if (memo.link === undefined) memo.link = await preferencesLink(round.ctx);
  return memo.link;
}

export const learningProcessor: LaneProcessor = {
  // One queue per learner: their notifications arrive in order.
  queueKey: (row) => row.subject,

  async prepare(round, rows) {
    if (!round.settings.learningEnabled) return;
    const emails = rows.flatMap((row) => {
      const event = readEvent(row);
      return event && !learningGate(event.type, round.settings)
        ? [normalEmail(event.learner.email)]
        : [];
    });
    if (emails.length === 0) return;
    try {
      // One bulk cache read (and lookups for the misses) for every learner of the round.
      const found = await findLearners(round.ctx, emails);
      for (const [k, v] of found) memoOf(round).learners.set(k, v);
      await linkFor(round);
    } catch (err) {
      // Each row then looks its learner up by itself (and retries if that fails too).
      round.ctx.log.warn("learners_prepare_failed", { error: err });
    }
  },

  async process(row, round) {
    const event = readEvent(row);
    if (!event) return { kind: "give_up", error: "unreadable_row" };
    const gate = learningGate(event.type, round.settings);
    if (gate) return { kind: "done", outcome: `skipped:${gate}` };
    const { ctx } = round;
    try {
      if (event.type === "path_step") {
        // Already handled (the platform sent it again after the done marker expired).
        const step = await getStep(ctx, row.id);
        if (step) return { kind: "done", outcome: `already:${step.status}` };
      }
      const email = normalEmail(event.learner.email);
      const found = await learnerFor(round, email);
      if (!found) {
        round.activity(unmatchedActivity(event));
        return { kind: "done", outcome: "skipped:unmatched" };
      }
      const result = await deliverLearning({
        ctx,
        pacer: round.pacer,
        id: row.id,
        since: row.received_at,
        suspect: round.suspects.has(row.id) || row.attempts > 0,
        event,
        email,
        found,
        settings: round.settings,
        preferencesUrl: await linkFor(round),
      });
      switch (result.kind) {
        case "posted":
          return {
            kind: "done",
            outcome: result.late ? "posted_late" : "posted",
            channel: result.channel,
            ts: result.ts,
          };
        case "scheduled":
          return { kind: "done", outcome: "scheduled", channel: result.channel };
        case "waiting":
          return { kind: "done", outcome: "waiting" };
        case "skipped":
          return { kind: "done", outcome: `skipped:${result.reason}` };
        case "unmatched":
          round.activity(unmatchedActivity(event));
          return { kind: "done", outcome: "skipped:unmatched" };
        case "restricted":
          return await restricted(round, row, event, found, result);
      }
    } catch (err) {
      return failure(round, err, event);
    }
  },
};

async function restricted(
  round: Round,
  row: OutboxRow,
  event: LearningEvent,
  found: FoundLearner,
  result: { channel: string; postAt: number },
): Promise<Outcome> {
  round.activity({
    kind: "error",
    source: "learning",
    code: "restricted_too_many",
    detail:
      `Slack refused to schedule path step ${event.id}: 30 messages are already scheduled in that learner's DM within 5 minutes of it`,
    context: { event: event.id, channel: result.channel },
    remediation: "schedule_failed",
    id: `schedule_failed:${row.id}`,
  });
  if (result.postAt - Date.now() > RESTRICTED_OUTBOX_MAX_MS) {
    await keepWaiting(round.ctx, {
      id: row.id,
      userId: found.learner.userId,
      channelId: result.channel,
      postAt: result.postAt,
      event,
      detail: "restricted_too_many",
    });
    return { kind: "done", outcome: "waiting" };
  }
  return {
    kind: "retry",
    error: "restricted_too_many",
    delayMs: round.ctx.ms(RESTRICTED_RETRY_MS),
  };
}

function failure(round: Round, err: unknown, event: LearningEvent): Outcome {
  if (!(err instanceof SlackCallError)) throw err;
  if (err.code === "ratelimited") return rateLimitedRetry(round, err.retryAfterS);
  if (LEARNER_GONE.has(err.code)) {
    round.activity(
      unmatchedActivity(event, `belongs to a Slack account that cannot get DMs (${err.code})`),
    );
    return { kind: "done", outcome: "skipped:learner_unavailable" };
  }
  if (PERMANENT.has(err.code)) {
    round.activity({
      kind: "error",
      source: "learning",
      code: err.code,
      detail: `Slack refused the notification for event ${event.id}: ${err.code}`,
      context: { event: event.id, type: event.type },
      remediation: "unexpected",
    });
    return { kind: "give_up", error: err.code };
  }
  if (err.code === "missing_scope" || err.code === "not_allowed_token_type") {
    round.activity({
      kind: "error",
      source: "learning",
      code: err.code,
      detail:
        `Cannot deliver learning event ${event.id}: ${err.method} needs a scope the app lacks`,
      context: { event: event.id, method: err.method },
      remediation: "missing_scope",
      id: `${err.code}:learning:${new Date().toISOString().slice(0, 13)}`,
    });
  }
  return { kind: "retry", error: err.code };
}
