/**
 * Accepted events waiting to be delivered (docs/reliability.md). Keyed by source and event id, so a
 * platform's retry overwrites its own row instead of adding one.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const OutboxDatastore = DefineDatastore({
  name: "outbox",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    lane: { type: Schema.types.string },
    /** Sort key: occurred_at (ms, zero-padded) then id, so order is stable per attendee. */
    order_key: { type: Schema.types.string },
    /** Who the event is about (webinar:attendee or learner email hash): ordering and fairness. */
    subject: { type: Schema.types.string },
    event_json: { type: Schema.types.string },
    received_at: { type: Schema.types.number },
    attempts: { type: Schema.types.number },
    not_before: { type: Schema.types.number },
    last_error: { type: Schema.types.string },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

export const OutboxRow = z.object({
  id: z.string(),
  lane: z.enum(["webinar", "learning"]),
  order_key: z.string(),
  subject: z.string(),
  event_json: z.string(),
  received_at: z.number(),
  attempts: z.number(),
  not_before: z.number(),
  last_error: z.optional(z.string()),
  expires_at: z.number(),
});
export type OutboxRow = z.infer<typeof OutboxRow>;

export default OutboxDatastore;
