/**
 * Done markers (P3, exactly once): one row per delivered event or relayed reply, kept 14 days so a
 * late retry from a platform or a second trigger run finds it and does nothing.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const DeliveriesDatastore = DefineDatastore({
  name: "deliveries",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    outcome: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    ts: { type: Schema.types.string },
    thread_ts: { type: Schema.types.string },
    /** Replies: where the reply went, for later delivery-result updates. */
    webinar_id: { type: Schema.types.string },
    attendee_id: { type: Schema.types.string },
    attendee_name: { type: Schema.types.string },
    /** Failed replies: "<code>:<detail>", to explain the failure again on a re-run. */
    detail: { type: Schema.types.string },
    done_at: { type: Schema.types.number },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

export const DeliveryRow = z.object({
  id: z.string(),
  outcome: z.string(),
  channel_id: z.optional(z.string()),
  ts: z.optional(z.string()),
  thread_ts: z.optional(z.string()),
  webinar_id: z.optional(z.string()),
  attendee_id: z.optional(z.string()),
  attendee_name: z.optional(z.string()),
  detail: z.optional(z.string()),
  done_at: z.number(),
  expires_at: z.number(),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export default DeliveriesDatastore;
