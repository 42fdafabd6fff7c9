/**
 * What Slack would refuse in a message the app posts, beyond the fake's Block Kit checks: the text
 * fallback's size, the total text of the blocks (PLATFORM.md 7.2: msg_blocks_too_long near 13k
 * characters), URLs that are not http(s), and anything that pings or links. Returns problem lines;
 * empty when the message is fine.
 */
import { checkBlocks } from "../sandbox/fake_slack/mod.ts";
import { mentionsIn } from "./mentions.ts";

/** chat.postMessage truncates `text` beyond 40,000 characters (PLATFORM.md 7.2). */
export const MAX_TEXT = 40_000;
/** Slack answers msg_blocks_too_long near 13,000 characters of blocks text: keep below 12,000. */
export const MAX_BLOCKS_TEXT = 12_000;

type Obj = Record<string, unknown>;

/** Every URL a message's blocks carry (button `url`, link `url`, `image_url`), with its JSON path. */
export function urlsIn(blocks: unknown): Array<{ path: string; url: unknown }> {
  const out: Array<{ path: string; url: unknown }> = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node as Obj)) {
      if (k === "url" || k === "image_url" || k === "icon_url") {
        out.push({ path: `${path}/${k}`, url: v });
      } else walk(v, `${path}/${k}`);
    }
  };
  walk(blocks, "/blocks");
  return out;
}

/** Only absolute http(s) URLs without credentials, at most 3,000 characters. */
export function urlProblem(url: unknown): string | null {
  if (typeof url !== "string") return "is not a string";
  if (url.length > 3000) return `is ${url.length} characters long`;
  if (!/^https?:\/\//.test(url)) {
    return `is not an http(s) URL: ${JSON.stringify(url.slice(0, 80))}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `does not parse: ${JSON.stringify(url.slice(0, 80))}`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "is not http(s)";
  if (parsed.username || parsed.password) return "carries a user name or password";
  return null;
}

/** The text people read in blocks (plain_text, mrkdwn, rich_text text), summed in UTF-16 units. */
function blocksTextLength(blocks: unknown): number {
  let n = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Obj;
    if (typeof o.text === "string") n += o.text.length;
    if (typeof o.alt_text === "string") n += o.alt_text.length;
    for (const [k, v] of Object.entries(o)) if (k !== "text" || typeof v !== "string") walk(v);
  };
  walk(blocks);
  return n;
}

/**
 * Problems Slack (or a reader) would have with a message the app posts. `sender` is the username and
 * icon a learning DM is posted with. No pings and no links may come from outside text: the app's
 * own URLs travel only in buttons and images, never in text.
 */
export function messageProblems(
  message: { text: string; blocks: unknown[] },
  sender?: { username: string; iconUrl: string | null },
): string[] {
  const problems = checkBlocks(message.blocks, "message");
  if (typeof message.text !== "string" || message.text.length === 0) {
    problems.push("text: the fallback is empty");
  } else if (message.text.length > MAX_TEXT) {
    problems.push(`text: ${message.text.length} characters, more than ${MAX_TEXT}`);
  }
  const total = blocksTextLength(message.blocks);
  if (total > MAX_BLOCKS_TEXT) problems.push(`blocks: ${total} characters of text`);
  for (const { path, url } of urlsIn(message.blocks)) {
    const p = urlProblem(url);
    if (p) problems.push(`${path} ${p}`);
  }
  const found = mentionsIn(message);
  if (found.pings.length > 0) problems.push(`pings: ${found.pings.join(", ")}`);
  if (found.links.length > 0) problems.push(`links: ${found.links.join(", ")}`);
  if (sender) {
    if (sender.username.length === 0 || sender.username.length > 80) {
      problems.push(`username: ${sender.username.length} characters`);
    }
    if (sender.iconUrl !== null) {
      const p = urlProblem(sender.iconUrl);
      if (p) problems.push(`icon_url ${p}`);
    }
  }
  return problems;
}
