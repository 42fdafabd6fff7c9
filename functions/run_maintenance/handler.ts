import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { drain } from "../../adapters/drain.ts";
import { PROCESSORS } from "../../adapters/processors.ts";
import { runStep } from "../../adapters/step.ts";
import { RunMaintenanceFunction } from "./definition.ts";

export default SlackFunction(
  RunMaintenanceFunction,
  ({ client, env }) =>
    runStep({ step: "run_maintenance", client, env }, async (ctx) => {
      const report = await drain(ctx, PROCESSORS, { reason: "maintenance" });
      return { status: report.status, scheduled: 0 };
    }),
);
