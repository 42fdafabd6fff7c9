/**
 * Renders webinar events into Slack messages. External text goes only into plain_text and rich_text
 * text elements (never parsed as mrkdwn), so names like "*bold*" or "<!channel>" stay literal and
 * ping nobody; the notification fallback is mrkdwn-escaped.
 */
import type { KnownBlock, RichTextElement } from "@slack/types";
import { type Locale, t } from "../i18n/mod.ts";
import { WEBINAR_TEXT as W } from "../i18n/webinar.ts";
import type { SlackMessage } from "../intents.ts";
import { bold, plain, richDate } from "../rich_text.ts";
import { clip, escapeMrkdwn, safeUrl, slackDate } from "../text.ts";
import type { AttendeeEvent } from "./event.ts";
import { eventTime } from "./event.ts";

const DATE_FORMAT = "{date_short_pretty} {time}";

const date = (ms: number): RichTextElement => richDate(ms, DATE_FORMAT);

/** Keeps a fallback within Slack's limits and inert. */
function fallback(text: string): string {
  return escapeMrkdwn(clip(text, 3000));
}

function chatUrl(e: AttendeeEvent): string | null {
  return safeUrl(e.attendee.chat_url) ?? safeUrl(e.webinar.chat_url);
}

/** W1: the one message per attendee; everything later goes into its thread. W4: "Reply in chat". */
export function renderParent(e: AttendeeEvent, locale: Locale): SlackMessage {
  const name = e.attendee.name;
  const joined = e.attendee.joined_at ? Date.parse(e.attendee.joined_at) : null;
  const headline = e.type === "attendee.chat_message"
    ? W.parentChatting
    : e.type === "attendee.registered"
    ? W.parentRegistered
    : W.parentJoined;
  const details: RichTextElement[] = [
    bold(`${t(locale, W.labelEmail)}: `),
    plain(`${e.attendee.email}\n`),
    bold(`${t(locale, W.labelWebinar)}: `),
    plain(`${clip(e.webinar.title, 500)}\n`),
    bold(`${t(locale, W.labelSessionType)}: `),
    plain(`${e.session.type}\n`),
    bold(`${t(locale, W.labelSessionStart)}: `),
    date(Date.parse(e.session.starts_at)),
    plain("\n"),
  ];
  if (joined !== null) details.push(bold(`${t(locale, W.labelJoined)}: `), date(joined));
  else details.push(bold(`${t(locale, W.labelRegistered)}: `), date(eventTime(e)));
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
export function renderThreadMessage(
  e: AttendeeEvent,
  locale: Locale,
  isFirst: boolean,
): SlackMessage | null {
  const name = e.attendee.name;
  const at = eventTime(e);
  switch (e.type) {
    case "attendee.registered":
      if (isFirst) return null;
      return note(
        `📝 ${t(locale, W.registeredNote)}`,
        at,
        fallback(`${name}: ${t(locale, W.registeredNote)}`),
      );
    case "attendee.joined":
      if (isFirst) return null;
      return note(
        `✅ ${t(locale, W.joinedNote)}`,
        e.attendee.joined_at ? Date.parse(e.attendee.joined_at) : at,
        fallback(`${name}: ${t(locale, W.joinedNote)}`),
      );
    case "attendee.chat_message":
      return {
        text: fallback(t(locale, W.chatFallback, { name, text: e.message.text })),
        blocks: [
          {
            type: "rich_text",
            elements: [
              {
                type: "rich_text_section",
                elements: [bold(`💬 ${t(locale, W.chatLabel)} · `), date(at)],
              },
              { type: "rich_text_quote", elements: [plain(clip(e.message.text, 3900))] },
            ],
          },
        ],
      };
    case "attendee.interaction_response": {
      const kind = interactionLabel(e.interaction.kind, locale);
      return {
        text: fallback(
          t(locale, W.interactionFallback, {
            name,
            kind: kind.toLowerCase(),
            title: e.interaction.title,
            response: e.interaction.response,
          }),
        ),
        blocks: [
          {
            type: "rich_text",
            elements: [
              {
                type: "rich_text_section",
                elements: [
                  bold(`📊 ${kind}: `),
                  plain(clip(e.interaction.title, 500)),
                  plain(" · "),
                  date(at),
                ],
              },
              { type: "rich_text_quote", elements: [plain(clip(e.interaction.response, 3000))] },
            ],
          },
        ],
      };
    }
  }
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
