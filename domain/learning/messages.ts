/**
 * Renders a learning notification as the seed's anatomy (L3, L4): the platform group as sender, the
 * notification title, the session title, its description cut at 200 characters, the cover image
 * unless it is the default one or an SVG, start and end dates, an "Open session" button, and a way
 * to manage notifications (L5). Outside text goes only into plain_text and rich_text text elements
 * (never parsed as mrkdwn); the fallback text is mrkdwn-escaped.
 */
import type { ContextBlockElement, KnownBlock, RichTextElement } from "@slack/types";
import { LEARNING_TEXT as L } from "../i18n/learning.ts";
import { type Locale, t } from "../i18n/mod.ts";
import type { SlackMessage } from "../intents.ts";
import { bold, plain, richDate } from "../rich_text.ts";
import { clip, escapedLength, escapeMrkdwn, safeUrl, truncate } from "../text.ts";
import type { LearningEvent } from "./event.ts";

export const DESCRIPTION_MAX = 200;
export const OPEN_SESSION_ACTION = "open_session";
export const MANAGE_NOTIFICATIONS_ACTION = "manage_notifications";
/** Block ids, so the parts of a notification can be found (tests, the sandbox page). */
export const BLOCKS = {
  identity: "lrn_identity",
  title: "lrn_title",
  session: "lrn_session",
  cover: "lrn_cover",
  dates: "lrn_dates",
  actions: "lrn_actions",
  preferences: "lrn_preferences",
} as const;

const DATE_FORMAT = "{date_long_pretty} {time}";

export type Sender = { username: string; iconUrl: string | null };

export type RenderOptions = {
  locale: Locale;
  /** The “My notifications” link trigger, or null when it cannot be found. */
  preferencesUrl: string | null;
  /**
   * "sender": posted with the group as username and icon (chat.postMessage). "inline": scheduled
   * with chat.scheduleMessage, which cannot set a sender, so the group heads the message instead.
   */
  identity: "sender" | "inline";
  /** False after Slack refused the blocks because it could not fetch an image. */
  images: boolean;
};

/** L3: the platform group's name and logo, as the message's sender. */
export function senderOf(e: LearningEvent): Sender {
  // The contract counts 80 characters as code points; Slack's username limit counts UTF-16 units.
  return { username: clip(e.group.name, 80), iconUrl: safeUrl(e.group.logo_url) };
}

/** L4: the description, cut at 200 characters (graphemes) at a word boundary, ending with "…". */
export function cutDescription(description: string): { text: string; cut: boolean } {
  return truncate(description.trim(), DESCRIPTION_MAX);
}

/** True for an SVG file by its path, whatever the letter case, query string or fragment. */
export function isSvgUrl(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the raw path.
  }
  return /\.svgz?$/i.test(path);
}

/** L4: the cover image to show, or null for the platform's default image, an SVG or an unsafe URL. */
export function coverImageUrl(
  cover: { url: string; is_default: boolean } | undefined,
): string | null {
  if (!cover || cover.is_default) return null;
  const url = safeUrl(cover.url);
  return url && !isSvgUrl(url) ? url : null;
}

const date = (ms: number): RichTextElement => richDate(ms, DATE_FORMAT);

export function renderLearningMessage(e: LearningEvent, options: RenderOptions): SlackMessage {
  const { locale } = options;
  const s = e.session;
  const blocks: KnownBlock[] = [];
  if (options.identity === "inline") {
    const sender = senderOf(e);
    const elements: ContextBlockElement[] = [];
    if (sender.iconUrl && options.images) {
      elements.push({
        type: "image",
        image_url: sender.iconUrl,
        alt_text: clip(t(locale, L.logoAlt, { group: e.group.name }), 2000),
      });
    }
    elements.push({ type: "plain_text", text: e.group.name, emoji: false });
    blocks.push({ type: "context", block_id: BLOCKS.identity, elements });
  }
  blocks.push({
    type: "header",
    block_id: BLOCKS.title,
    text: { type: "plain_text", text: clip(e.notification.title, 150), emoji: false },
  });
  const session: RichTextElement[] = [bold(s.title)];
  const description = s.description ? cutDescription(s.description).text : "";
  if (description) session.push(plain("\n"), plain(description));
  blocks.push({
    type: "rich_text",
    block_id: BLOCKS.session,
    elements: [{ type: "rich_text_section", elements: session }],
  });
  const cover = options.images ? coverImageUrl(s.cover_image) : null;
  if (cover) {
    blocks.push({
      type: "image",
      block_id: BLOCKS.cover,
      image_url: cover,
      alt_text: clip(t(locale, L.coverAlt, { session: s.title }), 2000),
    });
  }
  blocks.push({
    type: "rich_text",
    block_id: BLOCKS.dates,
    elements: [{
      type: "rich_text_section",
      elements: [
        bold(`${t(locale, L.labelStarts)} `),
        date(Date.parse(s.starts_at)),
        plain("\n"),
        bold(`${t(locale, L.labelEnds)} `),
        date(Date.parse(s.ends_at)),
      ],
    }],
  });
  // The contract only admits http(s) URLs; safeUrl also normalises and bounds the length.
  const sessionUrl = safeUrl(s.url);
  const buttons: Array<Extract<KnownBlock, { type: "actions" }>["elements"][number]> = [];
  if (sessionUrl) {
    buttons.push({
      type: "button",
      action_id: OPEN_SESSION_ACTION,
      style: "primary",
      text: { type: "plain_text", text: t(locale, L.openSession) },
      url: sessionUrl,
    });
  }
  const preferencesUrl = safeUrl(options.preferencesUrl);
  if (preferencesUrl) {
    buttons.push({
      type: "button",
      action_id: MANAGE_NOTIFICATIONS_ACTION,
      text: { type: "plain_text", text: t(locale, L.manageNotifications) },
      url: preferencesUrl,
    });
  }
  if (buttons.length > 0) {
    blocks.push({ type: "actions", block_id: BLOCKS.actions, elements: buttons });
  }
  if (!preferencesUrl) {
    blocks.push({
      type: "context",
      block_id: BLOCKS.preferences,
      elements: [{ type: "plain_text", text: t(locale, L.findPreferences), emoji: false }],
    });
  }
  const fallback = t(locale, L.fallback, { title: e.notification.title, session: s.title });
  return { text: escapeMrkdwn(clip(fallback, 3000, escapedLength)), blocks };
}

/** Whether a message shows any image Slack must fetch (a failed fetch rejects the whole message). */
export function hasImages(message: SlackMessage): boolean {
  return message.blocks.some((b) =>
    b.type === "image" ||
    (b.type === "context" && b.elements.some((el) => el.type === "image"))
  );
}
