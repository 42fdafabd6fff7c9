/**
 * Parameters several functions declare alike: the two webhook-receiving functions (the request's
 * body as a platform sends it, { secret, events }, docs/events.md, and how many events were taken),
 * and the three that open a modal from a link trigger (who clicked, and how it ended).
 */
import { Schema } from "deno-slack-sdk/mod.ts";

export const WEBHOOK_INPUT_PARAMETERS = {
  properties: {
    secret: { type: Schema.types.string, description: "The shared secret (P2)" },
    events: {
      type: Schema.types.array,
      items: { type: Schema.types.object },
      description: "1 to 100 events",
    },
  },
  required: [] as never[],
};

export const WEBHOOK_OUTPUT_PARAMETERS = {
  properties: {
    status: { type: Schema.types.string },
    accepted: { type: Schema.types.integer },
    rejected: { type: Schema.types.integer },
    ignored: { type: Schema.types.integer },
  },
  required: ["status", "accepted", "rejected", "ignored"] as Array<
    "status" | "accepted" | "rejected" | "ignored"
  >,
};

export const MODAL_INPUT_PARAMETERS = {
  properties: {
    interactivity: { type: Schema.slack.types.interactivity },
    user_id: { type: Schema.slack.types.user_id },
  },
  required: ["interactivity"] as Array<"interactivity">,
};

export const STATUS_OUTPUT_PARAMETERS = {
  properties: { status: { type: Schema.types.string } },
  required: ["status"] as Array<"status">,
};
