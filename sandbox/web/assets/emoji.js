// @ts-check
/**
 * Slack's emoji on the page. Names and characters come from the sandbox's emoji table
 * (GET /emoji/data.json, built from emoji-datasource, whose short names are Slack's) and each emoji
 * is drawn from the sandbox's own sprite sheet (/emoji/sheet.css), so `:speech_balloon:` and 💬
 * look the same on every machine, with or without an emoji font. The character stays in the
 * element, invisible, for copying and for screen readers. Until the table is loaded, `:codes:` stay
 * text.
 */
import { h } from "./html.js";

/** @typedef {import("./html.js").SafeHtml} SafeHtml */
/** @typedef {import("./html.js").Child} Child */
/** @typedef {[string, number, number, string[], string?]} EmojiRow */
/** @typedef {{ size: number, columns: number, rows: number, emoji: EmojiRow[] }} EmojiData */

/** short name → unified code points ("1f4ac") */
let byName = new Map();
/** character → unified code points */
let byChar = new Map();
/** @type {RegExp | null} */
let pattern = null;

/** @param {string} unified @returns {string} */
const toChar = (unified) => String.fromCodePoint(...unified.split("-").map((x) => parseInt(x, 16)));

/**
 * Loads the table (the page fetches it at start; tests pass it in).
 * @param {EmojiData} data
 */
export function setEmojiData(data) {
  byName = new Map();
  byChar = new Map();
  for (const [unified, , , names, alias] of data.emoji) {
    for (const n of names) byName.set(n, unified);
    byChar.set(toChar(unified), unified);
    // A bare symbol without its emoji variation selector (✉ for ✉️) reads as the emoji too; the
    // older text symbols (© ® ™ ‼ ℹ, arrows) stay text, as in Slack.
    if (alias && parseInt(alias, 16) >= 0x2300) byChar.set(toChar(alias), unified);
  }
  const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const chars = [...byChar.keys()].sort((a, b) => b.length - a.length).map(escape);
  pattern = chars.length ? new RegExp(chars.join("|"), "gu") : null;
}

/** @param {string} name */
const nameOf = (name) => name.replace(/^:|:$/g, "").replace(/::skin-tone-\d$/, "");

/**
 * The character for an emoji short name (with or without colons), or null when unknown.
 * @param {string} name
 * @returns {string | null}
 */
export function emojiChar(name) {
  const unified = byName.get(nameOf(name));
  return unified ? toChar(unified) : null;
}

/**
 * One emoji, drawn from the sheet: by short name, or by its character.
 * @param {{ name?: string, char?: string }} which
 * @returns {SafeHtml | null}
 */
export function emojiNode(which) {
  const unified = which.name !== undefined
    ? byName.get(nameOf(which.name))
    : byChar.get(which.char ?? "");
  if (!unified) return null;
  const label = which.name !== undefined ? `:${nameOf(which.name)}:` : which.char ?? "";
  return h(
    "span",
    { class: `emoji e-${unified}`, role: "img", "aria-label": label, title: label },
    toChar(unified),
  );
}

/**
 * Text with its emoji characters drawn (💬 in "Delivered 💬").
 * @param {string} text
 * @returns {Child[]}
 */
export function emojiText(text) {
  if (!pattern || !text) return [text];
  /** @type {Child[]} */
  const out = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(emojiNode({ char: m[0] }) ?? m[0]);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * Plain text as Slack draws it: known `:codes:` and emoji characters as emoji, the rest as text.
 * @param {string} text
 * @returns {Child[]}
 */
export function emojiCodes(text) {
  /** @type {Child[]} */
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/:([a-z0-9_+'-]{1,100}(?:::skin-tone-\d)?):/g)) {
    const node = emojiNode({ name: m[1] ?? "" });
    if (!node) continue;
    const at = m.index ?? 0;
    out.push(...emojiText(text.slice(last, at)), node);
    last = at + m[0].length;
  }
  out.push(...emojiText(text.slice(last)));
  return out;
}

/**
 * Replaces known `:name:` codes in plain text with their characters (for labels that cannot hold
 * elements: option texts, titles).
 * @param {string} text
 * @returns {string}
 */
export function replaceEmojiCodes(text) {
  return text.replace(/:([a-z0-9_+'-]{1,100}):/g, (m, name) => emojiChar(name) ?? m);
}
