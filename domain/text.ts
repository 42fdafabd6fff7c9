/**
 * Making outside text safe and well-shaped for Slack: mrkdwn escaping, grapheme-safe truncation,
 * date tokens with a readable fallback, and URL checks.
 */

/** In mrkdwn only &, < and > are control characters (PLATFORM.md 8); nothing else is encoded. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Made on first use: creating a segmenter loads ICU's break data, tens of milliseconds a cold start
 * pays in every function that imports this module, most of which never cut a text.
 */
let segmenter: Intl.Segmenter | null = null;
function segments(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
}

export function graphemes(text: string): string[] {
  return Array.from(segments(text), (s) => s.segment);
}

export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segments(text)) n++;
  return n;
}

export const ELLIPSIS = "…";

/**
 * Cuts text to at most `max` characters (graphemes, so an emoji or an accented letter is never
 * split), at a word boundary when there is one in the last third, ending with "…". Text that fits
 * is returned unchanged. `cut` tells whether anything was removed.
 */
export function truncate(text: string, max: number): { text: string; cut: boolean } {
  // A text has no more graphemes than UTF-16 units: short text fits without segmenting it.
  if (text.length <= max) return { text, cut: false };
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

/** How Slack measures text: UTF-16 units (an emoji takes two or more, a combining mark one). */
export const utf16Length = (text: string): number => text.length;

/** The length a piece of outside text takes once escaped for mrkdwn (`&` becomes `&amp;`). */
export const escapedLength = (text: string): number => escapeMrkdwn(text).length;

/**
 * Cut for Slack's hard limits (header 150, block text 3,000, button labels 75...). Slack counts
 * UTF-16 units, where an emoji takes two or more and a letter with combining marks one per mark, so
 * the result is at most `max` units; it never splits a grapheme and ends with "…" when cut. With
 * `measure = escapedLength` the limit holds for the escaped text, and a cut never falls inside an
 * escape (the text is cut first, then escaped).
 */
export function clip(text: string, max: number, measure = utf16Length): string {
  if (measure(text) <= max) return text;
  const parts = graphemes(text);
  let room = 0;
  let units = ELLIPSIS.length;
  while (room < parts.length && units + measure(parts[room]!) <= max) {
    units += measure(parts[room++]!);
  }
  return cutAt(parts, room);
}

/** Slack's limit for one text object: a section's text (we hold rich_text text elements to it too). */
export const BLOCK_TEXT_MAX = 3_000;

/**
 * How good a place to split is, between `parts[i - 1]` and `parts[i]`: after a blank line (3), after
 * a line break (2), after a space that follows the end of a sentence (1.5), after a space (1), between
 * any two graphemes (0). The whitespace stays at the end of the earlier piece.
 */
function breakRank(parts: readonly string[], i: number): number {
  const prev = parts[i - 1] ?? "";
  if (/\n/.test(prev)) return /\n/.test(parts[i - 2] ?? "") ? 3 : 2;
  if (!/^\s+$/u.test(prev)) return 0;
  return /[.!?…。！？]$/u.test(parts[i - 2] ?? "") ? 1.5 : 1;
}

/**
 * Cuts text into pieces of at most `max` units (`measure`, UTF-16 by default as Slack counts) whose
 * concatenation is the text itself: nothing is dropped or added. Each piece ends at the best break in
 * its second half (a blank line, a line break, a sentence end, a space), else between graphemes, so
 * an emoji or an accented letter is never split. Only a single grapheme longer than `max` (hundreds of
 * combining marks) is split, between code points: keeping it whole would break Slack's limit.
 * Written by hand: Intl.Segmenter finds graphemes and words, but nothing packs them under a limit.
 */
export function splitText(text: string, max: number, measure = utf16Length): string[] {
  if (max < 2) throw new RangeError(`Cannot split text: a piece must hold 2 units, not ${max}`);
  if (measure(text) <= max) return text === "" ? [] : [text];
  const parts = graphemes(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < parts.length) {
    let end = start;
    let size = 0;
    while (end < parts.length && size + measure(parts[end]!) <= max) size += measure(parts[end++]!);
    if (end === parts.length) {
      pieces.push(parts.slice(start).join(""));
      break;
    }
    if (end === start) {
      // One grapheme longer than a whole piece: split it between code points.
      pieces.push(...splitCodePoints(parts[start]!, max, measure));
      start++;
      continue;
    }
    let cut = end;
    let best = 0;
    let filled = 0;
    const half = size / 2;
    for (let i = start + 1; i <= end; i++) {
      filled += measure(parts[i - 1]!);
      if (filled < half) continue;
      const rank = breakRank(parts, i);
      if (rank > 0 && rank >= best) {
        best = rank;
        cut = i;
      }
    }
    pieces.push(parts.slice(start, cut).join(""));
    start = cut;
  }
  return pieces;
}

function splitCodePoints(
  grapheme: string,
  max: number,
  measure: (text: string) => number,
): string[] {
  const out: string[] = [];
  let piece = "";
  for (const cp of grapheme) {
    if (piece && measure(piece + cp) > max) {
      out.push(piece);
      piece = "";
    }
    piece += cp;
  }
  if (piece) out.push(piece);
  return out;
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
