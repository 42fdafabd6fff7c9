/** See recent errors and how to fix them (admins only). */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { OpenHealthOverviewFunction } from "../functions/open_health_overview/definition.ts";

const HealthWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.health,
  title: "Session Bridge health",
  description: "See recent errors and how to fix them (admins only).",
  input_parameters: {
    properties: {
      interactivity: { type: Schema.slack.types.interactivity },
      user_id: { type: Schema.slack.types.user_id },
    },
    required: ["interactivity"],
  },
});

HealthWorkflow.addStep(OpenHealthOverviewFunction, {
  interactivity: HealthWorkflow.inputs.interactivity,
  user_id: HealthWorkflow.inputs.user_id,
});

export default HealthWorkflow;
