// @ts-check
/** The emoji short names the sandbox page draws (reactions, `:name:` in text); others stay as `:name:`. */

/** @type {Readonly<Record<string, string>>} */
export const EMOJI = Object.freeze({
  "+1": "👍",
  "-1": "👎",
  arrow_right: "➡️",
  bar_chart: "📊",
  bell: "🔔",
  books: "📚",
  bulb: "💡",
  bust_in_silhouette: "👤",
  busts_in_silhouette: "👥",
  calendar: "📅",
  clipboard: "📋",
  computer: "💻",
  email: "✉️",
  envelope: "✉️",
  eyes: "👀",
  fire: "🔥",
  gear: "⚙️",
  hammer_and_wrench: "🛠️",
  heart: "❤️",
  heavy_check_mark: "✔️",
  heavy_plus_sign: "➕",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  inbox_tray: "📥",
  information_source: "ℹ️",
  joy: "😂",
  key: "🔑",
  large_green_circle: "🟢",
  link: "🔗",
  lock: "🔒",
  loudspeaker: "📢",
  mag: "🔍",
  mailbox: "📫",
  mega: "📣",
  memo: "📝",
  mortar_board: "🎓",
  no_bell: "🔕",
  outbox_tray: "📤",
  point_right: "👉",
  pray: "🙏",
  pushpin: "📌",
  raised_hands: "🙌",
  red_circle: "🔴",
  rocket: "🚀",
  slightly_smiling_face: "🙂",
  smile: "😄",
  sparkles: "✨",
  speech_balloon: "💬",
  star: "⭐",
  tada: "🎉",
  thinking_face: "🤔",
  thumbsup: "👍",
  thumbsdown: "👎",
  tv: "📺",
  video_camera: "📹",
  warning: "⚠️",
  wave: "👋",
  white_check_mark: "✅",
  x: "❌",
  zzz: "💤",
});

/**
 * The character for an emoji short name (with or without colons), or null when unknown.
 * @param {string} name
 * @returns {string | null}
 */
export function emojiChar(name) {
  const key = name.replace(/^:|:$/g, "").replace(/::skin-tone-\d$/, "");
  return Object.hasOwn(EMOJI, key) ? EMOJI[key] ?? null : null;
}

/**
 * Replaces known `:name:` codes in plain text with their characters.
 * @param {string} text
 * @returns {string}
 */
export function replaceEmojiCodes(text) {
  return text.replace(/:([a-z0-9_+'-]{1,100}):/g, (m, name) => emojiChar(name) ?? m);
}
