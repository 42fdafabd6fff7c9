import { SlackApiError } from "../errors.ts";
import { bool, type MethodTable, scope, str } from "../spec.ts";
import { publicMessage, requireMessage, visibleChannel } from "./common.ts";

const EMOJI_NAME = /^[a-z0-9_+'-]{1,100}$/;
const ITEM_ARGS = {
  channel: { type: "string" },
  timestamp: { type: "string" },
  name: { type: "string", required: true },
} as const;

async function target(
  ctx: Parameters<import("../spec.ts").MethodSpec["handler"]>[0],
  args: Record<string, unknown>,
) {
  const channelArg = str(args, "channel");
  const ts = str(args, "timestamp");
  if (!channelArg || !ts) throw new SlackApiError("no_item_specified");
  if (!/^\d+\.\d+$/.test(ts)) throw new SlackApiError("bad_timestamp");
  const channel = await visibleChannel(ctx, channelArg);
  return { channel, message: await requireMessage(ctx, channel, ts) };
}

export const reactionMethods: MethodTable = {
  "reactions.add": {
    tier: 3,
    scopes: scope("reactions:write"),
    args: ITEM_ARGS,
    async handler(ctx, args) {
      const name = str(args, "name")!.replace(/^:|:$/g, "");
      if (!EMOJI_NAME.test(name)) throw new SlackApiError("invalid_name");
      const { channel, message } = await target(ctx, args);
      if (channel.is_archived) throw new SlackApiError("is_archived");
      const reactions = message.reactions ?? [];
      const existing = reactions.find((r) => r.name === name);
      if (existing?.users.includes(ctx.actor)) throw new SlackApiError("already_reacted");
      if (!existing && reactions.length >= 50) throw new SlackApiError("too_many_emoji");
      if (existing) {
        existing.users.push(ctx.actor);
        existing.count++;
      } else reactions.push({ name, users: [ctx.actor], count: 1 });
      message.reactions = reactions;
      await ctx.workspace.saveMessage(message);
      ctx.workspace.emit("reaction", {
        channel: channel.id,
        ts: message.ts,
        name,
        user: ctx.actor,
        added: true,
      });
      return {};
    },
  },

  "reactions.remove": {
    tier: 2,
    scopes: scope("reactions:write"),
    args: ITEM_ARGS,
    async handler(ctx, args) {
      const name = str(args, "name")!.replace(/^:|:$/g, "");
      const { channel, message } = await target(ctx, args);
      const r = message.reactions?.find((x) => x.name === name);
      if (!r || !r.users.includes(ctx.actor)) throw new SlackApiError("no_reaction");
      r.users = r.users.filter((u) => u !== ctx.actor);
      r.count--;
      message.reactions = (message.reactions ?? []).filter((x) => x.count > 0);
      await ctx.workspace.saveMessage(message);
      ctx.workspace.emit("reaction", {
        channel: channel.id,
        ts: message.ts,
        name,
        user: ctx.actor,
        added: false,
      });
      return {};
    },
  },

  "reactions.get": {
    tier: 3,
    scopes: scope("reactions:read"),
    args: { channel: { type: "string" }, timestamp: { type: "string" }, full: { type: "boolean" } },
    async handler(ctx, args) {
      const { channel, message } = await target(ctx, { ...args, name: "x" });
      const view = publicMessage(message, false);
      if (!bool(args, "full") && Array.isArray(view.reactions)) {
        view.reactions = (view.reactions as Array<{ name: string; users: string[]; count: number }>)
          .map((r) => ({
            ...r,
            users: r.users.slice(0, 50),
          }));
      }
      return { type: "message", channel: channel.id, message: view };
    },
  },
};
