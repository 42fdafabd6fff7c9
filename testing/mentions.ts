/**
 * What a Slack message would ping or link, read the way Slack reads it: `<@U…>`, `<!channel>`,
 * `<!here>`, `<!everyone>`, `<!subteam^…>` and `<url|label>` count only in mrkdwn (the top-level
 * `text` and mrkdwn text objects); rich_text counts only its user/broadcast/usergroup/link elements;
 * plain_text and rich_text text elements never ping.
 */
export type Found = { pings: string[]; links: string[] };

const PING = /<(@[UW][A-Z0-9]+|!channel|!here|!everyone|!subteam\^[A-Z0-9]+)(?:\|[^>]*)?>/g;
const LINK = /<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g;

function scanMrkdwn(text: string, out: Found): void {
  for (const m of text.matchAll(PING)) out.pings.push(m[1]!);
  for (const m of text.matchAll(LINK)) out.links.push(m[1]!);
}

function walk(node: unknown, out: Found): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, out));
  if (!node || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  if (o.type === "mrkdwn" && typeof o.text === "string") scanMrkdwn(o.text, out);
  if (o.type === "user" && typeof o.user_id === "string") out.pings.push(`@${o.user_id}`);
  if (o.type === "broadcast" && typeof o.range === "string") out.pings.push(`!${o.range}`);
  if (o.type === "usergroup" && typeof o.usergroup_id === "string") {
    out.pings.push(`!subteam^${o.usergroup_id}`);
  }
  if (o.type === "link" && typeof o.url === "string") out.links.push(o.url);
  for (const [k, v] of Object.entries(o)) if (k !== "text" || typeof v !== "string") walk(v, out);
}

export function mentionsIn(message: { text?: string; blocks?: unknown[] }): Found {
  const out: Found = { pings: [], links: [] };
  if (typeof message.text === "string") scanMrkdwn(message.text, out);
  walk(message.blocks ?? [], out);
  return out;
}

/** Every piece of text a person would read in the message's blocks, joined. */
export function visibleText(message: { blocks?: unknown[] }): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (typeof o.text === "string" && (o.type === "plain_text" || o.type === "text")) {
      parts.push(o.text);
    }
    if (typeof o.text === "string" && o.type === "mrkdwn") {
      parts.push(o.text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
    }
    for (const [k, v] of Object.entries(o)) if (k !== "text" || typeof v !== "string") visit(v);
  };
  visit(message.blocks ?? []);
  return parts.join("\n");
}
