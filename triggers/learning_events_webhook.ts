/** The URL to paste into the learning platform: it POSTs { secret, events } here. Create with: slack trigger create --trigger-def triggers/learning_events_webhook.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerTypes } from "deno-slack-api/mod.ts";
import LearningEventsWebhookWorkflow from "../workflows/learning_events_received.ts";

const trigger: Trigger<typeof LearningEventsWebhookWorkflow.definition> = {
  type: TriggerTypes.Webhook,
  name: "Session Bridge: learning events",
  description: "The URL to paste into the learning platform: it POSTs { secret, events } here.",
  workflow: `#/workflows/${LearningEventsWebhookWorkflow.definition.callback_id}`,
  inputs: {
    secret: { value: "{{data.secret}}" },
    events: { value: "{{data.events}}" },
  },
};

export default trigger;
