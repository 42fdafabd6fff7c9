/**
 * Renders webinar events into Slack messages. External text goes only into plain_text and rich_text
 * text elements (never parsed as mrkdwn), so names like "*bold*" or "<!channel>" stay literal and
 * ping nobody; the notification fallback is mrkdwn-escaped.
 *
 * A chat message or an interaction response is shown whole, never cut: its text is split into
 * rich_text elements of at most 3,000 UTF-16 units, and into several messages when one would carry
 * more than MESSAGE_TEXT_MAX units of text (Slack refuses near 13,000 with msg_blocks_too_long).
 */
import type { KnownBlock, RichTextElement } from "@slack/types";
import { type Locale, t } from "../i18n/mod.ts";
import { SESSION_TYPES, WEBINAR_TEXT as W } from "../i18n/webinar.ts";
import type { SlackMessage } from "../intents.ts";
import { bold, plain, richDate } from "../rich_text.ts";
import {
  BLOCK_TEXT_MAX,
  clip,
  escapedLength,
  escapeMrkdwn,
  safeUrl,
  slackDate,
  splitText,
} from "../text.ts";
import type { AttendeeEvent } from "./event.ts";
import { eventTime, joinTime } from "./event_time.ts";

const DATE_FORMAT = "{date_short_pretty} {time}";

const date = (ms: number): RichTextElement => richDate(ms, DATE_FORMAT);

/**
 * The most text one message carries across its blocks, in UTF-16 units. Slack's msg_blocks_too_long
 * is undocumented: reported near 13,300 for markdown blocks alone and at 11,341 for rich_text with
 * sections (slackapi/bolt-js#2509, #2867). 10,200 holds the contract's longest chat message in
 * ordinary characters (10,000) with its label, and stays at least 1,100 under every report.
 */
export const MESSAGE_TEXT_MAX = 10_200;

/** The notification text: a preview, within 3,000 units once escaped, never cut inside an escape. */
function fallback(text: string): string {
  return escapeMrkdwn(clip(text, 3000, escapedLength));
}

function chatUrl(e: AttendeeEvent): string | null {
  return safeUrl(e.attendee.chat_url) ?? safeUrl(e.webinar.chat_url);
}

/**
 * W1: the one message per attendee; everything later goes into its thread. W4: "Reply in chat".
 * `registeredAt`: when re-rendered after a join, the registration time the first version showed,
 * kept beside the join time; `openedBy`: the event type whose headline it keeps.
 */
export function renderParent(
  e: AttendeeEvent,
  locale: Locale,
  options: { registeredAt?: number | null; openedBy?: string | null } = {},
): SlackMessage {
  const name = e.attendee.name;
  // An updated parent keeps the headline of the event that opened the thread.
  const type = options.openedBy ?? e.type;
  const joined = joinTime(e);
  const headline = type === "attendee.chat_message"
    ? W.parentChatting
    : type === "attendee.registered"
    ? W.parentRegistered
    : W.parentJoined;
  const details: RichTextElement[] = [
    bold(`${t(locale, W.labelEmail)} `),
    plain(`${e.attendee.email}\n`),
    bold(`${t(locale, W.labelWebinar)} `),
    plain(`${clip(e.webinar.title, 500)}\n`),
    bold(`${t(locale, W.labelSessionType)} `),
    plain(`${sessionTypeLabel(e.session.type, locale)}\n`),
    bold(`${t(locale, W.labelSessionStart)} `),
    date(Date.parse(e.session.starts_at)),
    plain("\n"),
  ];
  const registered = joined === null ? eventTime(e) : options.registeredAt ?? null;
  if (registered !== null) {
    details.push(bold(`${t(locale, W.labelRegistered)} `), date(registered));
    if (joined !== null) details.push(plain("\n"));
  }
  if (joined !== null) details.push(bold(`${t(locale, W.labelJoined)} `), date(joined));
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(name, 150), emoji: false } },
    { type: "rich_text", elements: [{ type: "rich_text_section", elements: details }] },
  ];
  const url = chatUrl(e);
  if (url) {
    blocks.push({
      type: "actions",
      elements: [{
        type: "button",
        action_id: "reply_in_chat",
        style: "primary",
        text: { type: "plain_text", text: t(locale, W.replyInChat) },
        url,
      }],
    });
  }
  blocks.push({
    type: "context",
    elements: [{
      type: "plain_text",
      text: clip(t(locale, W.threadHint, { name }), 3000),
      emoji: false,
    }],
  });
  return { text: fallback(t(locale, headline, { name, webinar: e.webinar.title })), blocks };
}

/**
 * A session type in the reader's language when it is one the contract names ("on_demand", also
 * written "on-demand" or "On demand"), else exactly as the platform sent it.
 */
export function sessionTypeLabel(type: string, locale: Locale): string {
  const key = type.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return Object.hasOwn(SESSION_TYPES, key) ? t(locale, SESSION_TYPES[key]!) : type;
}

function interactionLabel(kind: string, locale: Locale): string {
  const entry = {
    poll: W.interactionPoll,
    question: W.interactionQuestion,
    offer: W.interactionOffer,
    handout: W.interactionHandout,
    quiz: W.interactionQuiz,
  }[kind] ?? W.interactionOther;
  return t(locale, entry);
}

/** What an event adds to the attendee's thread, or null when the parent already says it all. */
export function renderThreadMessages(
  e: AttendeeEvent,
  locale: Locale,
  isFirst: boolean,
): SlackMessage[] {
  const name = e.attendee.name;
  const at = eventTime(e);
  switch (e.type) {
    case "attendee.registered":
      if (isFirst) return [];
      return [note(
        `📝 ${t(locale, W.registeredNote)}`,
        at,
        fallback(`${name}: ${t(locale, W.registeredNote)}`),
      )];
    case "attendee.joined":
      if (isFirst) return [];
      return [note(
        `✅ ${t(locale, W.joinedNote)}`,
        e.attendee.joined_at ? Date.parse(e.attendee.joined_at) : at,
        fallback(`${name}: ${t(locale, W.joinedNote)}`),
      )];
    case "attendee.chat_message":
      return quoted({
        head: (part) => [bold(`💬 ${t(locale, W.chatLabel)}${part} · `), date(at)],
        headText: "",
        body: e.message.text,
        fallback: (text) => fallback(t(locale, W.chatFallback, { name, text })),
        locale,
      });
    case "attendee.interaction_response": {
      const kind = interactionLabel(e.interaction.kind, locale);
      return quoted({
        head: (part) => [
          bold(`📊 ${t(locale, W.interactionHeading, { kind, part })} `),
          plain(e.interaction.title),
          plain(" · "),
          date(at),
        ],
        headText: e.interaction.title,
        body: e.interaction.response,
        fallback: (response) =>
          fallback(
            t(locale, W.interactionFallback, {
              name,
              kind: kind.toLowerCase(),
              title: e.interaction.title,
              response,
            }),
          ),
        locale,
      });
    }
  }
}

/** Room left in each message for our own labels ("💬 Message de chat (2/2) · "); tested. */
export const LABELS_MAX = 100;

/**
 * A heading line and outside text quoted under it, whole: the text in rich_text elements of at most
 * 3,000 units, and in as many messages as MESSAGE_TEXT_MAX needs. `head` gets "" for a single
 * message, else " (1/2)", " (2/2)"...
 */
function quoted(options: {
  head: (part: string) => RichTextElement[];
  /** The outside text in the heading (an interaction's title); our labels fit LABELS_MAX. */
  headText: string;
  body: string;
  fallback: (text: string) => string;
  locale: Locale;
}): SlackMessage[] {
  const { head, body, locale } = options;
  // The room for the text depends on the event only, not on the language of the labels: the same
  // event is split the same way on every attempt, whatever the settings say by then.
  const room = MESSAGE_TEXT_MAX - LABELS_MAX - options.headText.length;
  const pieces = body.length > room ? splitText(body, room) : [body];
  return pieces.map((piece, i) => {
    const part = pieces.length === 1
      ? ""
      : ` ${t(locale, W.partOf, { part: i + 1, parts: pieces.length })}`;
    return {
      text: options.fallback(piece),
      blocks: [{
        type: "rich_text",
        elements: [
          { type: "rich_text_section", elements: head(part) },
          {
            type: "rich_text_quote",
            elements: splitText(piece, BLOCK_TEXT_MAX).map((chunk) => plain(chunk)),
          },
        ],
      }],
    };
  });
}

function note(label: string, at: number, text: string): SlackMessage {
  return {
    text,
    blocks: [{
      type: "context",
      elements: [{ type: "mrkdwn", text: `${label} · ${slackDate(at)}` }],
    }],
  };
}

/**
 * W7: tells a reply's writer, by mention, that it went out under the primary moderator's name
 * because they are not a moderator of the webinar. Names are the platform's: escaped.
 */
export function renderRepliedAsPrimary(
  writerId: string,
  attendeeName: string,
  primaryName: string,
  locale: Locale,
): SlackMessage {
  const text = t(locale, W.repliedAsPrimary, { name: attendeeName, primary: primaryName });
  const mention = /^[UW][A-Z0-9]+$/.test(writerId) ? `<@${writerId}> ` : "";
  return {
    text: `${mention}${fallback(`ℹ️ ${text}`)}`,
    blocks: [{
      type: "context",
      elements: [{
        type: "mrkdwn",
        text: `ℹ️ ${mention}${escapeMrkdwn(clip(text, 2900, escapedLength))}`,
      }],
    }],
  };
}

/** Shown in the thread when a reply could not reach the attendee (W3). */
export function renderReplyFailed(
  name: string,
  reason: string,
  locale: Locale,
  later: boolean,
): SlackMessage {
  const text = t(locale, later ? W.replyFailedLater : W.replyFailed, { name, reason });
  return {
    text: fallback(`⚠️ ${text}`),
    blocks: [{
      type: "context",
      elements: [{ type: "plain_text", text: clip(`⚠️ ${text}`, 3000), emoji: true }],
    }],
  };
}
