/**
 * The drain's alarm clock: a one-shot scheduled trigger of the drain workflow that the app keeps
 * set while it has rows to deliver. A drainer sets it before it starts (so if Slack stops it, or it
 * crashes, a fresh drain starts within two minutes), and on its way out moves it to when the next
 * waiting row is due, or removes it when nothing waits. One trigger is reused (update is a full
 * replace); its id is kept in the ledger's state. A one-shot alarm that rang is spent, so each
 * drainer sets it again; an alarm that finds nothing to do is harmless.
 */
import * as z from "zod/mini";
import { workflowRef, WORKFLOWS } from "../../domain/app_ids.ts";
import { readState, writeState } from "../datastore/app_state.ts";
import { slackCall, SlackCallError, type SlackCtx } from "./client.ts";

const STATE = "watchdog";
const Watchdog = z.object({ trigger_id: z.string(), at: z.number() });

/** Slack wants a start time in the future; keep a margin for the call to arrive. */
const MIN_LEAD_MS = 10_000;

export function watchdogDefinition(at: number): Record<string, unknown> {
  return {
    type: "scheduled",
    name: "Session Bridge: resume delivery (internal)",
    description:
      "Created by Session Bridge to resume delivering queued events if a run stops. Do not delete.",
    workflow: workflowRef(WORKFLOWS.drainOutbox),
    inputs: { reason: { value: "watchdog" } },
    schedule: {
      start_time: new Date(at).toISOString(),
      frequency: { type: "once" },
    },
  };
}

/** Sets the alarm for `at` (epoch ms, at least MIN_LEAD_MS ahead); returns when it will ring. */
export async function armWatchdog(ctx: SlackCtx, at: number): Promise<number> {
  const when = Math.max(at, Date.now() + MIN_LEAD_MS);
  let known: z.infer<typeof Watchdog> | null = null;
  try {
    known = await readState(ctx, STATE, Watchdog);
  } catch (err) {
    // The datastore is failing: a new alarm matters more than reusing the old one (a spare
    // alarm only starts a drain that finds nothing to do).
    ctx.log.warn("watchdog_state_unreadable", { error: err });
  }
  if (known) {
    try {
      await slackCall(ctx, "workflows.triggers.update", {
        trigger_id: known.trigger_id,
        ...watchdogDefinition(when),
      });
      await writeState(ctx, STATE, { trigger_id: known.trigger_id, at: when });
      return when;
    } catch (err) {
      if (!(err instanceof SlackCallError) || err.code !== "trigger_not_found") throw err;
      // Deleted by someone: make a new one below.
    }
  }
  const res = await slackCall(ctx, "workflows.triggers.create", watchdogDefinition(when));
  const id = String((res.trigger as { id?: unknown } | undefined)?.id ?? "");
  if (!id) throw new SlackCallError("workflows.triggers.create", "invalid_response");
  // Saved at once, so the next drainer moves this alarm instead of adding one.
  await writeState(ctx, STATE, { trigger_id: id, at: when }).catch((err) =>
    ctx.log.warn("watchdog_state_not_saved", { error: err })
  );
  return when;
}

/** Removes the alarm: nothing waits. */
export async function disarmWatchdog(ctx: SlackCtx): Promise<void> {
  const known = await readState(ctx, STATE, Watchdog);
  if (!known) return;
  try {
    await slackCall(ctx, "workflows.triggers.delete", { trigger_id: known.trigger_id });
  } catch (err) {
    if (!(err instanceof SlackCallError) || err.code !== "trigger_not_found") throw err;
  }
  await writeState(ctx, STATE, null);
}

const ListedTriggers = z.object({
  triggers: z.optional(z.array(z.object({
    id: z.string(),
    type: z.optional(z.string()),
    workflow: z.optional(z.object({ callback_id: z.optional(z.string()) })),
  }))),
  response_metadata: z.optional(z.object({ next_cursor: z.optional(z.string()) })),
});

/**
 * Removes spent or spare alarms (left when the datastore could not tell which one was current):
 * every scheduled drain trigger of the app's but the one its state names. Hourly upkeep.
 */
export async function pruneWatchdogs(ctx: SlackCtx): Promise<number> {
  const known = await readState(ctx, STATE, Watchdog);
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = ListedTriggers.safeParse(
      await slackCall(ctx, "workflows.triggers.list", {
        is_owner: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );
    if (!page.success) break;
    for (const t of page.data.triggers ?? []) {
      if (t.type !== "scheduled" || t.workflow?.callback_id !== WORKFLOWS.drainOutbox) continue;
      if (t.id === known?.trigger_id) continue;
      try {
        await slackCall(ctx, "workflows.triggers.delete", { trigger_id: t.id });
        removed++;
      } catch (err) {
        if (!(err instanceof SlackCallError) || err.code !== "trigger_not_found") throw err;
      }
    }
    cursor = page.data.response_metadata?.next_cursor || undefined;
  } while (cursor);
  if (removed > 0) ctx.log.info("watchdogs_pruned", { removed });
  return removed;
}
