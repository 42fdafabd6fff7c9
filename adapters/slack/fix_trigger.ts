/**
 * W9: once an admin adds the app back to a channel it could not post in, the notifications held for
 * that channel go out at once, not at their next retry (which backs off to 15 minutes). One event
 * trigger (`user_joined_channel`, filtered to the app's own bot user) lists the channels that held
 * back a delivery; its run is a drain with Retry now's reason, so every row waiting for a retry is
 * due at once. The drainer adds a channel when it blocks on it; the latest 20 are kept (Slack's limit
 * for one trigger).
 */
import * as z from "zod/mini";
import { workflowRef, WORKFLOWS } from "../../domain/app_ids.ts";
import type { AppContext } from "../context.ts";
import { readState, writeState } from "../datastore/app_state.ts";
import { slackCall, SlackCallError } from "./client.ts";
import { RETRY_NOW } from "./continuation.ts";
import { CHANNELS_PER_TRIGGER } from "./reply_triggers.ts";

const FixTrigger = z.object({
  trigger_id: z.string(),
  bot_user_id: z.string(),
  channel_ids: z.array(z.string()),
});
const STATE_ID = "fix_trigger";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export function fixTriggerDefinition(
  channelIds: string[],
  botUserId: string,
): Record<string, unknown> {
  return {
    type: "event",
    name: "Session Bridge: added to a channel (internal)",
    description:
      "Created by Session Bridge to send held notifications as soon as it is added back to a channel. Do not delete.",
    workflow: workflowRef(WORKFLOWS.drainOutbox),
    event: {
      event_type: "slack#/events/user_joined_channel",
      channel_ids: channelIds,
      filter: { version: 1, root: { statement: `{{data.user_id}} == ${botUserId}` } },
    },
    inputs: { reason: { value: RETRY_NOW } },
  };
}

/**
 * Makes the fix trigger list `channelIds` (blocked this round). Costs one read when they are listed
 * already; otherwise an update (or a create) and a write. Never throws: without the trigger, held
 * rows still go at their next retry or with Retry now.
 */
export async function watchForFix(ctx: Ctx, channelIds: readonly string[]): Promise<void> {
  try {
    const known = await readState(ctx, STATE_ID, FixTrigger);
    const listed = known?.channel_ids ?? [];
    const missing = [...new Set(channelIds)].filter((c) => !listed.includes(c));
    if (missing.length === 0) return;
    const channels = [...listed, ...missing].slice(-CHANNELS_PER_TRIGGER);
    const bot = known?.bot_user_id ?? String((await slackCall(ctx, "auth.test", {})).user_id);
    const definition = fixTriggerDefinition(channels, bot);
    let triggerId = known?.trigger_id ?? null;
    if (triggerId) {
      try {
        await slackCall(ctx, "workflows.triggers.update", { trigger_id: triggerId, ...definition });
      } catch (err) {
        if (!(err instanceof SlackCallError) || err.code !== "trigger_not_found") throw err;
        triggerId = null; // someone deleted it: make it again below
      }
    }
    if (!triggerId) {
      const res = await slackCall(ctx, "workflows.triggers.create", definition);
      triggerId = String((res.trigger as { id: string }).id);
    }
    await writeState(ctx, STATE_ID, {
      trigger_id: triggerId,
      bot_user_id: bot,
      channel_ids: channels,
    });
    ctx.log.info("fix_trigger_updated", { channels: channels.length });
  } catch (err) {
    ctx.log.warn("fix_trigger_failed", { error: err instanceof SlackCallError ? err.code : err });
  }
}
