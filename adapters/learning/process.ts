/**
 * Delivers learning outbox rows (L1-L7): checks the workspace switches, finds the learner by email
 * (unmatched: not sent, recorded for admins), honours their muted types, then posts the DM or
 * schedules the path step through deliver.ts.
 */
import type { OutboxRow } from "../../datastores/outbox.ts";
import type { LearningEvent } from "../../domain/learning/event.ts";
import { LEARNING_SHAPES, readStoredEvent } from "../../domain/stored_event.ts";
import { learningGate } from "../../domain/learning/plan.ts";
import type { ActivityInput } from "../activity.ts";
import { decide, isSuspect, type LaneProcessor, type Outcome, type Round } from "../delivery.ts";
import { needsLookup, personKey } from "../people.ts";
import { SlackCallError } from "../slack/client.ts";
import { deliverLearning } from "./deliver.ts";
import { findLearners, type FoundLearner, normalEmail } from "./learners.ts";
import { PREFERENCES_LINK_KEY, preferencesLink } from "./preferences_link.ts";
import { getStep, keepWaiting } from "./steps.ts";

/** restricted_too_many: try again after Slack's 5-minute scheduling window has moved on. */
const RESTRICTED_RETRY_MS = 5 * 60_000;
/** A step further out than this waits in scheduled_steps (maintenance retries hourly) instead. */
const RESTRICTED_OUTBOX_MAX_MS = 6 * 86_400_000;

export function readLearningEvent(row: OutboxRow): LearningEvent | null {
  return readStoredEvent<LearningEvent>(row.event_json, LEARNING_SHAPES);
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
    context: { event: event.id, type: event.type, session: event.session.title },
    remediation: "learner_not_in_slack",
    email: event.learner.email,
    id: `unmatched:learning:${event.id}`,
  };
}

/**
 * Learners an ingest looks up in Slack itself (users.lookupByEmail is tier 3): beyond that, new
 * learners go to the drainer, which keeps the method to half its tier.
 */
const INLINE_LOOKUPS = 2;

async function learnerFor(round: Round, email: string): Promise<FoundLearner | null | "later"> {
  if (!round.canPrepare && needsLookup(round.view.get(await personKey(email)), true)) {
    const done = Number(round.memo.get("lookups") ?? 0);
    if (done >= INLINE_LOOKUPS) return "later";
    round.memo.set("lookups", done + 1);
  }
  const found = await findLearners(round.ctx, [email], round.view);
  round.remember(found.rows);
  return found.learners.get(email) ?? null;
}

async function linkFor(round: Round): Promise<string | null> {
  if (!round.memo.has("preferences_link")) {
    round.memo.set("preferences_link", await preferencesLink(round.ctx, round.view));
  }
  return round.memo.get("preferences_link") as string | null;
}

export const learningProcessor: LaneProcessor = {
  // One queue per learner: their notifications arrive in order.
  queueKey: (row) => row.subject,

  async ledgerKeys(rows) {
    const keys = [PREFERENCES_LINK_KEY];
    for (const row of rows) {
      const event = readLearningEvent(row);
      if (event) keys.push(await personKey(event.learner.email));
    }
    return keys;
  },

  async process(row, round) {
    const event = readLearningEvent(row);
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
      if (found === "later") return { kind: "handover", reason: "lookups_paced" };
      if (!found) {
        round.activity(unmatchedActivity(event));
        return { kind: "done", outcome: "skipped:unmatched" };
      }
      const result = await deliverLearning({
        ctx,
        pacer: round.pacer,
        id: row.id,
        since: row.received_at,
        suspect: isSuspect(row),
        event,
        found,
        remember: (r) => round.remember([r]),
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
      if (!(err instanceof SlackCallError)) throw err;
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
  return { kind: "retry", error: "restricted_too_many", delayMs: RESTRICTED_RETRY_MS };
}

function failure(round: Round, err: SlackCallError, event: LearningEvent): Outcome {
  const decision = decide(round, err, null);
  switch (decision.kind) {
    case "learner_unavailable":
      round.activity(
        unmatchedActivity(event, `belongs to a Slack account that cannot get DMs (${err.code})`),
      );
      return { kind: "done", outcome: "skipped:learner_unavailable" };
    case "give_up":
      round.activity({
        kind: "error",
        source: "learning",
        code: err.code,
        detail: `Slack refused the notification for event ${event.id}: ${err.code}`,
        context: { event: event.id, type: event.type },
        remediation: "unexpected",
      });
      return { kind: "give_up", error: err.code };
    case "retry":
      if (decision.note === "missing_scope") {
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
      return {
        kind: "retry",
        error: err.code,
        delayMs: decision.delayMs,
        suspect: decision.suspect,
      };
    case "block_channel":
    case "join_then_retry":
      // A DM channel: nothing an admin adds the app to; try again later.
      return { kind: "retry", error: err.code };
  }
}
