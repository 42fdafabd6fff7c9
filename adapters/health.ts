/**
 * Gathers the health overview (W9): recent errors and unmatched emails from the activity log, the
 * channels the reply listeners watch (their triggers, as Slack has them) against the channels in use,
 * and when each platform last sent events. Reads only; the grouping is domain/health.ts.
 */
import * as z from "zod/mini";
import { WORKFLOWS } from "../domain/app_ids.ts";
import {
  type ChannelCoverage,
  channelCoverage,
  errorChannels,
  type ErrorGroup,
  groupErrors,
  groupRefusals,
  groupUnmatched,
  type HealthReport,
  LAST_RELAYED,
  LastEvent,
  LastRelayed,
  markFixed,
  markResolved,
  RECENT_MS,
  type Waiting,
  waitingByChannel,
} from "../domain/health.ts";
import type { Settings } from "../domain/settings.ts";
import type { AppContext } from "./context.ts";
import { readState } from "./datastore/app_state.ts";
import { queryAll } from "./datastore/records.ts";
import { ACTIVITY, OUTBOX, WEBINARS } from "./datastore/specs.ts";
import { slackCall, SlackCallError, slackCallOr } from "./slack/client.ts";
import { watchedTriggers } from "./slack/reply_triggers.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

/** Rows read per section: enough to count and group, bounded so the modal loads within seconds. */
export const MAX_ERROR_ROWS = 1000;
export const MAX_UNMATCHED_ROWS = 500;
export const MAX_REFUSAL_ROWS = 500;
export const MAX_WAITING_ROWS = 1000;
/** Channels checked for "fixed" per opening (conversations.info, Tier 3). */
export const MAX_CHANNELS_CHECKED = 10;

/** Whether the app can post in each channel its channel errors name, as Slack says now. */
async function postableChannels(ctx: Ctx, groups: readonly ErrorGroup[]) {
  const channels = [...new Set(groups.flatMap(errorChannels))].slice(0, MAX_CHANNELS_CHECKED);
  const out = new Map<string, boolean>();
  await Promise.all(channels.map(async (channel) => {
    try {
      const res = await slackCallOr(ctx, "conversations.info", { channel }, [
        "channel_not_found",
      ]);
      const info = res.ok
        ? (res as { channel?: { is_member?: boolean; is_archived?: boolean } })
          .channel
        : undefined;
      out.set(channel, info?.is_member === true && info.is_archived !== true);
    } catch (err) {
      if (!(err instanceof SlackCallError)) throw err;
      ctx.log.warn("channel_check_failed", { code: err.code });
    }
  }));
  return out;
}

const ListedTrigger = z.object({
  id: z.string(),
  workflow: z.optional(z.object({ callback_id: z.optional(z.string()) })),
  event_type: z.optional(z.string()),
  channel_ids: z.optional(z.array(z.string())),
  event: z.optional(z.object({
    event_type: z.optional(z.string()),
    channel_ids: z.optional(z.array(z.string())),
  })),
});

const TriggerPage = z.object({
  triggers: z.optional(z.array(z.unknown())),
  response_metadata: z.optional(z.object({ next_cursor: z.optional(z.string()) })),
});

const MESSAGE_POSTED = "slack#/events/message_posted";

/**
 * The channels the app's reply triggers listen to, as Slack has them (a deleted trigger listens to
 * nothing, whatever the app remembers). Falls back to what the app remembers if listing fails.
 */
export async function watchedChannels(ctx: Ctx): Promise<string[]> {
  try {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = TriggerPage.safeParse(
        await slackCall(ctx, "workflows.triggers.list", {
          is_owner: true,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        }),
      );
      if (!page.success) throw new SlackCallError("workflows.triggers.list", "invalid_response");
      for (const raw of page.data.triggers ?? []) {
        const parsed = ListedTrigger.safeParse(raw);
        if (!parsed.success) continue;
        const t = parsed.data;
        if (t.workflow?.callback_id !== WORKFLOWS.moderatorReplied) continue;
        if ((t.event?.event_type ?? t.event_type) !== MESSAGE_POSTED) continue;
        out.push(...(t.event?.channel_ids ?? t.channel_ids ?? []));
      }
      cursor = page.data.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return out;
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    ctx.log.warn("trigger_list_failed", { code: err.code });
    return (await watchedTriggers(ctx)).flatMap((t) => t.channel_ids);
  }
}

async function coverage(
  ctx: Ctx,
  settings: Settings,
  webinarRows: Promise<Array<{ id: string; channel_id?: string | undefined }>>,
): Promise<ChannelCoverage | null> {
  try {
    const [watched, webinars] = await Promise.all([watchedChannels(ctx), webinarRows]);
    const expected = [
      ...(settings.channelId ? [settings.channelId] : []),
      ...webinars.flatMap((w) => w.channel_id ? [w.channel_id] : []),
    ];
    return channelCoverage(expected, watched);
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    ctx.log.warn("coverage_unavailable", { code: err.code });
    return null;
  }
}

/** What waits in the outbox, per channel; null if Slack would not say. */
async function waitingNow(
  ctx: Ctx,
  settings: Settings,
  webinarRows: Promise<Array<{ id: string; channel_id?: string | undefined }>>,
): Promise<{ waiting: Waiting[]; capped: boolean } | null> {
  try {
    const [rows, webinars] = await Promise.all([
      queryAll(ctx, OUTBOX, undefined, { max: MAX_WAITING_ROWS }),
      webinarRows,
    ]);
    const channels = new Map(webinars.flatMap((w) => w.channel_id ? [[w.id, w.channel_id]] : []));
    return {
      waiting: waitingByChannel(rows, settings, channels),
      capped: rows.length >= MAX_WAITING_ROWS,
    };
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    ctx.log.warn("waiting_unavailable", { code: err.code });
    return null;
  }
}

export async function gatherHealth(
  ctx: Ctx,
  settings: Settings,
  now = Date.now(),
): Promise<HealthReport> {
  /** Activity rows of one kind from the last 7 days. */
  const recent = (kind: string, max: number) =>
    queryAll(ctx, ACTIVITY, {
      expression: "#kind = :kind AND #at >= :since",
      attributes: { "#kind": "kind", "#at": "at" },
      values: { ":kind": kind, ":since": now - RECENT_MS },
    }, { max });
  const webinarRows = queryAll(ctx, WEBINARS);
  webinarRows.catch(() => {}); // awaited below; a failure is reported there
  const [
    errorRows,
    unmatchedRows,
    rejected,
    ignored,
    channels,
    waiting,
    webinar,
    learning,
    relayed,
  ] = await Promise.all([
    recent("error", MAX_ERROR_ROWS),
    queryAll(ctx, ACTIVITY, {
      expression: "#kind = :kind",
      attributes: { "#kind": "kind" },
      values: { ":kind": "unmatched_email" },
    }, { max: MAX_UNMATCHED_ROWS }),
    recent("rejected", MAX_REFUSAL_ROWS),
    recent("ignored", MAX_REFUSAL_ROWS),
    coverage(ctx, settings, webinarRows),
    waitingNow(ctx, settings, webinarRows),
    readState(ctx, "last_event:webinar", LastEvent),
    readState(ctx, "last_event:learning", LastEvent),
    readState(ctx, LAST_RELAYED, LastRelayed),
  ]);
  const errors = groupErrors(errorRows, now);
  const fixed = markFixed(errors, await postableChannels(ctx, errors));
  const stored = (e: LastEvent | null) => e && e.accepted > 0 ? e.at : null;
  // The webinars were read for the coverage above: an error there left this section without them.
  const webinars = await webinarRows.catch(() => []);
  return {
    now,
    errors: markResolved(fixed, {
      webinarsWithChannel: new Set(webinars.filter((w) => w.channel_id).map((w) => w.id)),
      lastStored: { webinar: stored(webinar), learning: stored(learning) },
      lastRelayed: relayed?.at ?? null,
    }),
    errorCount: errorRows.length,
    errorsCapped: errorRows.length >= MAX_ERROR_ROWS,
    unmatched: groupUnmatched(unmatchedRows),
    refusals: groupRefusals([...rejected, ...ignored], now),
    waiting: waiting?.waiting ?? null,
    waitingCapped: waiting?.capped ?? false,
    channels,
    lastEvents: { webinar, learning },
  };
}
