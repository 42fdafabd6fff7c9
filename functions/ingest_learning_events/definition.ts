/** Accepts a learning platform's webhook request (docs/events.md). */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const INGEST_LEARNING_EVENTS_ID = "ingest_learning_events";

export const IngestLearningEventsFunction = DefineFunction({
  callback_id: INGEST_LEARNING_EVENTS_ID,
  title: "Receive learning events",
  description: "Checks, records and delivers events sent by the learning platform",
  source_file: "functions/ingest_learning_events/handler.ts",
  input_parameters: {
    properties: {
      secret: { type: Schema.types.string, description: "The shared secret (P2)" },
      events: {
        type: Schema.types.array,
        items: { type: Schema.types.object },
        description: "1 to 100 events",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      status: { type: Schema.types.string },
      accepted: { type: Schema.types.integer },
      rejected: { type: Schema.types.integer },
      ignored: { type: Schema.types.integer },
    },
    required: ["status", "accepted", "rejected", "ignored"],
  },
});
