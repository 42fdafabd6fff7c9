/**
 * Parameters several functions declare alike: the two webhook-receiving functions (the request's
 * body as a platform sends it, { secret, events }, docs/events.md, and how many events were taken),
 * and the three that open a modal from a link trigger (who clicked, and how it ended).
 */
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";

export const WEBHOOK_INPUT_PARAMETERS = {
  properties: {
    secret: { type: SchemaTypes.string, description: "The shared secret (P2)" },
    events: {
      type: SchemaTypes.array,
      items: { type: SchemaTypes.object },
      description: "1 to 100 events",
    },
  },
  required: [] as never[],
};

export const WEBHOOK_OUTPUT_PARAMETERS = {
  properties: {
    status: { type: SchemaTypes.string },
    accepted: { type: SchemaTypes.integer },
    rejected: { type: SchemaTypes.integer },
    ignored: { type: SchemaTypes.integer },
  },
  required: ["status", "accepted", "rejected", "ignored"] as Array<
    "status" | "accepted" | "rejected" | "ignored"
  >,
};

export const MODAL_INPUT_PARAMETERS = {
  properties: {
    interactivity: { type: SlackTypes.interactivity },
    user_id: { type: SlackTypes.user_id },
  },
  required: ["interactivity"] as Array<"interactivity">,
};

export const STATUS_OUTPUT_PARAMETERS = {
  properties: { status: { type: SchemaTypes.string } },
  required: ["status"] as Array<"status">,
};
