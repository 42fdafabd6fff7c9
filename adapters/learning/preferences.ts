/**
 * Each learner's muted notification types (L5), for the “My notifications” modal and for
 * delivery. They live in the learner's person row of the ledger (adapters/people.ts), keyed by their
 * Slack email, so that delivering a notification finds them in the read it makes anyway. Muting path
 * steps also cancels the ones already scheduled or waiting for that learner.
 */
import {
  isNotificationType,
  NOTIFICATION_TYPES,
  type NotificationType,
} from "../../domain/settings.ts";
import type { AppContext } from "../context.ts";
import { getRow, updateRow } from "../datastore/records.ts";
import { LEDGER } from "../datastore/specs.ts";
import { personKey } from "../people.ts";
import { slackCall } from "../slack/client.ts";
import { cancelLearnerSteps } from "./steps.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

/** Kept for good: a choice the learner made (Slack's TTL needs a time; ten years will do). */
const CHOICE_KEEP_S = 10 * 365 * 86_400;

const known = (values: readonly string[] | undefined): NotificationType[] =>
  NOTIFICATION_TYPES.filter((t) => values?.includes(t));

/** The email on the learner's Slack profile (what learning platforms send), or null. */
async function profileEmail(ctx: Ctx, userId: string): Promise<string | null> {
  const res = await slackCall(ctx, "users.info", { user: userId });
  const email = (res.user as { profile?: { email?: string } } | undefined)?.profile?.email;
  return email?.trim() ? email : null;
}

/** The types this learner muted (none when they never chose). */
export async function loadMuted(ctx: Ctx, userId: string): Promise<NotificationType[]> {
  const email = await profileEmail(ctx, userId);
  if (!email) return [];
  const row = await getRow(ctx, LEDGER, await personKey(email));
  return known(row?.muted);
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
  const email = await profileEmail(ctx, userId);
  if (!email) {
    throw new TypeError("Cannot save notification preferences: the Slack profile has no email");
  }
  const nowS = Math.floor(Date.now() / 1000);
  // Merged into the person row: the user id, locale and DM it caches stay as they are. `at: 0`
  // makes the next delivery look the person up again (the row may be new).
  await updateRow(ctx, LEDGER, {
    id: await personKey(email),
    user_id: userId,
    muted: known(muted),
    at: 0,
    expires_at: nowS + (muted.length > 0 ? CHOICE_KEEP_S : 30 * 86_400),
  });
  if (!muted.includes("path_step")) return { cancelledSteps: 0 };
  return { cancelledSteps: await cancelLearnerSteps(ctx, userId, "muted_by_learner") };
}
