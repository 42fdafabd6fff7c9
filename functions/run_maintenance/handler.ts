import { mainHandler } from "../../adapters/main_handler.ts";
import { scheduleDueSteps, type StepsReport } from "../../adapters/learning/maintenance.ts";
import { runStep } from "../../adapters/step.ts";
import { pruneWatchdogs } from "../../adapters/slack/watchdog.ts";
import { retryPendingInvites } from "../../adapters/webinar/moderators.ts";
import { wakeDrainer } from "../../adapters/wake_drainer.ts";
import type { RunMaintenanceFunction } from "./definition.ts";

/**
 * Hourly upkeep: path steps entering Slack's 120-day window are scheduled (L6), a drainer is woken
 * for waiting events, moderator invitations a failure left undone are retried (W6), spare delivery
 * alarms are removed. Expired rows need no purge: Slack deletes them (time_to_live_attribute), and
 * reads skip them until it does.
 */
export default mainHandler<typeof RunMaintenanceFunction>(({ client, env }) =>
  runStep({ step: "run_maintenance", client, env }, async (ctx) => {
    let steps: StepsReport | null = null;
    try {
      steps = await scheduleDueSteps(ctx);
    } catch (err) {
      // The drainer is still woken; the steps are tried again next hour.
      ctx.log.error("steps_maintenance_failed", { error: err });
    }
    // Rows due later whose alarm was lost get a drainer within the hour.
    const drain = await wakeDrainer(ctx, "maintenance");
    try {
      await retryPendingInvites(ctx);
    } catch (err) {
      ctx.log.error("invites_retry_failed", { error: err });
    }
    try {
      await pruneWatchdogs(ctx);
    } catch (err) {
      ctx.log.error("watchdog_prune_failed", { error: err });
    }
    return {
      status: `steps:${steps?.status ?? "failed"} drain:${drain}`,
      scheduled: steps ? steps.scheduled + steps.posted : 0,
    };
  })
);
