/** Hourly upkeep: delivers anything left waiting and schedules path steps entering Slack's window. */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";

export const RUN_MAINTENANCE_ID = "run_maintenance";

export const RunMaintenanceFunction = DefineFunction({
  callback_id: RUN_MAINTENANCE_ID,
  title: "Session Bridge upkeep",
  description: "Delivers waiting events and schedules path steps that entered the 120-day window",
  source_file: "functions/run_maintenance/handler.ts",
  input_parameters: { properties: {}, required: [] },
  output_parameters: {
    properties: {
      status: { type: SchemaTypes.string },
      scheduled: { type: SchemaTypes.integer },
    },
    required: ["status", "scheduled"],
  },
});
