import { drain } from "../../adapters/drain.ts";
import { mainHandler } from "../../adapters/main_handler.ts";
import { PROCESSORS } from "../../adapters/processors.ts";
import { runStep } from "../../adapters/step.ts";
import type { DrainOutboxFunction } from "./definition.ts";

export default mainHandler<typeof DrainOutboxFunction>(({ inputs, client, env }) =>
  runStep({ step: "drain_outbox", client, env }, async (ctx) => {
    const report = await drain(ctx, PROCESSORS, { reason: inputs.reason ?? "webhook" });
    return { status: report.status, delivered: report.delivered };
  })
);
