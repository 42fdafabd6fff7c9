/**
 * The inputs and outputs both webhook-receiving functions share: the request's body as a platform
 * sends it ({ secret, events }, docs/events.md) and how many of its events were taken.
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
