/** Admins open the settings here (W10). Create with: slack trigger create --trigger-def triggers/configure_link.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerContextData, TriggerTypes } from "deno-slack-api/mod.ts";
import ConfigureWorkflow from "../workflows/configure.ts";

const trigger: Trigger<typeof ConfigureWorkflow.definition> = {
  type: TriggerTypes.Shortcut,
  name: "Configure Session Bridge",
  description: "Admins open the settings here (W10).",
  workflow: `#/workflows/${ConfigureWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: TriggerContextData.Shortcut.interactivity },
    user_id: { value: TriggerContextData.Shortcut.user_id },
  },
};

export default trigger;
