/**
 * Each learner's muted notification types (L5), for the “My notifications” modal and for
 * delivery. Muting path steps also cancels the ones already scheduled or waiting for that learner.
 */
import { isNotificationType } from "../../domain/learning/event.ts";
import { NOTIFICATION_TYPES, type NotificationType } from "../../domain/settings.ts";
import type { AppContext } from "../context.ts";
import { getRow, getRows, putRow } from "../datastore/records.ts";
import { PREFERENCES } from "../datastore/specs.ts";
import { cancelLearnerSteps } from "./steps.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "ms" | "log">;

const known = (values: readonly string[]): NotificationType[] =>
  NOTIFICATION_TYPES.filter((t) => values.includes(t));

/** The types this learner muted (none when they never chose). */
export async function loadMuted(ctx: Ctx, userId: string): Promise<NotificationType[]> {
  const row = await getRow(ctx, PREFERENCES, userId);
  return row ? known(row.muted) : [];
}

/** The muted types of several learners at once (one bulk read per 25 learners). */
export async function mutedByUser(
  ctx: Ctx,
  userIds: readonly string[],
): Promise<Map<string, NotificationType[]>> {
  const rows = await getRows(ctx, PREFERENCES, userIds);
  return new Map([...rows].map(([id, row]) => [id, known(row.muted)]));
}

/**
 * Saves the learner's choice. When path steps are muted, their scheduled messages are deleted
 * (chat.deleteScheduledMessage) and waiting ones dropped; `cancelledSteps` says how many.
 */
export async function saveMuted(
  ctx: Ctx,
  userId: string,
  muted: readonly NotificationType[],
): Promise<{ cancelledSteps: number }> {
  if (!/^[UW][A-Z0-9]+$/.test(userId)) {
    throw new TypeError(`Cannot save notification preferences: "${userId}" is not a user id`);
  }
  const unknown = muted.filter((m) => !isNotificationType(m));
  if (unknown.length > 0) {
    throw new TypeError(
      `Cannot save notification preferences: "${unknown[0]}" is not a notification type`,
    );
  }
  await putRow(ctx, PREFERENCES, { user_id: userId, muted: known(muted), updated_at: Date.now() });
  if (!muted.includes("path_step")) return { cancelledSteps: 0 };
  return { cancelledSteps: await cancelLearnerSteps(ctx, userId, "muted_by_learner") };
}
