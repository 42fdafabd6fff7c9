/**
 * Delivers webinar outbox rows (W1, W2, W5, W6, W8): finds or creates the attendee's thread, creates
 * a webinar's channel once (inviting its moderators), and posts exactly once per row.
 */
import { attendeeKey, messageKey, type ThreadRow } from "../../datastores/threads.ts";
import type { WebinarRow } from "../../datastores/webinars.ts";
import type { RemediationCode } from "../../domain/i18n/remediation.ts";
import { channelNameFor } from "../../domain/webinar/channel_name.ts";
import { type AttendeeEvent, WebinarEventSchema } from "../../domain/webinar/event.ts";
import {
  type ChannelTarget,
  planAttendeeEvent,
  type ThreadRef,
} from "../../domain/webinar/plan.ts";
import { type LaneProcessor, type Outcome, rateLimitedRetry, type Round } from "../drain.ts";
import { getRow, getRows, putRow, queryAll } from "../datastore/records.ts";
import { THREADS, WEBINARS } from "../datastore/specs.ts";
import { slackCall, SlackCallError, slackCallOr } from "../slack/client.ts";
import { postOnce } from "../slack/post.ts";
import { ensureWatched, watchedTriggers } from "../slack/reply_triggers.ts";
import { inviteModerators } from "./moderators.ts";
import { applyDeliveryResult } from "./delivery_result.ts";

/** Slack errors that stop every post to a channel until an admin fixes something. */
const CHANNEL_BLOCKING = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "restricted_action",
]);
/** Errors that will not get better by retrying the same row. */
const PERMANENT = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "invalid_metadata_format",
  "invalid_metadata_schema",
]);

export function webinarSubject(webinarId: string, attendeeId: string): string {
  return `w:${webinarId}:${attendeeId}`;
}

export const webinarProcessor: LaneProcessor = {
  queueKey: (row) => row.subject.split(":")[1] ?? row.subject,

  async prepare(round, rows) {
    // One bulk read for the threads of every attendee in this round.
    const keys = rows.map((r) => {
      const [, webinarId, attendeeId] = r.subject.split(":");
      return attendeeKey(webinarId ?? "", attendeeId ?? "");
    });
    const found = await getRows(round.ctx, THREADS, keys);
    for (const [id, row] of found) round.threads.set(id, row);
    round.memo.set("threads_loaded", new Set(keys));
    const { settings } = round;
    if (settings.webinarEnabled && settings.channelMode === "single" && settings.channelId) {
      await prepareSingleChannel(round, settings.channelId);
    }
  },

  async process(row, round) {
    const parsed = WebinarEventSchema.safeParse(JSON.parse(row.event_json));
    if (!parsed.success) return { kind: "give_up", error: "unreadable_row" };
    const event = parsed.data;
    if (event.type === "reply.delivery_result") return await applyDeliveryResult(round, event, row);
    await rememberWebinar(round, event);
    const key = attendeeKey(event.webinar.id, event.attendee.id);
    let thread = round.threads.get(key) ?? null;
    if (!thread && !(round.memo.get("threads_loaded") as Set<string> | undefined)?.has(key)) {
      thread = await getRow(round.ctx, THREADS, key);
    }
    const ref: ThreadRef | null = thread
      ? { channelId: thread.channel_id, threadTs: thread.thread_ts }
      : null;
    const plan = planAttendeeEvent(event, round.settings, ref);
    // A row tried before may have gone out partly (the parent but not its first reply, or a post
    // whose answer was lost): look before posting.
    const suspect = round.suspects.has(row.id) || row.attempts > 0;
    let target: string | null = null;
    try {
      switch (plan.kind) {
        case "skip":
          return { kind: "done", outcome: `skipped:${plan.reason}` };
        case "not_configured":
          round.activity({
            kind: "error",
            source: "webinar",
            code: "not_configured",
            detail: "An attendee event arrived but no channel is configured",
            context: { event: event.id },
            remediation: "not_configured",
            id: `not_configured:${new Date().toISOString().slice(0, 10)}`,
          });
          return { kind: "retry", error: "not_configured", delayMs: round.ctx.ms(60_000) };
        case "in_thread": {
          target = plan.thread.channelId;
          const blocked = round.blocked.get(plan.thread.channelId);
          if (blocked) return { kind: "retry", error: blocked };
          const posted = await postOnce(
            round.ctx,
            { channel: plan.thread.channelId, threadTs: plan.thread.threadTs },
            plan.message,
            {
              deliveryId: row.id,
              // An unconfirmed earlier attempt may have opened this very thread with this row.
              alsoDeliveredAs: [`${row.id}#parent`, `${row.id}#first`],
              pacer: round.pacer,
              suspect,
              since: row.received_at,
            },
          );
          return { kind: "done", outcome: "posted", channel: posted.channel, ts: posted.ts };
        }
        case "new_thread": {
          const channel = await resolveChannel(round, plan.target, event);
          if ("error" in channel) return { kind: "retry", error: channel.error };
          target = channel.id;
          const blocked = round.blocked.get(channel.id);
          if (blocked) return { kind: "retry", error: blocked };
          const parent = await postOnce(round.ctx, { channel: channel.id }, plan.parent, {
            deliveryId: `${row.id}#parent`,
            pacer: round.pacer,
            suspect,
            since: row.received_at,
          });
          const now = Date.now();
          const base = {
            webinar_id: event.webinar.id,
            attendee_id: event.attendee.id,
            attendee_name: event.attendee.name.slice(0, 200),
            channel_id: parent.channel,
            thread_ts: parent.ts,
            created_at: now,
          };
          const rows: ThreadRow[] = [{ id: key, ...base }, {
            id: messageKey(parent.channel, parent.ts),
            ...base,
          }];
          round.addThreadRows(rows);
          if (plan.first) {
            await postOnce(
              round.ctx,
              { channel: parent.channel, threadTs: parent.ts },
              plan.first,
              {
                deliveryId: `${row.id}#first`,
                pacer: round.pacer,
                // The parent just went out, so an earlier attempt may have posted the first reply too.
                suspect: suspect || parent.found,
                since: row.received_at,
              },
            );
          }
          return { kind: "done", outcome: "posted", channel: parent.channel, ts: parent.ts };
        }
      }
    } catch (err) {
      return await failure(round, err, event, target);
    }
  },
};

async function failure(
  round: Round,
  err: unknown,
  event: AttendeeEvent,
  channel: string | null,
): Promise<Outcome> {
  if (!(err instanceof SlackCallError)) throw err;
  if (err.code === "not_in_channel" && channel && !round.memo.has(`join:${channel}`)) {
    // Someone removed the app (or it never joined): a public channel it joins by itself, once a
    // round, before asking an admin to add it (W9).
    round.memo.set(`join:${channel}`, true);
    const joined = await slackCallOr(round.ctx, "conversations.join", { channel }, [
      "method_not_supported_for_channel_type",
      "channel_not_found",
      "is_archived",
      "missing_scope",
    ]);
    if (joined.ok) {
      round.ctx.log.info("joined_channel", { channel });
      return { kind: "retry", error: "not_in_channel", delayMs: 0 };
    }
  }
  if (err.code === "ratelimited") return rateLimitedRetry(round, err.retryAfterS);
  if (PERMANENT.has(err.code)) {
    round.activity({
      kind: "error",
      source: "webinar",
      code: err.code,
      detail: `Slack refused a message for event ${event.id}: ${err.code}`,
      context: { event: event.id, webinar: event.webinar.id, attendee: event.attendee.id },
      remediation: "unexpected",
    });
    return { kind: "give_up", error: err.code };
  }
  if (CHANNEL_BLOCKING.has(err.code) && channel) blockChannel(round, channel, err.code, event.id);
  return { kind: "retry", error: err.code };
}

function blockChannel(round: Round, channel: string, code: string, eventId: string): void {
  if (round.blocked.has(channel)) return;
  round.blocked.set(channel, code);
  const remediation: RemediationCode =
    code === "not_in_channel" || code === "channel_not_found" || code === "is_archived"
      ? code
      : "unexpected";
  round.activity({
    kind: "error",
    source: "webinar",
    code,
    detail: `Cannot post in channel ${channel}: ${code}`,
    context: { channel, event: eventId },
    remediation,
    remediationParams: { channel: `<#${channel}>` },
    id: `${code}:${channel}:${new Date().toISOString().slice(0, 13)}`,
  });
}

/** Single-channel mode: the app must be in the channel to post and to hear replies. */
async function prepareSingleChannel(round: Round, channelId: string): Promise<void> {
  const { ctx } = round;
  // Listened to already means joined already: a removal later shows as not_in_channel on a post.
  if ((await watchedTriggers(ctx)).some((t) => t.channel_ids.includes(channelId))) return;
  try {
    const info = await slackCall(ctx, "conversations.info", { channel: channelId });
    const channel = info.channel as {
      is_member?: boolean;
      is_private?: boolean;
      is_archived?: boolean;
    };
    if (channel.is_archived) return blockChannel(round, channelId, "is_archived", "-");
    if (!channel.is_member) {
      if (channel.is_private) return blockChannel(round, channelId, "not_in_channel", "-");
      // A public channel: the app joins by itself before asking anyone to add it.
      await slackCall(ctx, "conversations.join", { channel: channelId });
      ctx.log.info("joined_channel", { channel: channelId });
    }
    await ensureWatched(ctx, [channelId]);
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    blockChannel(
      round,
      channelId,
      err.code === "method_not_supported_for_channel_type" ? "not_in_channel" : err.code,
      "-",
    );
  }
}

/** Keeps the webinar's moderators and attribution mode current for reply relaying (W7). */
async function rememberWebinar(round: Round, event: AttendeeEvent): Promise<void> {
  const memoKey = `webinar:${event.webinar.id}`;
  let known = round.memo.get(memoKey) as WebinarRow | null | undefined;
  if (known === undefined) {
    known = await getRow(round.ctx, WEBINARS, event.webinar.id);
  }
  const w = event.webinar;
  const next: WebinarRow = {
    id: w.id,
    title: w.title,
    reply_attribution: w.reply_attribution,
    primary_moderator_name: w.primary_moderator.name,
    primary_moderator_email: w.primary_moderator.email,
    moderators_json: JSON.stringify(w.moderators.map((m) => ({ name: m.name, email: m.email }))),
    ...(known?.channel_id ? { channel_id: known.channel_id } : {}),
    ...(known?.channel_name ? { channel_name: known.channel_name } : {}),
    updated_at: known?.updated_at ?? Date.now(),
  };
  const same = known && known.title === next.title &&
    known.reply_attribution === next.reply_attribution &&
    known.primary_moderator_email === next.primary_moderator_email &&
    known.moderators_json === next.moderators_json;
  if (!same) {
    next.updated_at = Date.now();
    await putRow(round.ctx, WEBINARS, next);
  }
  round.memo.set(memoKey, next);
}

async function resolveChannel(
  round: Round,
  target: ChannelTarget,
  event: AttendeeEvent,
): Promise<{ id: string } | { error: string }> {
  if (target.mode === "single") return { id: target.channelId };
  const memoKey = `webinar:${target.webinarId}`;
  const webinar = round.memo.get(memoKey) as WebinarRow;
  if (webinar.channel_id) {
    // Inviting or listening may have failed last time (the channel is saved first): retry once a round.
    if (!round.memo.has(`watched:${webinar.channel_id}`)) {
      round.memo.set(`watched:${webinar.channel_id}`, true);
      await ensureWatched(round.ctx, [webinar.channel_id]);
      if (!webinar.moderators_invited_at) {
        await inviteAndRemember(round, webinar);
      }
    }
    return { id: webinar.channel_id };
  }
  const created = await createWebinarChannel(round, target, event);
  if ("error" in created) return created;
  const updated: WebinarRow = {
    ...webinar,
    channel_id: created.id,
    channel_name: created.name,
    updated_at: Date.now(),
  };
  // Saved before anything is posted there, so a later drain never creates a second channel.
  await putRow(round.ctx, WEBINARS, updated);
  round.memo.set(memoKey, updated);
  round.memo.set(`watched:${created.id}`, true);
  await inviteAndRemember(round, updated);
  await ensureWatched(round.ctx, [created.id]);
  return { id: created.id };
}

async function inviteAndRemember(round: Round, webinar: WebinarRow): Promise<void> {
  const done = await inviteModerators(round.ctx, webinar, (a) => round.activity(a));
  if (done) round.memo.set(`webinar:${webinar.id}`, done);
}

async function botUserId(round: Round): Promise<string> {
  let id = round.memo.get("bot_user_id") as string | undefined;
  if (!id) {
    id = String((await slackCall(round.ctx, "auth.test", {})).user_id);
    round.memo.set("bot_user_id", id);
  }
  return id;
}

async function createWebinarChannel(
  round: Round,
  target: Extract<ChannelTarget, { mode: "per_webinar" }>,
  event: AttendeeEvent,
): Promise<{ id: string; name: string } | { error: string }> {
  const { ctx } = round;
  for (let attempt = 1; attempt <= 10; attempt++) {
    const name = channelNameFor(target.prefix, target.title, target.webinarId, attempt);
    try {
      const res = await slackCall(ctx, "conversations.create", { name });
      ctx.log.info("channel_created", {
        channel: (res.channel as { id: string }).id,
        webinar: target.webinarId,
      });
      return { id: (res.channel as { id: string }).id, name };
    } catch (err) {
      if (!(err instanceof SlackCallError)) throw err;
      if (err.code === "name_taken") {
        const adopted = await adoptOwnChannel(round, name);
        if (adopted) return { id: adopted, name };
        continue;
      }
      if (err.code === "ratelimited") return { error: "ratelimited" };
      round.activity({
        kind: "error",
        source: "webinar",
        code: err.code,
        detail: `Cannot create channel "${name}" for webinar ${target.webinarId}: ${err.code}`,
        context: { webinar: target.webinarId, event: event.id },
        remediation: "channel_create_failed",
        remediationParams: { channel: `#${name}` },
        id: `create:${target.webinarId}:${err.code}`,
      });
      return { error: err.code };
    }
  }
  return { error: "name_taken" };
}

/**
 * A name can be taken by a channel this app created on an earlier attempt whose answer was lost.
 * Such a channel (created by the app, used by no other webinar) is reused instead of making "-2".
 */
async function adoptOwnChannel(round: Round, name: string): Promise<string | null> {
  const { ctx } = round;
  const me = await botUserId(round);
  let cursor: string | undefined;
  do {
    const res = await slackCall(ctx, "conversations.list", {
      types: "public_channel",
      limit: 200,
      exclude_archived: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const c of (res.channels as Array<{ id: string; name: string; creator?: string }>) ?? []) {
      if (c.name !== name) continue;
      if (c.creator !== me) return null;
      const users = await queryAll(ctx, WEBINARS, {
        expression: "#c = :c",
        attributes: { "#c": "channel_id" },
        values: { ":c": c.id },
      });
      return users.length === 0 ? c.id : null;
    }
    cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ||
      undefined;
  } while (cursor);
  return null;
}
