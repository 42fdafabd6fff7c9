import { mainHandler } from "../../adapters/main_handler.ts";
import { ingest } from "../../adapters/ingest.ts";
import { learningIngestSpec } from "../../adapters/learning/intake.ts";
import { runStep } from "../../adapters/step.ts";
import type { IngestLearningEventsFunction } from "./definition.ts";

/** Checks the shared secret, reads each learning event, queues the valid ones and delivers them. */
export default mainHandler<typeof IngestLearningEventsFunction>(({ inputs, client, env }) =>
  runStep(
    { step: "ingest_learning_events", client, env },
    (ctx) => ingest(ctx, learningIngestSpec(ctx.config.learningEventSecret), inputs),
  )
);
