/**
 * Decides what a webinar event does in Slack (W1, W2, W5, W6, W8), from the event, the settings and
 * the attendee's existing thread. All the branching lives here; adapters only carry it out.
 */
import type { SlackMessage } from "../intents.ts";
import type { Settings } from "../settings.ts";
import type { AttendeeEvent } from "./event.ts";
import { joinTime } from "./event_time.ts";
import { renderParent, renderThreadMessages } from "./messages.ts";

export type ThreadRef = {
  channelId: string;
  threadTs: string;
  /** The join time the parent shows (null: none yet), and when the attendee registered. */
  joinedAt?: number | null;
  registeredAt?: number | null;
  openedBy?: string | null;
};

export type ChannelTarget =
  | { mode: "single"; channelId: string }
  | { mode: "per_webinar"; webinarId: string; title: string; prefix: string };

/**
 * `messages` and `firstMessages` are what to post, in order: usually one message, several for a chat
 * message or response too long for one (each within Slack's limits); `firstMessages` may be empty
 * (the parent says it all).
 */
export type WebinarPlan =
  | { kind: "skip"; reason: "relay_off" | "waiting_for_chat" | "nothing_new" }
  | { kind: "not_configured" }
  | {
    kind: "in_thread";
    thread: ThreadRef;
    messages: SlackMessage[];
    /** W1: the parent again, now with the join time, to update in place (no new notification). */
    parent?: { message: SlackMessage; joinedAt: number };
  }
  | {
    kind: "new_thread";
    target: ChannelTarget;
    parent: SlackMessage;
    firstMessages: SlackMessage[];
  };

export function planAttendeeEvent(
  event: AttendeeEvent,
  settings: Settings,
  thread: ThreadRef | null,
): WebinarPlan {
  const locale = settings.language;
  // W8: an existing conversation stays where it is, whatever the settings say now.
  if (thread) {
    const messages = renderThreadMessages(event, locale, false);
    const joinedAt = joinTime(event);
    // W1: the parent of an attendee who registered first learns when they joined, once.
    const parent = joinedAt !== null && (thread.joinedAt ?? null) === null
      ? {
        message: renderParent(event, locale, {
          registeredAt: thread.registeredAt ?? null,
          openedBy: thread.openedBy ?? null,
        }),
        joinedAt,
      }
      : undefined;
    if (messages.length === 0 && !parent) return { kind: "skip", reason: "nothing_new" };
    return { kind: "in_thread", thread, messages, ...(parent ? { parent } : {}) };
  }
  if (!settings.webinarEnabled) return { kind: "skip", reason: "relay_off" };
  // W5: with "only surface attendees who start chatting", registering or joining is not enough.
  if (
    settings.surfaceOnChat && event.type !== "attendee.chat_message" &&
    event.type !== "attendee.interaction_response"
  ) {
    return { kind: "skip", reason: "waiting_for_chat" };
  }
  let target: ChannelTarget;
  if (settings.channelMode === "per_webinar") {
    target = {
      mode: "per_webinar",
      webinarId: event.webinar.id,
      title: event.webinar.title,
      prefix: settings.channelPrefix,
    };
  } else if (settings.channelId) {
    target = { mode: "single", channelId: settings.channelId };
  } else {
    return { kind: "not_configured" };
  }
  return {
    kind: "new_thread",
    target,
    parent: renderParent(event, locale),
    firstMessages: renderThreadMessages(event, locale, true),
  };
}
