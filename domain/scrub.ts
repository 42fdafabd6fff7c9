/**
 * Taking emails, tokens and secrets out of text that people other than their owner read: log lines
 * (adapters/log.ts) and the activity rows admins see in the health overview (adapters/activity.ts).
 * One scrubber for both, so what a log line hides an admin row hides too.
 */

export type Redaction = "email" | "token" | "secret";

/**
 * Any address, internationalised ones included ("zoë@exämple.example", "用户@例子.广告",
 * "a@b.xn--p1ai"): every address the contract accepts (domain/contract.ts) matches.
 */
const EMAIL =
  /[\p{L}\p{M}\p{N}._%+'-]+@(?:[\p{L}\p{M}\p{N}-]+\.)+(?:xn--[a-z0-9-]+|[\p{L}\p{M}]{2,})/giu;
/** Slack tokens: bot, user, app-level, workflow, refresh and configuration tokens. */
const TOKEN = /\bx(?:ox[abposre]|wfp|app)-[A-Za-z0-9-]+/g;
/** An HTTP credential as it is written in a header: "Bearer abc…", "Basic dXNl…". */
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
/**
 * A long secret: 32 or more base64 or URL-safe characters mixing digits, lower and upper case (an
 * API key, a webhook URL's last segment), or 40 or more hex digits (an HMAC key, a digest). Ids such
 * as "evt_9f2c1" or a UUID do not match.
 */
const LONG_SECRET =
  /(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/=_-]*\d)(?=[A-Za-z0-9+/=_-]*[a-z])(?=[A-Za-z0-9+/=_-]*[A-Z])[A-Za-z0-9+/=_-]{32,}(?![A-Za-z0-9+/=_-])|(?<![A-Za-z0-9])[0-9a-fA-F]{40,}(?![A-Za-z0-9])/g;

/** Field names whose values are hidden whole, whatever they hold. */
const SECRET_KEYS = /(secret|token|password|authorization|email|signature)/i;

const placeholder = (kind: Redaction): string => `[${kind}]`;

/**
 * The text with every email, token and secret replaced by `mask(kind, found)` ("[email]",
 * "[token]", "[secret]" by default; a stable hash where the result must stay unique, as in ids).
 */
export function scrubText(
  text: string,
  mask: (kind: Redaction, found: string) => string = placeholder,
): string {
  return text
    .replace(EMAIL, (m) => mask("email", m))
    .replace(TOKEN, (m) => mask("token", m))
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${mask("token", _m)}`)
    .replace(LONG_SECRET, (m) => mask("secret", m));
}

/**
 * A value for a log line: strings scrubbed, fields named like secrets or emails hidden whole, errors
 * reduced to their name and message, arrays and objects walked.
 */
export function scrub(value: unknown, key = ""): unknown {
  if (
    SECRET_KEYS.test(key) && value !== null && value !== undefined && typeof value !== "boolean"
  ) return "[redacted]";
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value && typeof value === "object") {
    if (value instanceof Error) return scrub(`${value.name}: ${value.message}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  }
  return value;
}

/** FNV-1a, 64 bits, in hex: a short stable stand-in for a value that must not be stored. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}
