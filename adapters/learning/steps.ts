/**
 * Path-step messages (L6) and their record in scheduled_steps: scheduling one exactly once in the
 * learner's DM, keeping one that is beyond Slack's 120-day window, and cancelling or pausing them.
 * Times in rows are epoch milliseconds (post_at, updated_at); expires_at is epoch seconds.
 */
import * as z from "zod/mini";
import type { ScheduledStepRow } from "../../datastores/scheduled_steps.ts";
import type { SlackMessage } from "../../domain/intents.ts";
import type { LearningEvent } from "../../domain/learning/event.ts";
import type { AppContext } from "../context.ts";
import { getRow, putRow, queryAll } from "../datastore/records.ts";
import { STEPS } from "../datastore/specs.ts";
import { slackCall, slackCallOr } from "../slack/client.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

const Scheduled = z.object({ scheduled_message_id: z.string().check(z.minLength(1)) });
const ScheduledPage = z.object({
  scheduled_messages: z.optional(z.array(z.object({
    id: z.string(),
    post_at: z.number(),
    text: z.optional(z.string()),
  }))),
  response_metadata: z.optional(z.object({ next_cursor: z.optional(z.string()) })),
});

/** A step's row outlives its time by two weeks (a late retry of its event still finds it). */
const KEEP_AFTER_S = 14 * 86_400;

export function stepExpiry(postAt: number): number {
  return Math.floor(postAt / 1000) + KEEP_AFTER_S;
}

export async function getStep(ctx: Ctx, id: string): Promise<ScheduledStepRow | null> {
  return await getRow(ctx, STEPS, id);
}

/**
 * Schedules the step in the learner's DM and records it. With `lookFirst` (an earlier attempt may
 * have reached Slack), an identical message already scheduled for that time is adopted instead.
 * chat.scheduleMessage takes no metadata here: Slack does not post scheduled messages that carry it.
 */
export async function scheduleStep(
  ctx: Ctx,
  input: {
    id: string;
    userId: string;
    channelId: string;
    postAt: number;
    message: SlackMessage;
    event: LearningEvent;
    lookFirst: boolean;
  },
): Promise<{ scheduledMessageId: string; found: boolean }> {
  const postAtS = Math.floor(input.postAt / 1000);
  let id = input.lookFirst
    ? await findScheduled(ctx, input.channelId, postAtS, input.message.text)
    : null;
  const found = id !== null;
  if (!id) {
    const res = await slackCall(ctx, "chat.scheduleMessage", {
      channel: input.channelId,
      post_at: postAtS,
      text: input.message.text,
      blocks: input.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    const scheduled = Scheduled.safeParse(res);
    if (!scheduled.success) {
      throw new TypeError("Cannot schedule a path step: Slack returned no scheduled_message_id");
    }
    id = scheduled.data.scheduled_message_id;
  }
  await putRow(ctx, STEPS, {
    id: input.id,
    status: "scheduled",
    user_id: input.userId,
    channel_id: input.channelId,
    post_at: input.postAt,
    scheduled_message_id: id,
    event_json: JSON.stringify(input.event),
    updated_at: Date.now(),
    expires_at: stepExpiry(input.postAt),
  });
  return { scheduledMessageId: id, found };
}

async function findScheduled(
  ctx: Ctx,
  channel: string,
  postAtS: number,
  text: string,
): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await slackCall(ctx, "chat.scheduledMessages.list", {
      channel,
      // Slack wants oldest < latest.
      oldest: postAtS - 1,
      latest: postAtS + 1,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    const parsed = ScheduledPage.safeParse(res);
    if (!parsed.success) return null;
    const match = parsed.data.scheduled_messages?.find((m) =>
      m.post_at === postAtS && m.text === text
    );
    if (match) return match.id;
    cursor = parsed.data.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return null;
}

/** Keeps a step Slack cannot take yet (beyond 120 days, or too many in that window) for maintenance. */
export async function keepWaiting(
  ctx: Ctx,
  input: {
    id: string;
    userId: string;
    channelId?: string;
    postAt: number;
    event: LearningEvent;
    detail?: string;
  },
): Promise<void> {
  await putRow(ctx, STEPS, {
    id: input.id,
    status: "waiting",
    user_id: input.userId,
    ...(input.channelId ? { channel_id: input.channelId } : {}),
    post_at: input.postAt,
    event_json: JSON.stringify(input.event),
    ...(input.detail ? { detail: input.detail.slice(0, 500) } : {}),
    updated_at: Date.now(),
    expires_at: stepExpiry(input.postAt),
  });
}

/** Records what became of a step (posted late, skipped, cancelled...). */
export async function markStep(
  ctx: Ctx,
  row: ScheduledStepRow,
  patch: Partial<Omit<ScheduledStepRow, "id">>,
): Promise<ScheduledStepRow> {
  const next: ScheduledStepRow = { ...row, ...patch, updated_at: Date.now() };
  if (patch.detail !== undefined) next.detail = patch.detail.slice(0, 500);
  await putRow(ctx, STEPS, next);
  return next;
}

/** Deletes a scheduled message; one already posted or deleted is not an error. */
async function unschedule(ctx: Ctx, row: ScheduledStepRow): Promise<boolean> {
  if (!row.scheduled_message_id || !row.channel_id) return false;
  const res = await slackCallOr(ctx, "chat.deleteScheduledMessage", {
    channel: row.channel_id,
    scheduled_message_id: row.scheduled_message_id,
  }, ["invalid_scheduled_message_id"]);
  return res.ok;
}

/** L5: a learner muted path steps; their pending steps are cancelled. Returns how many. */
export async function cancelLearnerSteps(
  ctx: Ctx,
  userId: string,
  reason: string,
): Promise<number> {
  const now = Date.now();
  const rows = await queryAll(ctx, STEPS, {
    expression: "#u = :u AND (#s = :scheduled OR #s = :waiting)",
    attributes: { "#u": "user_id", "#s": "status" },
    values: { ":u": userId, ":scheduled": "scheduled", ":waiting": "waiting" },
  });
  let cancelled = 0;
  for (const row of rows) {
    // A scheduled message whose time has passed was posted already: nothing to cancel.
    if (row.status === "scheduled" && row.post_at <= now) continue;
    if (row.status === "scheduled") await unschedule(ctx, row);
    // Written at once, so a row never says "scheduled" for a message that no longer exists.
    const { scheduled_message_id: _gone, ...rest } = row;
    await putRow(ctx, STEPS, {
      ...rest,
      status: "cancelled",
      detail: reason,
      updated_at: Date.now(),
    });
    cancelled++;
  }
  ctx.log.info("steps_cancelled", { count: cancelled, reason });
  return cancelled;
}

/**
 * L1, L7: while learning notifications (or path steps) are off, nothing may be posted, and Slack
 * would post a scheduled message anyway. Scheduled steps go back to waiting; maintenance schedules
 * them again once the integration is back on (those whose time passed meanwhile are skipped).
 */
export async function pauseScheduledSteps(ctx: Ctx, reason: string): Promise<number> {
  const now = Date.now();
  const rows = await queryAll(ctx, STEPS, {
    expression: "#s = :scheduled AND #p > :now",
    attributes: { "#s": "status", "#p": "post_at" },
    values: { ":scheduled": "scheduled", ":now": now },
  });
  let paused = 0;
  for (const row of rows) {
    if (!ctx.budget.has(5_000)) break;
    await unschedule(ctx, row);
    const { scheduled_message_id: _gone, ...rest } = row;
    await putRow(ctx, STEPS, {
      ...rest,
      status: "waiting",
      detail: `paused:${reason}`,
      updated_at: Date.now(),
    });
    paused++;
  }
  if (paused > 0) ctx.log.info("steps_paused", { count: paused, reason });
  return paused;
}
