/**
 * Delivers webinar outbox rows (W1, W2, W5, W6, W8): the attendee's thread from the ledger, the
 * parent posted once with its anchor written before anything else goes out, later events in the
 * thread. Channels are set up (joined, created with moderators invited, listened to for replies)
 * only by the drainer, one at a time; an ingest hands such rows over.
 */
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { OutboxRow } from "../../datastores/outbox.ts";
import type { SlackMessage } from "../../domain/intents.ts";
import type { WebinarRow } from "../../datastores/webinars.ts";
import type { RemediationCode } from "../../domain/i18n/remediation.ts";
import { channelNameFor } from "../../domain/webinar/channel_name.ts";
import type { AttendeeEvent, WebinarEvent } from "../../domain/webinar/event.ts";
import { eventTime, joinTime } from "../../domain/webinar/event_time.ts";
import { readStoredEvent, WEBINAR_SHAPES } from "../../domain/stored_event.ts";
import { type ChannelTarget, planAttendeeEvent } from "../../domain/webinar/plan.ts";
import {
  type Anchor,
  anchorFrom,
  anchorRows,
  ledgerKey,
  type LedgerView,
} from "../datastore/ledger.ts";
import { stateKey } from "../datastore/app_state.ts";
import { getRow, queryAll, updateRow } from "../datastore/records.ts";
import { LEDGER, WEBINARS } from "../datastore/specs.ts";
import { decide, isSuspect, type LaneProcessor, type Outcome, type Round } from "../delivery.ts";
import { slackCall, SlackCallError, slackCallOr } from "../slack/client.ts";
import { postOnce } from "../slack/post.ts";
import { ensureWatched, REPLY_TRIGGERS_STATE, watchedIn } from "../slack/reply_triggers.ts";
import { applyDeliveryResult } from "./delivery_result.ts";
import { inviteModerators } from "./moderators.ts";

export function webinarSubject(webinarId: string, attendeeId: string): string {
  return `w:${webinarId}:${attendeeId}`;
}

/** The webinar and attendee a subject names. */
function subjectIds(subject: string): { webinarId: string; attendeeId: string } {
  const [, webinarId = "", ...rest] = subject.split(":");
  return { webinarId, attendeeId: rest.join(":") };
}

export function readWebinarEvent(row: OutboxRow): WebinarEvent | null {
  return readStoredEvent<WebinarEvent>(row.event_json, WEBINAR_SHAPES);
}

/** Where the ledger keeps the anchor of a webinar row's attendee thread. */
export function anchorKey(row: OutboxRow): string {
  const { webinarId, attendeeId } = subjectIds(row.subject);
  return ledgerKey.attendee(webinarId, attendeeId);
}

/** The attendee has no thread yet: whoever delivers their rows may open one (domain/claim.ts). */
export function opensThread(rows: readonly OutboxRow[], view: LedgerView): boolean {
  const first = rows[0];
  if (!first || first.lane !== "webinar") return false;
  return !anchorFrom(view.get(anchorKey(first)));
}

export const webinarProcessor: LaneProcessor = {
  threads: { anchorKey, opens: opensThread },
  queueKey: (row) => subjectIds(row.subject).webinarId,

  // deno-lint-ignore require-await -- the lanes share one signature; the learning lane hashes emails
  async ledgerKeys(rows) {
    const keys = [stateKey(REPLY_TRIGGERS_STATE)];
    for (const r of rows) {
      const { webinarId, attendeeId } = subjectIds(r.subject);
      keys.push(ledgerKey.attendee(webinarId, attendeeId), ledgerKey.webinar(webinarId));
    }
    return keys;
  },

  async prepare(round) {
    const { settings } = round;
    if (settings.webinarEnabled && settings.channelMode === "single" && settings.channelId) {
      await prepareSingleChannel(round, settings.channelId);
    }
  },

  async process(row, round) {
    const event = readWebinarEvent(row);
    if (!event) return { kind: "give_up", error: "unreadable_row" };
    if (event.type === "reply.delivery_result") return await applyDeliveryResult(round, event, row);
    await rememberWebinar(round, event);
    const key = ledgerKey.attendee(event.webinar.id, event.attendee.id);
    const anchor = anchorFrom(round.view.get(key));
    const plan = planAttendeeEvent(
      event,
      round.settings,
      anchor
        ? {
          channelId: anchor.channelId,
          threadTs: anchor.threadTs,
          joinedAt: anchor.joinedAt ?? null,
          registeredAt: anchor.registeredAt ?? null,
          openedBy: anchor.openedBy,
        }
        : null,
    );
    const suspect = isSuspect(row);
    /** Whether something of this row went out in this attempt: a retry must look before posting. */
    const progress = { posted: false };
    let channel: string | null = null;
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
          return { kind: "retry", error: "not_configured", delayMs: 60_000 };
        case "in_thread": {
          channel = plan.thread.channelId;
          const blocked = round.blocked.get(channel);
          if (blocked) return { kind: "retry", error: blocked };
          const posted = await postParts(round, row, {
            channel,
            threadTs: plan.thread.threadTs,
            messages: plan.messages,
            ids: partIds(row.id),
            // An unconfirmed earlier attempt may have opened this very thread with this row.
            alsoDeliveredAs: [`${row.id}#parent`, `${row.id}#first`],
            suspect,
            progress,
          });
          if (plan.parent && anchor) await showJoin(round, anchor, plan.parent);
          return { kind: "done", outcome: "posted", channel: posted.channel, ts: posted.ts };
        }
        case "new_thread": {
          const target = await channelFor(round, plan.target, event);
          if ("handover" in target) return { kind: "handover", reason: target.handover };
          if ("error" in target) return { kind: "retry", error: target.error };
          channel = target.id;
          const blocked = round.blocked.get(channel);
          if (blocked) return { kind: "retry", error: blocked };
          const parent = await postOnce(round.ctx, { channel }, plan.parent, {
            deliveryId: `${row.id}#parent`,
            pacer: round.pacer,
            suspect,
            since: row.received_at,
            payload: {
              webinar_id: event.webinar.id,
              attendee_id: event.attendee.id,
              attendee_name: event.attendee.name.slice(0, 200),
            },
          });
          progress.posted = true;
          // Where later events find the thread, and what the relay recognises it by: written with
          // the run's batch. A moderator who answers before then is recognised by the parent's
          // metadata (relay.ts); another run's event of this attendee meets this run's rows (the
          // claim) and waits.
          round.anchor(anchorRows({
            webinarId: event.webinar.id,
            attendeeId: event.attendee.id,
            attendeeName: event.attendee.name,
            channelId: parent.channel,
            threadTs: parent.ts,
            openedBy: event.type,
            registeredAt: event.type === "attendee.registered" ? eventTime(event) : null,
            joinedAt: joinTime(event),
          }));
          await postParts(round, row, {
            channel: parent.channel,
            threadTs: parent.ts,
            messages: plan.firstMessages,
            ids: partIds(`${row.id}#first`),
            alsoDeliveredAs: [],
            // The parent had gone out already, so an earlier attempt may have posted these too.
            suspect: suspect || parent.found,
            progress,
          });
          return { kind: "done", outcome: "posted", channel: parent.channel, ts: parent.ts };
        }
      }
    } catch (err) {
      if (!(err instanceof SlackCallError)) throw err;
      const outcome = await failure(round, err, event, channel);
      return outcome.kind === "retry" && progress.posted ? { ...outcome, suspect: true } : outcome;
    }
  },
};

/**
 * W1: the parent of an attendee who registered earlier now shows when they joined, updated in place
 * (chat.update: still one message, no new notification); the anchor remembers it, so it happens once.
 * A parent that is gone or no longer ours stays as it is.
 */
async function showJoin(
  round: Round,
  anchor: Anchor,
  parent: { message: SlackMessage; joinedAt: number },
): Promise<void> {
  const res = await slackCallOr(round.ctx, "chat.update", {
    channel: anchor.channelId,
    ts: anchor.threadTs,
    text: parent.message.text,
    blocks: parent.message.blocks,
  }, ["message_not_found", "cant_update_message", "channel_not_found", "is_archived"]);
  if (!res.ok) round.ctx.log.info("parent_not_updated", { error: res.error });
  round.remember(anchorRows({ ...anchor, joinedAt: parent.joinedAt }));
}

/** Delivery ids of a row's parts: the first keeps the row's own id, the next get "#part<n>". */
function partIds(base: string): (index: number) => string {
  return (i) => (i === 0 ? base : `${base}#part${i + 1}`);
}

/** Posts a row's parts in order, each once (a message too long for one goes out in parts). */
async function postParts(
  round: Round,
  row: OutboxRow,
  p: {
    channel: string;
    threadTs: string;
    messages: readonly SlackMessage[];
    ids: (index: number) => string;
    alsoDeliveredAs: string[];
    suspect: boolean;
    progress: { posted: boolean };
  },
): Promise<{ channel: string; ts: string }> {
  let first: { channel: string; ts: string } | null = null;
  for (const [i, message] of p.messages.entries()) {
    const posted = await postOnce(
      round.ctx,
      { channel: p.channel, threadTs: p.threadTs },
      message,
      {
        deliveryId: p.ids(i),
        ...(i === 0 && p.alsoDeliveredAs.length > 0 ? { alsoDeliveredAs: p.alsoDeliveredAs } : {}),
        pacer: round.pacer,
        suspect: p.suspect,
        since: row.received_at,
      },
    );
    p.progress.posted = true;
    first ??= posted;
  }
  return first ?? { channel: p.channel, ts: p.threadTs };
}

async function failure(
  round: Round,
  err: SlackCallError,
  event: AttendeeEvent,
  channel: string | null,
): Promise<Outcome> {
  const decision = decide(round, err, channel);
  switch (decision.kind) {
    case "retry":
      return {
        kind: "retry",
        error: err.code,
        delayMs: decision.delayMs,
        suspect: decision.suspect,
      };
    case "join_then_retry": {
      // Someone removed the app (or it never joined): a public channel it joins by itself, once a
      // run, before asking an admin to add it (W9).
      round.joinTried.add(channel!);
      const joined = await slackCallOr(round.ctx, "conversations.join", { channel: channel! }, [
        "method_not_supported_for_channel_type",
        "channel_not_found",
        "is_archived",
        "missing_scope",
      ]);
      if (joined.ok) {
        round.ctx.log.info("joined_channel", { channel });
        return { kind: "retry", error: "not_in_channel", delayMs: 0 };
      }
      blockChannel(round, channel!, "not_in_channel", event.id);
      return { kind: "retry", error: "not_in_channel" };
    }
    case "block_channel":
      blockChannel(round, channel!, err.code, event.id);
      return { kind: "retry", error: err.code };
    case "give_up":
      round.activity({
        kind: "error",
        source: "webinar",
        code: err.code,
        detail: `Slack refused a message for event ${event.id}: ${err.code}`,
        context: { event: event.id, webinar: event.webinar.id, attendee: event.attendee.id },
        remediation: "unexpected",
      });
      return { kind: "give_up", error: err.code };
    case "learner_unavailable":
      return { kind: "retry", error: err.code };
  }
}

/** `eventId`: the event that hit the channel; null when the drainer found it while preparing. */
function blockChannel(
  round: Round,
  channel: string,
  code: string,
  eventId: string | null,
): void {
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
    context: { channel, ...(eventId ? { event: eventId } : {}) },
    remediation,
    remediationParams: { channel: `<#${channel}>` },
    id: `${code}:${channel}:${new Date().toISOString().slice(0, 13)}`,
  });
}

/** Single-channel mode: the app must be in the channel to post and to hear replies (drainer only). */
async function prepareSingleChannel(round: Round, channelId: string): Promise<void> {
  const { ctx } = round;
  // Listened to already means joined already: a removal later shows as not_in_channel on a post.
  if (watchedIn(ctx, round.view).includes(channelId)) return;
  try {
    const info = await slackCall(ctx, "conversations.info", { channel: channelId });
    const channel = info.channel as {
      is_member?: boolean;
      is_private?: boolean;
      is_archived?: boolean;
    };
    if (channel.is_archived) return blockChannel(round, channelId, "is_archived", null);
    if (!channel.is_member) {
      if (channel.is_private) return blockChannel(round, channelId, "not_in_channel", null);
      // A public channel: the app joins by itself before asking anyone to add it.
      await slackCall(ctx, "conversations.join", { channel: channelId });
      ctx.log.info("joined_channel", { channel: channelId });
    }
    await watch(round, [channelId]);
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    blockChannel(
      round,
      channelId,
      err.code === "method_not_supported_for_channel_type" ? "not_in_channel" : err.code,
      null,
    );
  }
}

async function watch(round: Round, channels: string[]): Promise<void> {
  const triggers = await ensureWatched(round.ctx, channels);
  round.view.set(triggers);
}

/** A short digest of what the relay needs of a webinar (W7): changes when a moderator does. */
export async function webinarDigest(e: AttendeeEvent): Promise<string> {
  const w = e.webinar;
  const data = JSON.stringify([
    w.title,
    w.reply_attribution,
    w.primary_moderator.name,
    w.primary_moderator.email,
    w.moderators.map((m) => [m.name, m.email]),
  ]);
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(data));
  return Array.from(new Uint8Array(hash).slice(0, 12), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Keeps the webinar's moderators and attribution mode current for reply relaying (W7). The ledger's
 * digest says whether anything changed, so an unchanged webinar costs no call.
 */
async function rememberWebinar(round: Round, event: AttendeeEvent): Promise<void> {
  const id = ledgerKey.webinar(event.webinar.id);
  const digest = await webinarDigest(event);
  if (round.view.get(id)?.digest === digest) return;
  const w = event.webinar;
  // Merged, not replaced: the channel fields belong to the drainer that created the channel.
  await updateRow(round.ctx, WEBINARS, {
    id: w.id,
    title: w.title,
    reply_attribution: w.reply_attribution,
    primary_moderator_name: w.primary_moderator.name,
    primary_moderator_email: w.primary_moderator.email,
    moderators_json: JSON.stringify(w.moderators.map((m) => ({ name: m.name, email: m.email }))),
    updated_at: Date.now(),
  });
  const row = await updateRow(round.ctx, LEDGER, { id, digest, at: Date.now() });
  round.view.set(row ?? { id, digest, at: Date.now() });
}

type ChannelChoice = { id: string } | { error: string } | { handover: string };

/** Where a new thread goes, set up and listened to; an ingest hands over what needs setting up. */
async function channelFor(
  round: Round,
  target: ChannelTarget,
  event: AttendeeEvent,
): Promise<ChannelChoice> {
  const watched = watchedIn(round.ctx, round.view);
  if (target.mode === "single") {
    if (watched.includes(target.channelId)) return { id: target.channelId };
    if (!round.canPrepare) return { handover: "channel_not_ready" };
    await prepareSingleChannel(round, target.channelId);
    return { id: target.channelId };
  }
  const known = round.view.get(ledgerKey.webinar(target.webinarId))?.channel_id;
  if (known && watched.includes(known)) return { id: known };
  if (!round.canPrepare) return { handover: known ? "channel_not_listened" : "channel_to_create" };
  // The webinars store is the record of which channel a webinar has: never create a second one.
  const webinar = await getRow(round.ctx, WEBINARS, target.webinarId);
  if (webinar?.channel_id) {
    await finishChannel(round, webinar);
    return { id: webinar.channel_id };
  }
  const created = await createWebinarChannel(round, target, event);
  if ("error" in created) return created;
  const updated = await updateRow(round.ctx, WEBINARS, {
    id: target.webinarId,
    channel_id: created.id,
    channel_name: created.name,
    updated_at: Date.now(),
  });
  if (!updated) return { error: "webinar_not_saved" };
  await finishChannel(round, updated);
  return { id: created.id };
}

/** Invites the moderators (once) and listens to the channel; records it in the ledger's digest row. */
async function finishChannel(round: Round, webinar: WebinarRow): Promise<void> {
  if (!webinar.moderators_invited_at) {
    await inviteModerators(round.ctx, webinar, (a) => round.activity(a));
  }
  await watch(round, [webinar.channel_id!]);
  const id = ledgerKey.webinar(webinar.id);
  const row = await updateRow(round.ctx, LEDGER, {
    id,
    channel_id: webinar.channel_id!,
    at: Date.now(),
  });
  if (row) round.view.set(row as LedgerRow);
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
      const id = (res.channel as { id: string }).id;
      ctx.log.info("channel_created", { channel: id, webinar: target.webinarId });
      return { id, name };
    } catch (err) {
      if (!(err instanceof SlackCallError)) throw err;
      if (err.code === "name_taken") {
        const adopted = await adoptOwnChannel(round, name, target.webinarId);
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
 * A name can be taken by a channel this app created for this webinar: on an earlier attempt whose
 * answer was lost, or by another run that read the webinars store before this one had saved it
 * (both runs then create; Slack's unique names let only one succeed). Such a channel (created by the
 * app, used by no other webinar) is reused instead of making "-2", which would split the webinar's
 * threads over two channels.
 */
export async function adoptOwnChannel(
  round: Round,
  name: string,
  webinarId: string,
): Promise<string | null> {
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
      return users.every((w) => w.id === webinarId) ? c.id : null;
    }
    cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ||
      undefined;
  } while (cursor);
  return null;
}
