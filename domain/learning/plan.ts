/**
 * Decides what a learning event does in Slack (L1, L2, L5, L6, L7), from the event, the settings,
 * the learner (matched by email) and the clock. All the branching lives here; adapters carry it out.
 */
import { type Locale, localeFrom } from "../i18n/mod.ts";
import type { SlackMessage } from "../intents.ts";
import type { NotificationType, Settings } from "../settings.ts";
import type { LearningEvent } from "./event.ts";
import { sendAt } from "./event_time.ts";
import { renderLearningMessage, type Sender, senderOf } from "./messages.ts";

/** Slack schedules at most 120 days ahead; a step further out waits until it enters the window. */
export const SCHEDULE_LIMIT_MS = 120 * 86_400_000;
/** Kept off the limit so a step checked here is still within it when Slack receives the call. */
export const SCHEDULE_WINDOW_MS = SCHEDULE_LIMIT_MS - 3_600_000;
/** A step due sooner than this is posted at once: Slack refuses post_at in the past. */
export const SCHEDULE_MIN_LEAD_MS = 30_000;

export type Learner = {
  userId: string;
  /** The learner's Slack locale ("fr-FR"), or null when unknown. */
  slackLocale: string | null;
  isBot: boolean;
  muted: readonly NotificationType[];
};

export type SkipReason = "learning_off" | "type_disabled" | "muted";

export type LearningPlan =
  | { kind: "skip"; reason: SkipReason }
  | { kind: "unmatched" }
  /** Post now, as the group (L2, L3); `late` for a path step whose time came before it could be scheduled. */
  | {
    kind: "dm";
    userId: string;
    locale: Locale;
    message: SlackMessage;
    sender: Sender;
    late: boolean;
  }
  /** Schedule in the learner's DM (L6). */
  | { kind: "schedule"; userId: string; locale: Locale; postAt: number; message: SlackMessage }
  /** Beyond Slack's window: keep it until maintenance finds it within reach. */
  | { kind: "wait"; userId: string; postAt: number };

/** L1, L7: whether the workspace lets this type through at all (checked before any lookup). */
export function learningGate(
  type: NotificationType,
  settings: Pick<Settings, "learningEnabled" | "enabledTypes">,
): "learning_off" | "type_disabled" | null {
  if (!settings.learningEnabled) return "learning_off";
  if (!settings.enabledTypes[type]) return "type_disabled";
  return null;
}

export function planLearningEvent(
  event: LearningEvent,
  input: {
    settings: Pick<Settings, "learningEnabled" | "enabledTypes">;
    learner: Learner | null;
    now: number;
    preferencesUrl: string | null;
    /** False after Slack could not fetch an image of an earlier rendering. */
    images?: boolean;
  },
): LearningPlan {
  const gate = learningGate(event.type, input.settings);
  if (gate) return { kind: "skip", reason: gate };
  const { learner } = input;
  if (!learner || learner.isBot) return { kind: "unmatched" };
  // L5: a muted type is never sent to that learner.
  if (learner.muted.includes(event.type)) return { kind: "skip", reason: "muted" };
  const locale = localeFrom(learner.slackLocale);
  const render = (identity: "sender" | "inline") =>
    renderLearningMessage(event, {
      locale,
      preferencesUrl: input.preferencesUrl,
      identity,
      images: input.images ?? true,
    });
  const dm = (late: boolean): LearningPlan => ({
    kind: "dm",
    userId: learner.userId,
    locale,
    message: render("sender"),
    sender: senderOf(event),
    late,
  });
  if (event.type !== "path_step") return dm(false);
  const postAt = sendAt(event);
  if (postAt - input.now < SCHEDULE_MIN_LEAD_MS) return dm(true);
  if (postAt - input.now > SCHEDULE_WINDOW_MS) {
    return { kind: "wait", userId: learner.userId, postAt };
  }
  return { kind: "schedule", userId: learner.userId, locale, postAt, message: render("inline") };
}
