/** The URL to paste into the webinar platform: it POSTs { secret, events } here. Create with: slack trigger create --trigger-def triggers/webinar_events_webhook.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerTypes } from "deno-slack-api/mod.ts";
import WebinarEventsWebhookWorkflow from "../workflows/webinar_events_received.ts";

const trigger: Trigger<typeof WebinarEventsWebhookWorkflow.definition> = {
  type: TriggerTypes.Webhook,
  name: "Session Bridge: webinar events",
  description: "The URL to paste into the webinar platform: it POSTs { secret, events } here.",
  workflow: `#/workflows/${WebinarEventsWebhookWorkflow.definition.callback_id}`,
  inputs: {
    secret: { value: "{{data.secret}}" },
    events: { value: "{{data.events}}" },
  },
};

export default trigger;
