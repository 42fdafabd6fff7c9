/** Accepts a learning platform's webhook request (docs/events.md). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import { WEBHOOK_INPUT_PARAMETERS, WEBHOOK_OUTPUT_PARAMETERS } from "../parameters.ts";

export const INGEST_LEARNING_EVENTS_ID = "ingest_learning_events";

export const IngestLearningEventsFunction = DefineFunction({
  callback_id: INGEST_LEARNING_EVENTS_ID,
  title: "Receive learning events",
  description: "Checks, records and delivers events sent by the learning platform",
  source_file: "functions/ingest_learning_events/handler.ts",
  input_parameters: WEBHOOK_INPUT_PARAMETERS,
  output_parameters: WEBHOOK_OUTPUT_PARAMETERS,
});
