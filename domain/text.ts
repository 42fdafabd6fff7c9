/**
 * Making outside text safe and well-shaped for Slack: mrkdwn escaping, grapheme-safe truncation,
 * date tokens with a readable fallback, and URL checks.
 */

/** In mrkdwn only &, < and > are control characters (PLATFORM.md 8); nothing else is encoded. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export const ELLIPSIS = "…";

/**
 * Cuts text to at most `max` characters (graphemes, so an emoji or an accented letter is never
 * split), at a word boundary when there is one in the last third, ending with "…". Text that fits
 * is returned unchanged. `cut` tells whether anything was removed.
 */
export function truncate(text: string, max: number): { text: string; cut: boolean } {
  const parts = graphemes(text);
  if (parts.length <= max) return { text, cut: false };
  return { text: cutAt(parts, Math.max(0, max - 1)), cut: true };
}

/** The first `room` graphemes (fewer at a word boundary in the last third), then "…". */
function cutAt(parts: readonly string[], room: number): string {
  let end = room;
  // Back off to the last whitespace if the cut would fall inside a word.
  if (!/\s/.test(parts[room] ?? " ")) {
    for (let i = room; i > Math.floor(room * 2 / 3); i--) {
      if (/\s/.test(parts[i - 1]!)) {
        end = i - 1;
        break;
      }
    }
  }
  const kept = parts.slice(0, end).join("").trimEnd().replace(/[,;:]+$/u, "");
  return `${kept}${ELLIPSIS}`;
}

/**
 * Cut for Slack's hard limits (header 150, block text 3,000, button labels 75...). Slack counts
 * UTF-16 units, where an emoji takes two or more and a letter with combining marks one per mark, so
 * the result is at most `max` units; it never splits a grapheme and ends with "…" when cut.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const parts = graphemes(text);
  let room = 0;
  let units = ELLIPSIS.length;
  while (room < parts.length && units + parts[room]!.length <= max) units += parts[room++]!.length;
  return cutAt(parts, room);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-01-01 09:30 UTC": the fallback Slack shows where it cannot render a date token. */
export function utcFallback(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${
    pad(d.getUTCHours())
  }:${pad(d.getUTCMinutes())} UTC`;
}

/** A date every reader sees in their own time zone (`<!date^…>`), with a UTC fallback. */
export function slackDate(epochMs: number, tokens = "{date_short_pretty} {time}"): string {
  return `<!date^${Math.floor(epochMs / 1000)}^${tokens}|${utcFallback(epochMs)}>`;
}

/** Only http and https URLs within Slack's 3,000-character limit reach buttons and images. */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 3000) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href.length > 3000 ? null : url.href;
}

/** Mentions and links in text people typed in Slack, made readable for someone outside Slack. */
export function slackTextToPlain(
  text: string,
  names: (id: string) => string | undefined = () => undefined,
): string {
  return text
    .replace(
      /<@([A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_m, id: string, label?: string) => `@${label || names(id) || "someone"}`,
    )
    .replace(
      /<#([A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_m, _id: string, label?: string) => `#${label || "channel"}`,
    )
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, (_m, w: string) => `@${w}`)
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, label?: string) => label || "@team")
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, (_m, fallback: string) => fallback)
    .replace(
      /<((?:https?|mailto):[^|>]+)\|([^>]+)>/g,
      (_m, url: string, label: string) => label === url ? url : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, (_m, url: string) => url)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
