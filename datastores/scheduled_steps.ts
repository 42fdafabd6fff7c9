/**
 * Path-step messages (L6). A step more than 120 days ahead waits here until it enters Slack's
 * scheduling window; a scheduled one keeps its scheduled_message_id so it can be cancelled.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const ScheduledStepsDatastore = DefineDatastore({
  name: "scheduled_steps",
  primary_key: "id",
  time_to_live_attribute: "expires_at",
  attributes: {
    id: { type: Schema.types.string },
    status: { type: Schema.types.string },
    user_id: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    post_at: { type: Schema.types.number },
    scheduled_message_id: { type: Schema.types.string },
    event_json: { type: Schema.types.string },
    detail: { type: Schema.types.string },
    updated_at: { type: Schema.types.number },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

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
