/** Admins see recent errors and how to fix them (W9). Create with: slack trigger create --trigger-def triggers/health_link.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerContextData, TriggerTypes } from "deno-slack-api/mod.ts";
import HealthWorkflow from "../workflows/session_bridge_health.ts";

const trigger: Trigger<typeof HealthWorkflow.definition> = {
  type: TriggerTypes.Shortcut,
  name: "Session Bridge health",
  description: "Admins see recent errors and how to fix them (W9).",
  workflow: `#/workflows/${HealthWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: TriggerContextData.Shortcut.interactivity },
    user_id: { value: TriggerContextData.Shortcut.user_id },
  },
};

export default trigger;
