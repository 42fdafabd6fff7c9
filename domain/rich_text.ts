/**
 * rich_text elements for outside text. Slack never parses a rich_text `text` element as mrkdwn, so
 * names like "*bold*" or "<!channel>" placed here stay literal and ping nobody.
 */
import type { RichTextElement } from "@slack/types";
import { utcFallback } from "./text.ts";

export const bold = (text: string): RichTextElement => ({
  type: "text",
  text,
  style: { bold: true },
});

export const plain = (text: string): RichTextElement => ({ type: "text", text });

/** A date Slack shows in the reader's own time zone, with a UTC fallback where it cannot. */
export const richDate = (ms: number, format: string): RichTextElement => ({
  type: "date",
  timestamp: Math.floor(ms / 1000),
  format,
  fallback: utcFallback(ms),
});
