/**
 * Who is looking (W10, P4): a person's admin flags and Slack locale, whether they may configure
 * Session Bridge, and whether the app can use the channel an admin picked.
 */
import * as z from "zod/mini";
import { type Locale, localeFrom } from "../domain/i18n/mod.ts";
import { canAdminister, type Settings } from "../domain/settings.ts";
import type { FormProblem } from "../domain/settings_form.ts";
import type { AppContext } from "./context.ts";
import { loadSettings } from "./datastore/settings_store.ts";
import { slackCall, SlackCallError } from "./slack/client.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export type Viewer = { id: string; isAdmin: boolean; isOwner: boolean; locale: Locale };

const UserInfo = z.object({
  id: z.string(),
  is_admin: z.optional(z.boolean()),
  is_owner: z.optional(z.boolean()),
  is_primary_owner: z.optional(z.boolean()),
  locale: z.optional(z.string()),
});

/** One users.info call: admin flags and locale. */
export async function lookupViewer(ctx: Ctx, userId: string): Promise<Viewer> {
  const res = await slackCall(ctx, "users.info", { user: userId, include_locale: true });
  const parsed = UserInfo.safeParse(res.user);
  if (!parsed.success) throw new SlackCallError("users.info", "invalid_user_response");
  const u = parsed.data;
  return {
    id: u.id,
    isAdmin: u.is_admin === true,
    isOwner: u.is_owner === true || u.is_primary_owner === true,
    locale: localeFrom(u.locale),
  };
}

export type Access = { viewer: Viewer; settings: Settings; allowed: boolean };

/** W10, checked when a modal opens and again on every submission: both reads run at once. */
export async function checkAccess(ctx: Ctx, userId: string): Promise<Access> {
  const [viewer, settings] = await Promise.all([lookupViewer(ctx, userId), loadSettings(ctx)]);
  return { viewer, settings, allowed: canAdminister(viewer, settings) };
}

const ChannelInfo = z.object({
  is_channel: z.optional(z.boolean()),
  is_group: z.optional(z.boolean()),
  is_im: z.optional(z.boolean()),
  is_mpim: z.optional(z.boolean()),
  is_private: z.optional(z.boolean()),
  is_archived: z.optional(z.boolean()),
  is_member: z.optional(z.boolean()),
});

/**
 * Whether the app can post in the picked channel. A public channel it is not in is fine (it joins by
 * itself before posting); a private one needs someone to add it first.
 */
export async function channelProblem(ctx: Ctx, channelId: string): Promise<FormProblem | null> {
  let info: z.infer<typeof ChannelInfo>;
  try {
    const res = await slackCall(ctx, "conversations.info", { channel: channelId });
    const parsed = ChannelInfo.safeParse(res.channel);
    if (!parsed.success) return "channel_check_failed";
    info = parsed.data;
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    ctx.log.warn("channel_check_failed", { channel: channelId, code: err.code });
    // Slack answers channel_not_found for a private channel the app is not in.
    if (err.code === "channel_not_found") return "channel_not_found";
    return "channel_check_failed";
  }
  if (info.is_im || info.is_mpim) return "channel_not_a_channel";
  if (info.is_archived) return "channel_archived";
  if (info.is_private && !info.is_member) return "channel_private_not_member";
  return null;
}
