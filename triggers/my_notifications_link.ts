/** Anyone chooses which learning notifications they get (L5). Create with: slack trigger create --trigger-def triggers/my_notifications_link.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerContextData, TriggerTypes } from "deno-slack-api/mod.ts";
import MyLearningNotificationsWorkflow from "../workflows/my_learning_notifications.ts";

const trigger: Trigger<typeof MyLearningNotificationsWorkflow.definition> = {
  type: TriggerTypes.Shortcut,
  name: "My notifications",
  description: "Anyone chooses which learning notifications they get (L5).",
  workflow: `#/workflows/${MyLearningNotificationsWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: TriggerContextData.Shortcut.interactivity },
    user_id: { value: TriggerContextData.Shortcut.user_id },
  },
};

export default trigger;
