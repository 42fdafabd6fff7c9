/**
 * Path-step messages (L6). A step more than 120 days ahead waits here until it enters Slack's
 * scheduling window; a scheduled one keeps its scheduled_message_id so it can be cancelled.
 */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";
import * as z from "zod/mini";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const STEPS_DATASTORE = "scheduled_steps";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const ScheduledStepsDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: STEPS_DATASTORE,
    primary_key: "id",
    time_to_live_attribute: "expires_at",
    attributes: {
      id: { type: SchemaTypes.string },
      status: { type: SchemaTypes.string },
      user_id: { type: SchemaTypes.string },
      channel_id: { type: SchemaTypes.string },
      post_at: { type: SchemaTypes.number },
      scheduled_message_id: { type: SchemaTypes.string },
      event_json: { type: SchemaTypes.string },
      detail: { type: SchemaTypes.string },
      updated_at: { type: SchemaTypes.number },
      expires_at: { type: SlackTypes.timestamp },
    },
  }))();

export const STEP_STATUSES = ["waiting", "scheduled", "rejected", "cancelled", "skipped"] as const;

export const ScheduledStepRow = z.object({
  id: z.string(),
  status: z.enum(STEP_STATUSES),
  user_id: z.optional(z.string()),
  channel_id: z.optional(z.string()),
  post_at: z.number(),
  scheduled_message_id: z.optional(z.string()),
  event_json: z.string(),
  detail: z.optional(z.string()),
  updated_at: z.number(),
  expires_at: z.number(),
});
export type ScheduledStepRow = z.infer<typeof ScheduledStepRow>;

export default ScheduledStepsDatastore;
