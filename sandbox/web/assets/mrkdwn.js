// @ts-check
/**
 * Slack mrkdwn → safe HTML, as a Slack client draws it: `*bold*`, `_italic_`, `~strike~`, `code`,
 * ```blocks```, `>` quotes, `<@U…>` / `<#C…>` / `<!here>` / `<!date^…|…>` / `<url|label>` tokens and
 * `:emoji:`. In mrkdwn only `&amp;`, `&lt;` and `&gt;` are entities: `&lt;b&gt;` shows "<b>" and is
 * never markup, and an escaped `&gt;` at a line start is a ">" character, not a quote.
 */
import { fragment, h } from "./html.js";
import { formatSlackDate } from "./dates.js";
import { emojiNode, emojiText } from "./emoji.js";

/** @typedef {import("./html.js").Child} Child */
/** @typedef {import("./html.js").SafeHtml} SafeHtml */
/** @typedef {import("./dates.js").DateViewer} DateViewer */
/**
 * @typedef {{
 *   users?: Record<string, string>,
 *   channels?: Record<string, string>,
 *   viewer?: DateViewer,
 * }} RenderContext
 */

/** @param {string} s @returns {string} */
export function decodeEntities(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const WORD = /[\p{L}\p{N}]/u;
/** @param {string | undefined} c */
const isWord = (c) => c !== undefined && WORD.test(c);
/** @param {string | undefined} c */
const isSpace = (c) => c === undefined || /\s/.test(c);

/** @type {Record<string, string>} */
const STYLE_TAGS = { "*": "b", "_": "i", "~": "s" };

/**
 * Where the closing marker of `*…*`, `_…_` or `~…~` opened at `start` is, or -1.
 * @param {string} s
 * @param {number} start
 * @param {string} marker
 */
function closing(s, start, marker) {
  for (let j = start + 2; j < s.length; j++) {
    const c = s[j];
    if (c === "\n") return -1;
    if (c === "<") {
      const end = s.indexOf(">", j);
      if (end > j) {
        j = end;
        continue;
      }
    }
    if (c === marker && !isSpace(s[j - 1]) && !isWord(s[j + 1])) return j;
  }
  return -1;
}

/**
 * A `<…>` control sequence: mention, channel, special mention, date, or link.
 * @param {string} body what is between the angle brackets
 * @param {RenderContext} ctx
 * @returns {SafeHtml}
 */
export function angleToken(body, ctx) {
  const bar = body.indexOf("|");
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? decodeEntities(body.slice(bar + 1)) : "";
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const name = label || ctx.users?.[id] || id;
    return h("span", { class: "mention", "data-user": id }, `@${name.replace(/^@/, "")}`);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const name = label || ctx.channels?.[id] || id;
    return h("span", { class: "mention channel-mention" }, `#${name}`);
  }
  if (target.startsWith("!date^")) {
    const [, ts, format, link] = target.split("^");
    const formatted = formatSlackDate(Number(ts), format ?? "", ctx.viewer);
    const shown = formatted ?? (label || "");
    const node = h(
      "time",
      { class: "slack-date", datetime: isoOf(Number(ts)), title: label },
      shown,
    );
    return link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, node) : node;
  }
  if (target.startsWith("!subteam^")) {
    return h("span", { class: "mention" }, label || "@team");
  }
  if (target.startsWith("!")) {
    const word = target.slice(1);
    return h("span", { class: "mention broadcast" }, `@${label || word}`);
  }
  if (/^(https?|mailto):/i.test(target)) {
    const url = decodeEntities(target);
    return h(
      "a",
      { href: url, target: "_blank", rel: "noopener noreferrer" },
      label || url.replace(/^mailto:/i, ""),
    );
  }
  return fragment(`<${decodeEntities(body)}>`);
}

/** @param {number} s */
function isoOf(s) {
  return Number.isFinite(s) ? new Date(s * 1000).toISOString() : null;
}

/**
 * Inline formatting of one run of text (no line structure).
 * @param {string} s
 * @param {RenderContext} ctx
 * @param {number} [depth]
 * @returns {Child[]}
 */
export function inline(s, ctx, depth = 0) {
  /** @type {Child[]} */
  const out = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push(...linked(decodeEntities(buf)));
    buf = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? "";
    if (c === "<") {
      const end = s.indexOf(">", i + 1);
      const inner = end > i + 1 ? s.slice(i + 1, end) : "";
      if (inner && !inner.includes("<") && !inner.includes("\n")) {
        flush();
        out.push(angleToken(inner, ctx));
        i = end + 1;
        continue;
      }
    }
    if (c === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i + 1 && !s.slice(i + 1, end).includes("\n")) {
        flush();
        out.push(h("code", null, decodeEntities(s.slice(i + 1, end))));
        i = end + 1;
        continue;
      }
    }
    const tag = STYLE_TAGS[c];
    if (tag && depth < 4 && !isWord(s[i - 1]) && !isSpace(s[i + 1])) {
      const end = closing(s, i, c);
      if (end > i + 1) {
        flush();
        out.push(h(tag, null, inline(s.slice(i + 1, end), ctx, depth + 1)));
        i = end + 1;
        continue;
      }
    }
    if (c === ":") {
      const m = /^:([a-z0-9_+'-]{1,100}(?:::skin-tone-\d)?):/.exec(s.slice(i));
      const node = m ? emojiNode({ name: m[1] ?? "" }) : null;
      if (m && node) {
        flush();
        out.push(node);
        i += m[0].length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/**
 * Plain text with its bare web addresses as links and its emoji drawn, as a Slack client shows a
 * message (Slack links `https://…` even when the sender did not write `<https://…>`).
 * @param {string} text
 * @returns {Child[]}
 */
export function linked(text) {
  /** @type {Child[]} */
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g)) {
    const at = m.index ?? 0;
    out.push(...emojiText(text.slice(last, at)));
    out.push(h("a", { href: m[0], target: "_blank", rel: "noopener noreferrer" }, m[0]));
    last = at + m[0].length;
  }
  out.push(...emojiText(text.slice(last)));
  return out;
}

/**
 * A whole mrkdwn text: code blocks, quotes, then inline formatting. Newlines are kept as text (the
 * page shows them with `white-space: pre-wrap`).
 * @param {string} source
 * @param {RenderContext} [ctx]
 * @returns {SafeHtml}
 */
export function mrkdwn(source, ctx = {}) {
  /** @type {Child[]} */
  const out = [];
  const parts = String(source).split("```");
  parts.forEach((part, index) => {
    const isCode = index % 2 === 1 && index < parts.length - 1;
    if (isCode) {
      out.push(h("pre", { class: "code-block" }, decodeEntities(part.replace(/^\n|\n$/g, ""))));
      return;
    }
    const text = index % 2 === 1 ? "```" + part : part;
    const lines = text.split("\n");
    /** @type {string[]} */
    let quote = [];
    /** @type {string[]} */
    let plain = [];
    const flushPlain = () => {
      if (plain.length) out.push(inline(plain.join("\n"), ctx));
      plain = [];
    };
    const flushQuote = () => {
      if (quote.length) out.push(h("blockquote", null, inline(quote.join("\n"), ctx)));
      quote = [];
    };
    for (const line of lines) {
      if (line.startsWith(">")) {
        flushPlain();
        quote.push(line.replace(/^> ?/, ""));
      } else {
        flushQuote();
        plain.push(line);
      }
    }
    flushPlain();
    flushQuote();
  });
  return fragment(out);
}
