/**
 * Rows a run leaves in the outbox for the drainer (an ingest's big request, what it could not deliver
 * inline; maintenance's hourly look) are the drainer's to deliver: such a run wakes it rather than
 * draining itself, so an ingest loads its own lane's delivery and not the drainer's (each function
 * ships as its own bundle, loaded on every cold start). A drainer at work is left to it: it scans
 * the outbox once more after letting go of the lease, late enough to see rows written before a run
 * read the lease as held (drain.ts). Otherwise a drain run is started through the app's webhook
 * trigger; if the trigger cannot take it (its rate limit for longer than this run has), the alarm
 * starts one shortly. docs/reliability.md gives the guarantees.
 */
import type { AppContext } from "./context.ts";
import { leaseHeld } from "./lease.ts";
import { startDrain } from "./slack/continuation.ts";
import { armWatchdog } from "./slack/watchdog.ts";

export type WakeStatus =
  /** A drainer holds the lease: it will see the rows. */
  | "busy"
  /** A drain run was started. */
  | "handed_over"
  /** The alarm will start one (within a minute). */
  | "waiting"
  /** Neither could be arranged: the next ingest that leaves rows, or the hourly maintenance, wakes it. */
  | "stopped";

/** How soon the alarm rings when the webhook trigger could not start a drain. */
const ALARM_AFTER_MS = 15_000;

export async function wakeDrainer(ctx: AppContext, reason: string): Promise<WakeStatus> {
  const busy = () =>
    leaseHeld(ctx, "drain").catch((err) => {
      // Unreadable: start one anyway (a drainer that finds the lease taken stops at once).
      ctx.log.warn("drain_lease_unreadable", { error: err });
      return false;
    });
  if (await busy()) return "busy";
  const started = await startDrain(ctx, reason, async () => !await busy());
  if (started === "started") return "handed_over";
  if (started === "not_needed") return "busy";
  try {
    await armWatchdog(ctx, Date.now() + ALARM_AFTER_MS);
    return "waiting";
  } catch (err) {
    ctx.log.error("drain_not_woken", { reason, error: err });
    return "stopped";
  }
}
