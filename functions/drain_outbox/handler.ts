import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { drain } from "../../adapters/drain.ts";
import { PROCESSORS } from "../../adapters/processors.ts";
import { runStep } from "../../adapters/step.ts";
import { DrainOutboxFunction } from "./definition.ts";

export default SlackFunction(
  DrainOutboxFunction,
  ({ inputs, client, env }) =>
    runStep({ step: "drain_outbox", client, env }, async (ctx) => {
      const report = await drain(ctx, PROCESSORS, { reason: inputs.reason ?? "webhook" });
      return { status: report.status, delivered: report.delivered };
    }),
);
