/**
 * Handing the drain over to a fresh invocation: the app creates (once) a webhook trigger for its
 * drain workflow and POSTs to it, so the work goes on past one function's 60 seconds.
 */
import * as z from "zod/mini";
import { workflowRef, WORKFLOWS } from "../../domain/app_ids.ts";
import type { AppContext } from "../context.ts";
import { readState, writeState } from "../datastore/app_state.ts";
import { slackCall, SlackCallError } from "./client.ts";

/**
 * The reason an admin's "Retry now" (health) starts a drain with: the rows waiting for a retry (a
 * channel the app was not in, say) are due at once, each until that drain has taken it (drain.ts).
 */
export const RETRY_NOW = "retry_now";

const DrainTrigger = z.object({ trigger_id: z.string(), webhook_url: z.string() });
const STATE_ID = "drain_trigger";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export function drainTriggerDefinition(): Record<string, unknown> {
  return {
    type: "webhook",
    name: "Session Bridge: continue delivery (internal)",
    description:
      "Created by Session Bridge itself to continue delivering queued events. Do not delete.",
    workflow: workflowRef(WORKFLOWS.drainOutbox),
    inputs: { reason: { value: "{{data.reason}}" } },
  };
}

async function ensureTrigger(ctx: Ctx, fresh: boolean): Promise<z.infer<typeof DrainTrigger>> {
  if (!fresh) {
    const known = await readState(ctx, STATE_ID, DrainTrigger);
    if (known) return known;
  }
  const res = await slackCall(ctx, "workflows.triggers.create", drainTriggerDefinition());
  const trigger = res.trigger as { id: string; webhook_url: string };
  const value = { trigger_id: trigger.id, webhook_url: trigger.webhook_url };
  await writeState(ctx, STATE_ID, value);
  return value;
}

/**
 * Starts the next drainer of a chain (drain.ts): it waits a moment for this one to let go of the
 * lease. Returns whether a fresh drain was started.
 */
export async function kickContinuation(ctx: Ctx, reason: string): Promise<boolean> {
  // A chain of continuations says what started it once, not once per link.
  const continued = reason.startsWith("continue:") ? reason : `continue:${reason}`;
  return await startDrain(ctx, continued) === "started";
}

/**
 * Starts a drain run with this reason (one that does not start with "continue:" takes the lease only
 * if it is free at once), waiting out the trigger's rate limit for as long as the budget allows, or
 * only until `stillNeeded` says no more (a drainer is at work by now: "not_needed").
 */
export async function startDrain(
  ctx: Ctx,
  reason: string,
  stillNeeded: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<"started" | "not_needed" | "failed"> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const trigger = await ensureTrigger(ctx, attempt > 0);
      const res = await fetch(trigger.webhook_url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reason: reason.slice(0, 200) }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (res.ok) return "started";
      if (res.status === 429) {
        const wait = Number(res.headers.get("retry-after") ?? "6") * 1000;
        if (!ctx.budget.has(wait)) break;
        await new Promise((r) => setTimeout(r, wait));
        if (!await stillNeeded()) return "not_needed";
        attempt--;
        continue;
      }
      // 404: the trigger was deleted; the next attempt creates a new one.
      ctx.log.warn("continuation_refused", { status: res.status });
    } catch (err) {
      ctx.log.warn("continuation_failed", {
        error: err instanceof SlackCallError ? err.code : err,
      });
    }
  }
  ctx.log.error("continuation_not_started", { reason });
  return "failed";
}
