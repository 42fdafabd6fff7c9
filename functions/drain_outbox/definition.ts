/** Continues delivering queued events (started by the app's own drain webhook). */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const DRAIN_OUTBOX_ID = "drain_outbox";

export const DrainOutboxFunction = DefineFunction({
  callback_id: DRAIN_OUTBOX_ID,
  title: "Deliver queued events",
  description: "Delivers events that could not all be posted within one run",
  source_file: "functions/drain_outbox/handler.ts",
  input_parameters: { properties: { reason: { type: Schema.types.string } }, required: [] },
  output_parameters: {
    properties: {
      status: { type: Schema.types.string },
      delivered: { type: Schema.types.integer },
    },
    required: ["status", "delivered"],
  },
});
