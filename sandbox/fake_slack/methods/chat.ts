import { SlackApiError } from "../errors.ts";
import { checkBlocks } from "../blocks.ts";
import { slackId } from "../ids.ts";
import type { Channel, Message, ScheduledMessage } from "../model.ts";
import { type Args, type CallContext, type MethodTable, num, scope, str } from "../spec.ts";
import type { Workspace } from "../workspace.ts";
import {
  clampLimit,
  isMember,
  isTs,
  page,
  publicMessage,
  requireMessage,
  visibleChannel,
} from "./common.ts";

const MAX_TEXT = 40_000;
const MAX_UPDATE_TEXT = 4_000;

const MESSAGE_ARGS = {
  channel: { type: "string", required: true },
  text: { type: "string" },
  blocks: { type: "json" },
  attachments: { type: "json" },
  thread_ts: { type: "string" },
  reply_broadcast: { type: "boolean" },
  username: { type: "string" },
  icon_url: { type: "string" },
  icon_emoji: { type: "string" },
  mrkdwn: { type: "boolean" },
  unfurl_links: { type: "boolean" },
  unfurl_media: { type: "boolean" },
  parse: { type: "string" },
  link_names: { type: "boolean" },
  as_user: { type: "boolean" },
  metadata: { type: "json" },
} as const;

type Draft = {
  text: string;
  blocks?: unknown[];
  warnings: string[];
  metadata?: Message["metadata"];
  username?: string;
  icons?: Message["icons"];
};

/** The checks chat.postMessage, scheduleMessage and update share: text, blocks, metadata. */
function draftFrom(ctx: CallContext, args: Args, maxText: number, truncate: boolean): Draft {
  const warnings: string[] = [];
  let text = str(args, "text") ?? "";
  const blocks = args.blocks;
  const attachments = args.attachments;
  if (!text && blocks === undefined && attachments === undefined) {
    throw new SlackApiError("no_text");
  }
  if (Array.isArray(attachments) && attachments.length > 100) {
    throw new SlackApiError("too_many_attachments");
  }
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) throw new SlackApiError("invalid_blocks_format");
    const problems = checkBlocks(blocks, "message");
    if (problems.length > 0) {
      throw new SlackApiError("invalid_blocks", {
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
      });
    }
  }
  if (text.length > maxText) {
    if (!truncate) throw new SlackApiError("msg_too_long");
    text = text.slice(0, maxText);
    warnings.push("message_truncated");
  }
  let metadata: Message["metadata"];
  if (args.metadata !== undefined) {
    const m = args.metadata as Record<string, unknown>;
    if (
      typeof m !== "object" || m === null || typeof m.event_type !== "string" ||
      typeof m.event_payload !== "object" || m.event_payload === null
    ) throw new SlackApiError("invalid_metadata_format");
    if (!/^[a-z0-9_]+$/.test(m.event_type)) throw new SlackApiError("invalid_metadata_schema");
    metadata = {
      event_type: m.event_type,
      event_payload: m.event_payload as Record<string, unknown>,
    };
  }
  const draft: Draft = { text, warnings };
  if (Array.isArray(blocks)) draft.blocks = blocks;
  if (metadata) draft.metadata = metadata;
  // Without chat:write.customize Slack ignores the sender overrides.
  if (ctx.token.kind !== "user" && ctx.token.scopes.includes("chat:write.customize")) {
    const username = str(args, "username");
    if (username) draft.username = username;
    const iconUrl = str(args, "icon_url");
    const iconEmoji = str(args, "icon_emoji");
    if (iconEmoji) draft.icons = { emoji: iconEmoji };
    else if (iconUrl) draft.icons = { image_48: iconUrl };
  }
  return draft;
}

/** Posting rights: members may post; the app may post in public channels with chat:write.public. */
function requirePostable(ctx: CallContext, channel: Channel): void {
  if (channel.is_archived) throw new SlackApiError("is_archived");
  if (isMember(ctx, channel)) return;
  if (
    !channel.is_private && ctx.token.kind !== "user" &&
    ctx.token.scopes.includes("chat:write.public")
  ) return;
  throw new SlackApiError("not_in_channel");
}

function authorFields(
  ctx: CallContext,
): Pick<Message, "user" | "bot_id" | "app_id" | "_execution_id"> {
  if (ctx.token.kind === "user") return { user: ctx.actor };
  const app = ctx.workspace.requireApp();
  return {
    user: app.bot_user_id,
    bot_id: app.bot_id,
    app_id: app.app_id,
    ...(ctx.token.execution_id ? { _execution_id: ctx.token.execution_id } : {}),
  };
}

/** After a reply is deleted, the parent's reply_count, reply_users and latest_reply follow. */
async function recountThread(ctx: CallContext, channel: string, threadTs: string): Promise<void> {
  const parent = await ctx.workspace.getMessage(channel, threadTs);
  if (!parent) return;
  const replies = await ctx.workspace.threadReplies(channel, threadTs);
  const updated: Message = { ...parent };
  if (replies.length === 0) {
    delete updated.thread_ts;
    delete updated.reply_count;
    delete updated.reply_users;
    delete updated.latest_reply;
  } else {
    updated.reply_count = replies.length;
    updated.reply_users = [...new Set(replies.flatMap((r) => r.user ? [r.user] : []))];
    updated.latest_reply = replies.at(-1)!.ts;
  }
  await ctx.workspace.saveMessage(updated);
  ctx.workspace.emit("message_changed", { message: updated });
}

export const chatMethods: MethodTable = {
  "chat.postMessage": {
    tier: "post",
    scopes: scope("chat:write"),
    args: MESSAGE_ARGS,
    rateChannel: (a) => str(a, "channel"),
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requirePostable(ctx, channel);
      const draft = draftFrom(ctx, args, MAX_TEXT, true);
      const threadTs = str(args, "thread_ts");
      if (threadTs !== undefined) {
        if (!isTs(threadTs)) throw new SlackApiError("invalid_thread_ts");
        const parent = await ctx.workspace.getMessage(channel.id, threadTs);
        if (!parent) throw new SlackApiError("thread_not_found");
        if (parent.thread_ts && parent.thread_ts !== parent.ts) {
          throw new SlackApiError("cannot_reply_to_message");
        }
      }
      const message = await ctx.workspace.insertMessage({
        channel: channel.id,
        text: draft.text,
        ...authorFields(ctx),
        ...(draft.blocks ? { blocks: draft.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(draft.metadata ? { metadata: draft.metadata } : {}),
        ...(draft.username ? { username: draft.username } : {}),
        ...(draft.icons ? { icons: draft.icons } : {}),
      }, ctx.token);
      return {
        channel: channel.id,
        ts: message.ts,
        message: publicMessage(message, true),
        ...(draft.warnings.length
          ? { warning: draft.warnings.join(","), response_metadata: { warnings: draft.warnings } }
          : {}),
      };
    },
  },

  "chat.update": {
    tier: 3,
    scopes: scope("chat:write"),
    args: {
      channel: { type: "string", required: true },
      ts: { type: "string", required: true },
      text: { type: "string" },
      blocks: { type: "json" },
      attachments: { type: "json" },
      metadata: { type: "json" },
      as_user: { type: "boolean" },
      link_names: { type: "boolean" },
      parse: { type: "string" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      const message = await requireMessage(ctx, channel, str(args, "ts")!);
      const mine = ctx.token.kind === "user"
        ? message.user === ctx.actor
        : message.bot_id === ctx.workspace.requireApp().bot_id;
      if (!mine) throw new SlackApiError("cant_update_message");
      const draft = draftFrom(ctx, args, MAX_UPDATE_TEXT, false);
      const updated: Message = {
        ...message,
        text: draft.text,
        edited: { user: ctx.actor, ts: ctx.workspace.ts.next(ctx.workspace.clock.now()) },
      };
      if (draft.blocks) updated.blocks = draft.blocks;
      else if (args.blocks !== undefined) delete updated.blocks;
      if (draft.metadata) updated.metadata = draft.metadata;
      await ctx.workspace.saveMessage(updated);
      ctx.workspace.emit("message_changed", { message: updated });
      return {
        channel: channel.id,
        ts: message.ts,
        text: updated.text,
        message: publicMessage(updated, true),
      };
    },
  },

  "chat.delete": {
    tier: 3,
    scopes: scope("chat:write"),
    args: {
      channel: { type: "string", required: true },
      ts: { type: "string", required: true },
      as_user: { type: "boolean" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      const message = await requireMessage(ctx, channel, str(args, "ts")!);
      const mine = ctx.token.kind === "user"
        ? message.user === ctx.actor
        : message.bot_id === ctx.workspace.requireApp().bot_id;
      if (!mine) throw new SlackApiError("cant_delete_message");
      await ctx.workspace.records.deleteMessage(message);
      if (message.thread_ts && message.thread_ts !== message.ts) {
        await recountThread(ctx, channel.id, message.thread_ts);
      }
      ctx.workspace.emit("message_deleted", { channel: channel.id, ts: message.ts });
      return { channel: channel.id, ts: message.ts };
    },
  },

  "chat.getPermalink": {
    tier: 4,
    args: {
      channel: { type: "string", required: true },
      message_ts: { type: "string", required: true },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      const message = await requireMessage(ctx, channel, str(args, "message_ts")!);
      const root = message.thread_ts && message.thread_ts !== message.ts
        ? `?thread_ts=${message.thread_ts}&cid=${channel.id}`
        : "";
      return {
        channel: channel.id,
        permalink: `${ctx.origin}/archives/${channel.id}/p${message.ts.replace(".", "")}${root}`,
      };
    },
  },

  "chat.scheduleMessage": {
    tier: 3,
    scopes: scope("chat:write"),
    args: {
      channel: { type: "string", required: true },
      post_at: { type: "number", required: true },
      text: { type: "string" },
      blocks: { type: "json" },
      attachments: { type: "json" },
      thread_ts: { type: "string" },
      reply_broadcast: { type: "boolean" },
      unfurl_links: { type: "boolean" },
      unfurl_media: { type: "boolean" },
      parse: { type: "string" },
      link_names: { type: "boolean" },
      as_user: { type: "boolean" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requirePostable(ctx, channel);
      const postAt = num(args, "post_at")!;
      if (!Number.isInteger(postAt)) throw new SlackApiError("invalid_time");
      const nowS = ctx.workspace.clock.now() / 1000;
      if (postAt <= nowS) throw new SlackApiError("time_in_past");
      if (postAt > nowS + 120 * 86_400) throw new SlackApiError("time_too_far");
      const windowStart = postAt - (postAt % 300);
      const pending = await ctx.workspace.records.scheduled();
      const sameWindow = pending.filter((s) =>
        s.channel === channel.id && s.post_at - (s.post_at % 300) === windowStart
      );
      if (sameWindow.length >= 30) throw new SlackApiError("restricted_too_many");
      const draft = draftFrom(ctx, args, MAX_TEXT, true);
      const threadTs = str(args, "thread_ts");
      const scheduled: ScheduledMessage = {
        id: slackId("Q"),
        channel: channel.id,
        post_at: postAt,
        date_created: Math.floor(nowS),
        text: draft.text,
        token_user_id: ctx.actor,
        ...(draft.blocks ? { blocks: draft.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      await ctx.workspace.records.setScheduled(scheduled);
      ctx.workspace.emit("state", { what: "scheduled" });
      return {
        channel: channel.id,
        scheduled_message_id: scheduled.id,
        post_at: postAt,
        message: {
          type: "message",
          text: draft.text,
          user: ctx.actor,
          ...(draft.blocks ? { blocks: draft.blocks } : {}),
        },
      };
    },
  },

  "chat.deleteScheduledMessage": {
    tier: 3,
    scopes: scope("chat:write"),
    args: {
      channel: { type: "string", required: true },
      scheduled_message_id: { type: "string", required: true },
      as_user: { type: "boolean" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      const id = str(args, "scheduled_message_id")!;
      const s = await ctx.workspace.records.scheduledMessage(id);
      if (!s || s.channel !== channel.id) throw new SlackApiError("invalid_scheduled_message_id");
      await ctx.workspace.records.deleteScheduled(id);
      ctx.workspace.emit("state", { what: "scheduled" });
      return {};
    },
  },

  "chat.scheduledMessages.list": {
    tier: 3,
    args: {
      channel: { type: "string" },
      latest: { type: "number" },
      oldest: { type: "number" },
      limit: { type: "number" },
      cursor: { type: "string" },
    },
    async handler(ctx, args) {
      const channelArg = str(args, "channel");
      // Slack answers invalid_channel here, not channel_not_found.
      const channel = channelArg ? await ctx.workspace.getChannel(channelArg) : null;
      if (
        channelArg &&
        (!channel || (channel.is_private && !channel.members.includes(ctx.actor)))
      ) throw new SlackApiError("invalid_channel");
      const latest = num(args, "latest");
      const oldest = num(args, "oldest");
      const all = (await ctx.workspace.records.scheduled())
        .filter((s) => !channel || s.channel === channel.id)
        .filter((s) =>
          (latest === undefined || s.post_at <= latest) &&
          (oldest === undefined || s.post_at >= oldest)
        )
        .sort((a, b) => a.post_at - b.post_at);
      const { items, next } = page(
        all,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 100, 1000),
      );
      return {
        scheduled_messages: items.map((s) => ({
          id: s.id,
          channel_id: s.channel,
          post_at: s.post_at,
          date_created: s.date_created,
          text: s.text,
        })),
        response_metadata: { next_cursor: next },
      };
    },
  },
};

/** Posts every scheduled message whose time has come (called as the fake clock moves). */
export async function postDueScheduledMessages(workspace: Workspace): Promise<number> {
  return await workspace.exclusive(async () => {
    const nowS = workspace.clock.now() / 1000;
    let posted = 0;
    const due = (await workspace.records.scheduled())
      .filter((s) => s.post_at <= nowS)
      .sort((a, b) => a.post_at - b.post_at || a.date_created - b.date_created);
    for (const s of due) {
      await workspace.records.deleteScheduled(s.id);
      const app = workspace.app;
      const fromApp = app && s.token_user_id === app.bot_user_id;
      await workspace.insertMessage({
        channel: s.channel,
        text: s.text,
        ...(fromApp
          ? { user: app.bot_user_id, bot_id: app.bot_id, app_id: app.app_id }
          : { user: s.token_user_id }),
        ...(s.blocks ? { blocks: s.blocks } : {}),
        ...(s.thread_ts ? { thread_ts: s.thread_ts } : {}),
      }, null);
      posted++;
    }
    return posted;
  });
}
