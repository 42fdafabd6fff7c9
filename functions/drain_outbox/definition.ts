/** Continues delivering queued events (started by the app's own drain webhook). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";

export const DRAIN_OUTBOX_ID = "drain_outbox";

export const DrainOutboxFunction = DefineFunction({
  callback_id: DRAIN_OUTBOX_ID,
  title: "Deliver queued events",
  description: "Delivers events that could not all be posted within one run",
  source_file: "functions/drain_outbox/handler.ts",
  input_parameters: { properties: { reason: { type: SchemaTypes.string } }, required: [] },
  output_parameters: {
    properties: {
      status: { type: SchemaTypes.string },
      delivered: { type: SchemaTypes.integer },
    },
    required: ["status", "delivered"],
  },
});
