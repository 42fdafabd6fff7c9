/** Shows recent errors and how to fix them (admins only). */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const OPEN_HEALTH_OVERVIEW_ID = "open_health_overview";

export const OpenHealthOverviewFunction = DefineFunction({
  callback_id: OPEN_HEALTH_OVERVIEW_ID,
  title: "Session Bridge health",
  description: "Shows recent errors and how to fix them (admins only)",
  source_file: "functions/open_health_overview/handler.ts",
  input_parameters: {
    properties: {
      interactivity: { type: Schema.slack.types.interactivity },
      user_id: { type: Schema.slack.types.user_id },
    },
    required: ["interactivity"],
  },
  output_parameters: {
    properties: { status: { type: Schema.types.string } },
    required: ["status"],
  },
});
