/**
 * Keeps the `message_posted` triggers that catch moderators' thread replies (W3) listening to every
 * channel the app posts attendee threads in. A trigger holds at most 20 channels, so more triggers
 * are created as channels grow; `workflows.triggers.update` replaces the whole definition each time.
 */
import * as z from "zod/mini";
import { workflowRef, WORKFLOWS } from "../../domain/app_ids.ts";
import type { AppContext } from "../context.ts";
import type { LedgerRow } from "../../datastores/ledger.ts";
import { readState, stateFrom, stateRow, writeState } from "../datastore/app_state.ts";
import type { LedgerView } from "../datastore/ledger.ts";
import { slackCall, SlackCallError } from "./client.ts";

export const CHANNELS_PER_TRIGGER = 20;
export const REPLY_TRIGGERS_STATE = "reply_triggers";
const STATE_ID = REPLY_TRIGGERS_STATE;
const ReplyTriggers = z.array(
  z.object({ trigger_id: z.string(), channel_ids: z.array(z.string()) }),
);
export type ReplyTriggers = z.infer<typeof ReplyTriggers>;

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export function replyTriggerDefinition(
  channelIds: string[],
  index: number,
): Record<string, unknown> {
  return {
    type: "event",
    name: `Session Bridge: thread replies (${index + 1})`,
    description:
      "Created by Session Bridge to send moderators' thread replies to attendees. Do not delete.",
    workflow: workflowRef(WORKFLOWS.moderatorReplied),
    event: {
      event_type: "slack#/events/message_posted",
      channel_ids: channelIds,
      filter: {
        version: 1,
        root: {
          operator: "AND",
          inputs: [
            { operator: "NOT", inputs: [{ statement: "{{data.thread_ts}} == null" }] },
            { operator: "NOT", inputs: [{ statement: "{{data.user_id}} == null" }] },
          ],
        },
      },
    },
    inputs: {
      channel_id: { value: "{{data.channel_id}}" },
      message_ts: { value: "{{data.message_ts}}" },
      thread_ts: { value: "{{data.thread_ts}}" },
      user_id: { value: "{{data.user_id}}" },
      text: { value: "{{data.text}}" },
    },
  };
}

export async function watchedTriggers(ctx: Ctx): Promise<ReplyTriggers> {
  return (await readState(ctx, STATE_ID, ReplyTriggers)) ?? [];
}

/** The channels the app listens to, from ledger rows already read (state:reply_triggers). */
export function watchedIn(ctx: Pick<Ctx, "log">, view: LedgerView): string[] {
  return (stateFrom(ctx, view, STATE_ID, ReplyTriggers) ?? []).flatMap((t) => t.channel_ids);
}

let serial: Promise<unknown> = Promise.resolve();

/**
 * Adds channels to the reply triggers (creating triggers as needed) and returns the state row as
 * written. Call from the drain only (one holder at a time); calls within the invocation run one
 * after another so no update is lost.
 */
export function ensureWatched(ctx: Ctx, channelIds: string[]): Promise<LedgerRow> {
  const run = serial.then(() => addChannels(ctx, channelIds));
  serial = run.catch(() => undefined);
  return run;
}

async function addChannels(ctx: Ctx, channelIds: string[]): Promise<LedgerRow> {
  const triggers = await watchedTriggers(ctx);
  const watched = new Set(triggers.flatMap((t) => t.channel_ids));
  const missing = [...new Set(channelIds)].filter((c) => !watched.has(c));
  if (missing.length === 0) return stateRow(STATE_ID, triggers);
  for (const channel of missing) {
    let slot = triggers.findIndex((t) => t.channel_ids.length < CHANNELS_PER_TRIGGER);
    if (slot >= 0) {
      const t = triggers[slot]!;
      const channels = [...t.channel_ids, channel];
      try {
        await slackCall(ctx, "workflows.triggers.update", {
          trigger_id: t.trigger_id,
          ...replyTriggerDefinition(channels, slot),
        });
        t.channel_ids = channels;
        await writeState(ctx, STATE_ID, triggers);
        continue;
      } catch (err) {
        if (!(err instanceof SlackCallError) || err.code !== "trigger_not_found") throw err;
        // Someone deleted it: drop it and recreate below with all its channels.
        triggers.splice(slot, 1);
        missing.push(...t.channel_ids.filter((c) => c !== channel));
      }
    }
    slot = triggers.length;
    const res = await slackCall(
      ctx,
      "workflows.triggers.create",
      replyTriggerDefinition([channel], slot),
    );
    triggers.push({
      trigger_id: String((res.trigger as { id: string }).id),
      channel_ids: [channel],
    });
    // Saved after each create: a trigger the app forgot would relay every reply a second time.
    await writeState(ctx, STATE_ID, triggers);
  }
  ctx.log.info("reply_triggers_updated", {
    triggers: triggers.length,
    channels: triggers.reduce((n, t) => n + t.channel_ids.length, 0),
  });
  return stateRow(STATE_ID, triggers);
}
