/**
 * W3 and W7: a person's reply in an attendee's thread goes to the attendee through the webinar
 * platform, as the right sender; the reply then gets a reaction saying how it went (chat, email,
 * failed). The app's own posts never come here (the trigger's filter drops bot messages, and bots are
 * checked again), and a reply is relayed once even if Slack runs the trigger twice.
 */
import * as z from "zod/mini";
import type { LedgerRow } from "../../datastores/ledger.ts";
import { Moderators } from "../../datastores/webinars.ts";
import { DELIVERY_EVENT_TYPE } from "../../domain/intents.ts";
import { localeFrom, t } from "../../domain/i18n/mod.ts";
import { WEBINAR_TEXT as W } from "../../domain/i18n/webinar.ts";
import type { RemediationCode } from "../../domain/i18n/remediation.ts";
import { slackTextToPlain } from "../../domain/text.ts";
import { replySender } from "../../domain/webinar/attribution.ts";
import { renderRepliedAsPrimary, renderReplyFailed } from "../../domain/webinar/messages.ts";
import { recordActivity } from "../activity.ts";
import type { AppContext } from "../context.ts";
import {
  type Anchor,
  anchorFrom,
  ledgerKey,
  MARKER_KEEP_S,
  readLedger,
  writeLedger,
} from "../datastore/ledger.ts";
import { stateRow } from "../datastore/app_state.ts";
import { LAST_RELAYED } from "../../domain/health_state.ts";
import { getRow, putRow } from "../datastore/records.ts";
import { loadSettings } from "../datastore/settings_store.ts";
import { LEDGER, WEBINARS } from "../datastore/specs.ts";
import { errorCode, slackCall, slackCallOr } from "../slack/client.ts";
import { Pacer } from "../slack/pacer.ts";
import { postOnce } from "../slack/post.ts";
import { type ReplyResult, sendReply } from "../upstream/webinar_api.ts";
import { OUTCOME_REACTION, replyId, replyMarkerId } from "./markers.ts";

export type ReplyInput = {
  channel_id: string;
  message_ts: string;
  thread_ts?: string;
  user_id?: string;
  text?: string;
};

export type RelayStatus =
  | "delivered:chat"
  | "delivered:email"
  | "failed"
  | "ignored:bot"
  | "ignored:not_attendee_thread"
  | "duplicate";

type SlackUser = {
  id: string;
  is_bot?: boolean;
  locale?: string;
  real_name?: string;
  name?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
};

const MAX_REPLY = 10_000;
/** A delivered reply's marker detail when it went out under the primary moderator's name. */
const AS_PRIMARY = "as_primary:";

/** Why a reply did not reach the attendee: the platform's answer, or ours before asking it. */
type FailureCode = Extract<ReplyResult, { outcome: "failed" }>["code"] | "no_text" | "not_sent";
type Outcome = ReplyResult | { outcome: "failed"; code: FailureCode; detail: string };

/** What a run learned so far: what its failure handler needs to tell the writer. */
type Progress = {
  thread?: Anchor;
  locale?: string | null;
  sent?: Outcome;
  /** The primary moderator's name, when the reply went out under it instead of its writer's. */
  asPrimary?: string;
};

/**
 * Relays one reply. A reply in an attendee's thread that cannot be relayed, for whatever reason,
 * still gets its ⚠️ mark, a note to its writer and a health entry: it never vanishes (W3).
 */
export async function relayReply(ctx: AppContext, input: ReplyInput): Promise<RelayStatus> {
  if (!input.user_id || !input.thread_ts) return "ignored:bot";
  const progress: Progress = {};
  try {
    return await relay(ctx, input, input.thread_ts, progress);
  } catch (err) {
    const code = errorCode(err);
    if (progress.sent) {
      // The platform has it (or a marker says so); only the bookkeeping failed: its mark, if Slack
      // takes it now, and the step's error.
      if (progress.thread) {
        await markReply(ctx, input, replyMarker(input, progress.thread, progress.sent, null))
          .catch(() => {});
      }
      throw err;
    }
    const thread = progress.thread ??
      await anchorFromParent(ctx, input.channel_id, input.thread_ts).catch(() => null);
    if (!thread) throw err; // not an attendee's thread, as far as Slack can tell
    ctx.log.error("reply_not_relayed", { code, error: err });
    await finish(ctx, input, thread, {
      outcome: "failed",
      code: "not_sent",
      detail: code,
    }, progress.locale ?? null);
    return "failed";
  }
}

async function relay(
  ctx: AppContext,
  input: ReplyInput,
  threadTs: string,
  progress: Progress,
): Promise<RelayStatus> {
  const markerId = replyMarkerId(input.channel_id, input.message_ts);
  const view = await readLedger(ctx, [markerId, ledgerKey.message(input.channel_id, threadTs)]);
  const earlier = view.get(markerId);
  if (earlier) {
    // Delivered already (Slack ran the trigger twice, or a run stopped after delivering): make sure
    // the reply carries its mark, and deliver nothing again.
    progress.sent = { outcome: "chat" };
    await markReply(ctx, input, earlier);
    return "duplicate";
  }
  const thread = anchorFrom(view.get(ledgerKey.message(input.channel_id, threadTs))) ??
    await anchorFromParent(ctx, input.channel_id, threadTs);
  if (!thread) return "ignored:not_attendee_thread";
  progress.thread = thread;
  const author = (await slackCall(ctx, "users.info", { user: input.user_id, include_locale: true }))
    .user as SlackUser;
  if (author.is_bot) return "ignored:bot";
  progress.locale = author.locale ?? null;
  const names = new Map<string, string>();
  const mentioned = [...(input.text ?? "").matchAll(/<@([A-Z0-9]+)>/g)].map((m) => m[1]!);
  for (const id of new Set(mentioned.slice(0, 5))) {
    const res = await slackCallOr(ctx, "users.info", { user: id }, ["user_not_found"]);
    const u = res.ok ? (res as { user?: SlackUser }).user : undefined;
    if (u) names.set(id, u.profile?.display_name || u.real_name || u.name || id);
  }
  const text = slackTextToPlain(input.text ?? "", (id) => names.get(id)).trim();

  const webinar = text ? await getRow(ctx, WEBINARS, thread.webinarId) : null;
  let result: Outcome;
  if (!text) {
    // A file or an image alone: only text reaches the platform.
    result = { outcome: "failed", code: "no_text", detail: "the reply has no text" };
  } else if (!webinar) {
    result = { outcome: "failed", code: "rejected", detail: "webinar unknown to Session Bridge" };
  } else if (text.length > MAX_REPLY) {
    result = { outcome: "failed", code: "too_long", detail: `reply has ${text.length} characters` };
  } else {
    const sender = replySender({
      replyAttribution: webinar.reply_attribution,
      primary: { name: webinar.primary_moderator_name, email: webinar.primary_moderator_email },
      moderators: Moderators.parse(JSON.parse(webinar.moderators_json)),
    }, { email: author.profile?.email ?? null });
    result = await sendReply(ctx, {
      replyId: replyId(input.channel_id, input.message_ts),
      webinarId: thread.webinarId,
      attendeeId: thread.attendeeId,
      text,
      sender: { name: sender.name, email: sender.email },
      sentAt: Number(input.message_ts) * 1000,
    });
    progress.sent = result;
    if (sender.substituted) progress.asPrimary = sender.name;
    ctx.log.info("reply_relayed", {
      webinar: thread.webinarId,
      attendee: thread.attendeeId,
      outcome: result.outcome,
      as: sender.as,
    });
  }
  await finish(ctx, input, thread, result, progress.locale, progress.asPrimary);
  if (result.outcome === "failed") return "failed";
  return result.outcome === "chat" ? "delivered:chat" : "delivered:email";
}

function replyMarker(
  input: ReplyInput,
  thread: Anchor,
  result: Outcome,
  locale: string | null | undefined,
  asPrimary?: string,
): LedgerRow {
  const now = Date.now();
  return {
    id: replyMarkerId(input.channel_id, input.message_ts),
    outcome: `relayed:${result.outcome}`,
    channel_id: input.channel_id,
    ts: input.message_ts,
    ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    webinar_id: thread.webinarId,
    attendee_id: thread.attendeeId,
    attendee_name: thread.attendeeName,
    ...(result.outcome === "failed"
      ? { detail: `${result.code}:${result.detail}`.slice(0, 500) }
      : asPrimary !== undefined
      ? { detail: `${AS_PRIMARY}${asPrimary}`.slice(0, 500), user_id: input.user_id ?? "" }
      : {}),
    // The writer's Slack language, for the notes a reply may get.
    ...(locale ? { locale } : {}),
    at: now,
    expires_at: Math.floor(now / 1000) + MARKER_KEEP_S,
  };
}

/** The marker first: from here on a re-run only repairs the mark, it never sends again. */
async function finish(
  ctx: AppContext,
  input: ReplyInput,
  thread: Anchor,
  result: Outcome,
  locale: string | null | undefined,
  asPrimary?: string,
): Promise<void> {
  const marker = replyMarker(input, thread, result, locale, asPrimary);
  if (result.outcome === "failed" && result.code === "not_sent") {
    // The datastore may be what failed: the writer is told whether or not the marker is kept.
    await putRow(ctx, LEDGER, marker).catch(() => {});
  } else if (result.outcome === "failed") await putRow(ctx, LEDGER, marker);
  else {
    // In the same write: when a reply last got through, so health shows a platform outage resolved.
    await writeLedger(ctx, [marker, stateRow(LAST_RELAYED, { at: marker.at }, marker.at!)]);
  }
  await markReply(ctx, input, marker);
}

const REASONS = {
  not_configured: W.reasonNotConfigured,
  unavailable: W.reasonPlatformDown,
  rejected: W.reasonRejected,
  unknown_attendee: W.reasonUnknownAttendee,
  too_long: W.replyTooLong,
  domain_not_allowed: W.reasonDomainNotAllowed,
  no_text: W.reasonNoText,
  not_sent: W.reasonNotSent,
} as const satisfies Record<FailureCode, unknown>;

const ParentMetadata = z.object({
  event_type: z.literal(DELIVERY_EVENT_TYPE),
  event_payload: z.object({
    webinar_id: z.string(),
    attendee_id: z.string(),
    attendee_name: z.optional(z.string()),
  }),
});

/**
 * The attendee a thread belongs to, read from its parent's message metadata: for a reply that comes
 * before the thread's anchor is readable (datastore reads may lag behind writes). Null when the
 * parent is not an attendee message of ours.
 */
async function anchorFromParent(
  ctx: AppContext,
  channelId: string,
  threadTs: string,
): Promise<Anchor | null> {
  const res = await slackCallOr(ctx, "conversations.replies", {
    channel: channelId,
    ts: threadTs,
    limit: 1,
    include_all_metadata: true,
  }, ["thread_not_found", "message_not_found", "channel_not_found", "not_in_channel"]);
  if (!res.ok) return null;
  const parent = ((res as { messages?: unknown[] }).messages ?? [])[0] as
    | { ts?: string; bot_id?: string; metadata?: unknown }
    | undefined;
  if (parent?.ts !== threadTs || !parent.bot_id) return null;
  const meta = ParentMetadata.safeParse(parent.metadata);
  if (!meta.success) return null;
  ctx.log.info("thread_found_by_parent", { channel: channelId });
  return {
    webinarId: meta.data.event_payload.webinar_id,
    attendeeId: meta.data.event_payload.attendee_id,
    attendeeName: meta.data.event_payload.attendee_name ?? "",
    channelId,
    threadTs,
    openedBy: null,
  };
}

/**
 * What people see on a relayed reply: its reaction (💬, ✉️ or ⚠️) and, for a failure, a note in the
 * thread and an activity-log entry. Every part is safe to repeat (already_reacted, delivery id, row id).
 */
async function markReply(ctx: AppContext, input: ReplyInput, marker: LedgerRow): Promise<void> {
  const outcome = (marker.outcome ?? "").replace(/^relayed:/, "") as keyof typeof OUTCOME_REACTION;
  await slackCallOr(ctx, "reactions.add", {
    channel: input.channel_id,
    timestamp: input.message_ts,
    name: OUTCOME_REACTION[outcome],
  }, ["already_reacted"]);
  if (!input.thread_ts) return;
  if (outcome !== "failed") {
    if (marker.detail?.startsWith(AS_PRIMARY) && marker.user_id) {
      // W7: the writer learns their reply went out under the primary moderator's name.
      const locale = marker.locale
        ? localeFrom(marker.locale)
        : await loadSettings(ctx).then((s) => s.language, () => "en" as const);
      await postOnce(
        ctx,
        { channel: input.channel_id, threadTs: input.thread_ts },
        renderRepliedAsPrimary(
          marker.user_id,
          marker.attendee_name ?? "",
          marker.detail.slice(AS_PRIMARY.length),
          locale,
        ),
        {
          deliveryId: `${marker.id}#as_primary`,
          pacer: new Pacer(1000),
          suspect: true,
          since: marker.at,
        },
      );
    }
    return;
  }
  const [rawCode, ...rest] = (marker.detail ?? "rejected:").split(":");
  const code: FailureCode = rawCode && rawCode in REASONS ? rawCode as FailureCode : "rejected";
  const detail = rest.join(":");
  // A failure may come from the datastore itself: the note still goes out, in English if need be.
  const language = await loadSettings(ctx).then((s) => s.language, () => "en" as const);
  // The note speaks to the reply's writer, in their Slack language when Slack told us.
  const locale = marker.locale ? localeFrom(marker.locale) : language;
  await postOnce(
    ctx,
    { channel: input.channel_id, threadTs: input.thread_ts },
    renderReplyFailed(
      marker.attendee_name ?? "",
      t(locale, REASONS[code], { code: detail }),
      locale,
      false,
    ),
    {
      deliveryId: `${marker.id}#failed`,
      pacer: new Pacer(1000),
      suspect: true,
      since: marker.at,
    },
  );
  const remediation: RemediationCode = code === "not_sent"
    ? "reply_not_sent"
    : code === "no_text"
    ? "reply_without_text"
    : code === "not_configured"
    ? "platform_not_configured"
    : code === "unavailable"
    ? "platform_unavailable"
    : code === "domain_not_allowed"
    ? "platform_domain_not_allowed"
    : "platform_rejected";
  await recordActivity(ctx, [{
    kind: "error",
    source: "webinar",
    code: code === "not_sent" || code === "no_text" ? `reply_${code}` : `platform_${code}`,
    detail: `A reply could not be delivered: ${detail}`,
    context: {
      webinar: marker.webinar_id,
      attendee: marker.attendee_id,
      channel: input.channel_id,
      message: input.message_ts,
    },
    remediation,
    remediationParams: { code: detail },
    id: `relay_failed:${marker.id}`,
  }], language);
}
