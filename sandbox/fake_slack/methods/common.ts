import { SlackApiError } from "../errors.ts";
import type { Channel, Message } from "../model.ts";
import type { CallContext } from "../spec.ts";

/** Resolves a `channel` argument (id, #name, or a user id meaning the app's DM) the caller may see. */
export async function visibleChannel(ctx: CallContext, channelArg: string): Promise<Channel> {
  const { workspace, token } = ctx;
  let channel: Channel | null = null;
  if (/^[UW][A-Z0-9]+$/.test(channelArg) && token.kind !== "user") {
    const user = await workspace.getUser(channelArg);
    if (!user || user.deleted) throw new SlackApiError("channel_not_found");
    channel = await workspace.appDm(channelArg);
  } else if (channelArg.startsWith("#")) {
    channel = await workspace.channelByName(channelArg.slice(1));
  } else {
    channel = (await workspace.getChannel(channelArg)) ??
      (await workspace.channelByName(channelArg));
  }
  if (!channel) throw new SlackApiError("channel_not_found");
  if (channel.is_private && !channel.members.includes(ctx.actor)) {
    throw new SlackApiError("channel_not_found");
  }
  return channel;
}

export function isMember(ctx: CallContext, channel: Channel): boolean {
  return channel.members.includes(ctx.actor);
}

/** Slack's rule for reading a conversation: the caller must be in it. */
export function requireMember(ctx: CallContext, channel: Channel): void {
  if (!isMember(ctx, channel)) throw new SlackApiError("not_in_channel");
}

export async function requireMessage(
  ctx: CallContext,
  channel: Channel,
  ts: string,
): Promise<Message> {
  const m = await ctx.workspace.getMessage(channel.id, ts);
  if (!m) throw new SlackApiError("message_not_found");
  return m;
}

/** What the Web API returns for a message: internal fields dropped, metadata only when asked. */
export function publicMessage(m: Message, includeMetadata: boolean): Record<string, unknown> {
  const { _execution_id: _e, channel: _c, metadata, ...rest } = m;
  return includeMetadata && metadata ? { ...rest, metadata } : rest;
}

export function isTs(v: string): boolean {
  return /^\d{1,12}\.\d{6}$/.test(v);
}

/** Opaque cursors, as Slack's base64 "next_cursor" values. */
export function encodeCursor(value: string): string {
  return btoa(`cursor:${value}`);
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  let raw: string;
  try {
    raw = atob(cursor);
  } catch {
    throw new SlackApiError("invalid_cursor");
  }
  if (!raw.startsWith("cursor:")) throw new SlackApiError("invalid_cursor");
  return raw.slice(7);
}

/** Pages a sorted list by an opaque cursor holding the next index. */
export function page<T>(
  items: T[],
  cursor: string | undefined,
  limit: number,
): { items: T[]; next: string } {
  const start = Number(decodeCursor(cursor) ?? "0");
  if (!Number.isInteger(start) || start < 0) throw new SlackApiError("invalid_cursor");
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? encodeCursor(String(start + limit)) : "";
  return { items: slice, next };
}

export function clampLimit(v: number | undefined, def: number, max: number): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1) throw new SlackApiError("invalid_limit");
  return Math.min(v, max);
}
