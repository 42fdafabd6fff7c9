import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { ingest } from "../../adapters/ingest.ts";
import { learningIngestSpec } from "../../adapters/learning/intake.ts";
import { runStep } from "../../adapters/step.ts";
import { IngestLearningEventsFunction } from "./definition.ts";

/** Checks the shared secret, reads each learning event, queues the valid ones and delivers them. */
export default SlackFunction(
  IngestLearningEventsFunction,
  ({ inputs, client, env }) =>
    runStep(
      { step: "ingest_learning_events", client, env },
      (ctx) => ingest(ctx, learningIngestSpec(ctx.config.learningEventSecret), inputs),
    ),
);
