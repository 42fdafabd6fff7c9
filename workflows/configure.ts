/** Configure Session Bridge (admins only). */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { OpenAdminSettingsFunction } from "../functions/open_admin_settings/definition.ts";

const ConfigureWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.configure,
  title: "Configure Session Bridge",
  description: "Configure Session Bridge (admins only).",
  input_parameters: {
    properties: {
      interactivity: { type: Schema.slack.types.interactivity },
      user_id: { type: Schema.slack.types.user_id },
    },
    required: ["interactivity"],
  },
});

ConfigureWorkflow.addStep(OpenAdminSettingsFunction, {
  interactivity: ConfigureWorkflow.inputs.interactivity,
  user_id: ConfigureWorkflow.inputs.user_id,
});

export default ConfigureWorkflow;
