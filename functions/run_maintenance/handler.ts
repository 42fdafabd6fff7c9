import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { drain } from "../../adapters/drain.ts";
import { purgeExpired } from "../../adapters/expiry.ts";
import { scheduleDueSteps, type StepsReport } from "../../adapters/learning/maintenance.ts";
import { PROCESSORS } from "../../adapters/processors.ts";
import { runStep } from "../../adapters/step.ts";
import { retryPendingInvites } from "../../adapters/webinar/moderators.ts";
import { RunMaintenanceFunction } from "./definition.ts";

/**
 * Hourly upkeep: path steps entering Slack's 120-day window are scheduled (L6), waiting events are
 * delivered, moderator invitations a failure left undone are retried (W6), then expired rows are
 * purged with whatever time is left.
 */
export default SlackFunction(
  RunMaintenanceFunction,
  ({ client, env }) =>
    runStep({ step: "run_maintenance", client, env }, async (ctx) => {
      let steps: StepsReport | null = null;
      try {
        steps = await scheduleDueSteps(ctx);
      } catch (err) {
        // The drain still runs; the steps are tried again next hour.
        ctx.log.error("steps_maintenance_failed", { error: err });
      }
      const report = await drain(ctx, PROCESSORS, { reason: "maintenance" });
      try {
        await retryPendingInvites(ctx);
      } catch (err) {
        ctx.log.error("invites_retry_failed", { error: err });
      }
      try {
        await purgeExpired(ctx);
      } catch (err) {
        ctx.log.error("purge_failed", { error: err });
      }
      return {
        status: `steps:${steps?.status ?? "failed"} drain:${report.status}`,
        scheduled: steps ? steps.scheduled + steps.posted : 0,
      };
    }),
);
