import { SlackApiError } from "../errors.ts";
import type { Channel, Message } from "../model.ts";
import { type Args, bool, type CallContext, type MethodTable, num, str } from "../spec.ts";
import {
  clampLimit,
  decodeCursor,
  encodeCursor,
  isTs,
  page,
  publicMessage,
  requireMember,
  visibleChannel,
} from "./common.ts";

const CHANNEL_NAME = /^[a-z0-9_-]+$/;

function readScopes(c: Channel): string[] {
  if (c.is_im) return ["im:read"];
  return c.is_private ? ["groups:read"] : ["channels:read"];
}
function historyScopes(c: Channel): string[] {
  if (c.is_im) return ["im:history"];
  return c.is_private ? ["groups:history"] : ["channels:history"];
}

/** Per-channel scope checks happen once the channel is known. */
function requireScope(ctx: CallContext, needed: string[]): void {
  if (ctx.token.kind === "user") return;
  if (!needed.some((s) => ctx.token.scopes.includes(s))) {
    throw new SlackApiError("missing_scope", {
      needed: needed.join(","),
      provided: ctx.token.scopes.join(","),
    });
  }
}

export function channelView(c: Channel, withMembers = false): Record<string, unknown> {
  const { members, ...rest } = c;
  return {
    ...rest,
    is_member: undefined,
    is_general: false,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    name_normalized: c.name,
    ...(withMembers ? { num_members: members.length } : {}),
  };
}

function forCaller(ctx: CallContext, c: Channel, withMembers = false): Record<string, unknown> {
  return { ...channelView(c, withMembers), is_member: c.members.includes(ctx.actor) };
}

function timeWindow(args: Args): { oldest: number; latest: number; inclusive: boolean } {
  const parse = (name: string, code: string, dflt: number) => {
    const v = str(args, name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new SlackApiError(code);
    return n;
  };
  return {
    oldest: parse("oldest", "invalid_ts_oldest", 0),
    latest: parse("latest", "invalid_ts_latest", Number.POSITIVE_INFINITY),
    inclusive: bool(args, "inclusive"),
  };
}

function inWindow(m: Message, w: { oldest: number; latest: number; inclusive: boolean }): boolean {
  const t = Number(m.ts);
  return w.inclusive ? t >= w.oldest && t <= w.latest : t > w.oldest && t < w.latest;
}

/** Orders Slack timestamps exactly (a float loses the microseconds of a 10-digit second). */
function tsValue(ts: string): bigint {
  return BigInt(ts.replace(".", ""));
}

/**
 * Pages messages by the last timestamp returned, as Slack's cursors behave: a message posted
 * between two calls neither repeats nor hides one already listed.
 */
function pageByTs(
  messages: Message[],
  cursor: string | undefined,
  limit: number,
  newestFirst: boolean,
): { items: Message[]; next: string } {
  const after = decodeCursor(cursor);
  if (after !== undefined && !isTs(after)) throw new SlackApiError("invalid_cursor");
  const rest = after === undefined ? messages : messages.filter((m) => {
    const d = tsValue(m.ts) - tsValue(after);
    return newestFirst ? d < 0n : d > 0n;
  });
  const items = rest.slice(0, limit);
  return { items, next: rest.length > limit ? encodeCursor(items.at(-1)!.ts) : "" };
}

const READ_ARGS = {
  channel: { type: "string", required: true },
  latest: { type: "string" },
  oldest: { type: "string" },
  inclusive: { type: "boolean" },
  limit: { type: "number" },
  cursor: { type: "string" },
  include_all_metadata: { type: "boolean" },
} as const;

export const conversationMethods: MethodTable = {
  "conversations.create": {
    tier: 2,
    scopes: (a) => [bool(a, "is_private") ? "groups:write" : "channels:manage"],
    args: {
      name: { type: "string" },
      is_private: { type: "boolean" },
      team_id: { type: "string" },
    },
    async handler(ctx, args) {
      const name = str(args, "name") ?? "";
      if (name.length === 0) throw new SlackApiError("invalid_name_required");
      if (name.length > 80) throw new SlackApiError("invalid_name_maxlength");
      if (!CHANNEL_NAME.test(name)) throw new SlackApiError("invalid_name_specials");
      if (/^[-_]+$/.test(name)) throw new SlackApiError("invalid_name_punctuation");
      if (await ctx.workspace.channelByName(name)) throw new SlackApiError("name_taken");
      const channel = await ctx.workspace.createChannel({
        name,
        is_private: bool(args, "is_private"),
        creator: ctx.actor,
      });
      return { channel: forCaller(ctx, channel, true) };
    },
  },

  "conversations.info": {
    tier: 3,
    args: {
      channel: { type: "string", required: true },
      include_locale: { type: "boolean" },
      include_num_members: { type: "boolean" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requireScope(ctx, readScopes(channel));
      return { channel: forCaller(ctx, channel, bool(args, "include_num_members")) };
    },
  },

  "conversations.list": {
    tier: 2,
    scopes: (a) => {
      const types = (a.types as string[] | undefined) ?? ["public_channel"];
      return types.includes("public_channel")
        ? ["channels:read"]
        : types.includes("private_channel")
        ? ["groups:read"]
        : ["im:read"];
    },
    args: {
      types: { type: "csv" },
      exclude_archived: { type: "boolean" },
      limit: { type: "number" },
      cursor: { type: "string" },
      team_id: { type: "string" },
    },
    async handler(ctx, args) {
      const types = new Set((args.types as string[] | undefined) ?? ["public_channel"]);
      const known = ["public_channel", "private_channel", "im", "mpim"];
      for (const t of types) if (!known.includes(t)) throw new SlackApiError("invalid_types");
      const all = (await ctx.workspace.records.channels()).filter((c) => {
        if (bool(args, "exclude_archived") && c.is_archived) return false;
        if (c.is_im) return types.has("im") && c.members.includes(ctx.actor);
        if (c.is_private) return types.has("private_channel") && c.members.includes(ctx.actor);
        return types.has("public_channel");
      }).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
      const { items, next } = page(
        all,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 100, 1000),
      );
      return {
        channels: items.map((c) => forCaller(ctx, c)),
        response_metadata: { next_cursor: next },
      };
    },
  },

  "conversations.join": {
    tier: 3,
    scopes: () => ["channels:join"],
    args: { channel: { type: "string", required: true } },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      if (channel.is_im || channel.is_private) {
        throw new SlackApiError("method_not_supported_for_channel_type");
      }
      if (channel.is_archived) throw new SlackApiError("is_archived");
      const warnings: string[] = [];
      if (channel.members.includes(ctx.actor)) warnings.push("already_in_channel");
      else {
        channel.members.push(ctx.actor);
        await ctx.workspace.putChannel(channel);
      }
      return {
        channel: forCaller(ctx, channel),
        ...(warnings.length
          ? { warning: warnings.join(","), response_metadata: { warnings } }
          : {}),
      };
    },
  },

  "conversations.invite": {
    tier: 3,
    scopes: () => ["channels:manage", "groups:write"],
    args: {
      channel: { type: "string", required: true },
      users: { type: "csv" },
      force: { type: "boolean" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      if (channel.is_im) throw new SlackApiError("method_not_supported_for_channel_type");
      requireScope(ctx, [channel.is_private ? "groups:write" : "channels:manage"]);
      if (channel.is_archived) throw new SlackApiError("is_archived");
      requireMember(ctx, channel);
      const users = (args.users as string[] | undefined) ?? [];
      if (users.length === 0) throw new SlackApiError("no_user");
      if (users.length > 100) throw new SlackApiError("too_many_users");
      const errors: Array<{ user: string; ok: false; error: string }> = [];
      const toAdd: string[] = [];
      for (const id of users) {
        const u = await ctx.workspace.getUser(id);
        let error: string | null = null;
        if (id === ctx.actor) error = "cant_invite_self";
        else if (!u || u.deleted) error = "user_not_found";
        else if (channel.members.includes(id)) error = "already_in_channel";
        if (error) errors.push({ user: id, ok: false, error });
        else toAdd.push(id);
      }
      if (errors.length > 0 && !bool(args, "force")) {
        throw new SlackApiError(errors[0]!.error, { errors });
      }
      channel.members.push(...toAdd);
      await ctx.workspace.putChannel(channel);
      return { channel: forCaller(ctx, channel), ...(errors.length ? { errors } : {}) };
    },
  },

  "conversations.archive": {
    tier: 2,
    scopes: () => ["channels:manage", "groups:write"],
    args: { channel: { type: "string", required: true } },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      if (channel.is_im) throw new SlackApiError("method_not_supported_for_channel_type");
      requireScope(ctx, [channel.is_private ? "groups:write" : "channels:manage"]);
      if (channel.name === "general") throw new SlackApiError("cant_archive_general");
      if (channel.is_archived) throw new SlackApiError("already_archived");
      await ctx.workspace.putChannel({ ...channel, is_archived: true });
      return {};
    },
  },

  "conversations.unarchive": {
    tier: 2,
    scopes: () => ["channels:manage", "groups:write"],
    args: { channel: { type: "string", required: true } },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      if (channel.is_im) throw new SlackApiError("method_not_supported_for_channel_type");
      requireScope(ctx, [channel.is_private ? "groups:write" : "channels:manage"]);
      if (!channel.is_archived) throw new SlackApiError("not_archived");
      await ctx.workspace.putChannel({ ...channel, is_archived: false });
      return {};
    },
  },

  "conversations.kick": {
    tier: 3,
    scopes: () => ["channels:manage", "groups:write"],
    args: { channel: { type: "string", required: true }, user: { type: "string", required: true } },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      if (channel.is_im) throw new SlackApiError("method_not_supported_for_channel_type");
      requireScope(ctx, [channel.is_private ? "groups:write" : "channels:manage"]);
      const user = str(args, "user")!;
      if (user === ctx.actor) throw new SlackApiError("cant_kick_self");
      const u = await ctx.workspace.getUser(user);
      if (!u || u.deleted) throw new SlackApiError("user_not_found");
      if (!channel.members.includes(user)) throw new SlackApiError("not_in_channel");
      channel.members = channel.members.filter((m) => m !== user);
      await ctx.workspace.putChannel(channel);
      return {};
    },
  },

  "conversations.mark": {
    tier: 3,
    args: { channel: { type: "string", required: true }, ts: { type: "string", required: true } },
    async handler(ctx, args) {
      // Read state belongs to a person: Slack takes only user tokens here.
      if (ctx.token.kind !== "user") throw new SlackApiError("not_allowed_token_type");
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requireMember(ctx, channel);
      const ts = str(args, "ts")!;
      if (!isTs(ts)) throw new SlackApiError("invalid_timestamp");
      await ctx.workspace.records.setLastRead(ctx.actor, channel.id, ts);
      ctx.workspace.emit("state", { what: "read" });
      return {};
    },
  },

  "conversations.open": {
    tier: 3,
    scopes: () => ["im:write"],
    args: {
      users: { type: "csv" },
      channel: { type: "string" },
      return_im: { type: "boolean" },
      prevent_creation: { type: "boolean" },
    },
    async handler(ctx, args) {
      const users = (args.users as string[] | undefined) ?? [];
      if (users.length === 0 && !str(args, "channel")) {
        throw new SlackApiError("users_list_not_supplied");
      }
      if (users.length > 1) throw new SlackApiError("method_not_supported_for_channel_type");
      if (ctx.token.kind === "user") throw new SlackApiError("not_allowed_token_type");
      let channel: Channel;
      if (users.length === 1) {
        const u = await ctx.workspace.getUser(users[0]!);
        if (!u) throw new SlackApiError("user_not_found");
        if (u.deleted) throw new SlackApiError("user_disabled");
        channel = await ctx.workspace.appDm(u.id);
      } else {
        channel = await visibleChannel(ctx, str(args, "channel")!);
      }
      return { channel: bool(args, "return_im") ? forCaller(ctx, channel) : { id: channel.id } };
    },
  },

  "conversations.members": {
    tier: 4,
    args: {
      channel: { type: "string", required: true },
      limit: { type: "number" },
      cursor: { type: "string" },
    },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requireScope(ctx, readScopes(channel));
      const { items, next } = page(
        channel.members,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 100, 1000),
      );
      return { members: items, response_metadata: { next_cursor: next } };
    },
  },

  "conversations.history": {
    tier: 3,
    args: READ_ARGS,
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requireScope(ctx, historyScopes(channel));
      requireMember(ctx, channel);
      const window = timeWindow(args);
      const messages = (await ctx.workspace.topLevelMessages(channel.id)).filter((m) =>
        inWindow(m, window)
      ).reverse();
      const limit = clampLimit(num(args, "limit"), 100, 999);
      const { items, next } = pageByTs(messages, str(args, "cursor"), limit, true);
      return {
        messages: items.map((m) => publicMessage(m, bool(args, "include_all_metadata"))),
        has_more: next !== "",
        pin_count: 0,
        response_metadata: { next_cursor: next },
      };
    },
  },

  "conversations.replies": {
    tier: 3,
    args: { ...READ_ARGS, ts: { type: "string", required: true } },
    async handler(ctx, args) {
      const channel = await visibleChannel(ctx, str(args, "channel")!);
      requireScope(ctx, historyScopes(channel));
      requireMember(ctx, channel);
      const ts = str(args, "ts")!;
      if (!isTs(ts)) throw new SlackApiError("thread_not_found");
      const target = await ctx.workspace.getMessage(channel.id, ts);
      if (!target) throw new SlackApiError("thread_not_found");
      const rootTs = target.thread_ts ?? target.ts;
      const root = await ctx.workspace.getMessage(channel.id, rootTs);
      if (!root) throw new SlackApiError("thread_not_found");
      const window = timeWindow(args);
      const replies = (await ctx.workspace.threadReplies(channel.id, rootTs)).filter((m) =>
        inWindow(m, window)
      );
      const all = [root, ...replies];
      const { items, next } = pageByTs(
        all,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 1000, 1000),
        false,
      );
      return {
        messages: items.map((m) => publicMessage(m, bool(args, "include_all_metadata"))),
        has_more: next !== "",
        response_metadata: { next_cursor: next },
      };
    },
  },
};
