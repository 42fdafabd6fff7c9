/**
 * Accepted events not yet delivered (docs/reliability.md). Keyed by lane and event id, so a
 * platform's retry overwrites its own row instead of adding one. A row belongs to whoever `owner`
 * names until `not_before`: the ingest run that accepted it (`ingest:<run>`), a drainer that took it
 * for a round (`drain:<holder>`), or nobody (`""`: the drainer's, due at `not_before`).
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const OutboxDatastore = DefineDatastore({
  name: "outbox",
  primary_key: "id",
  time_to_live_attribute: "expires_at",
  attributes: {
    id: { type: Schema.types.string },
    lane: { type: Schema.types.string },
    /** Who the event is about (webinar:attendee, or learner email hash): rows of one subject go in order. */
    subject: { type: Schema.types.string },
    /** occurred_at, then arrival, then position in the request: the order within a subject. */
    order_key: { type: Schema.types.string },
    event_json: { type: Schema.types.string },
    /** When the event was accepted (epoch ms). */
    received_at: { type: Schema.types.number },
    /** When its owner started writing it: the claim time for new threads (domain/claim.ts). */
    written_at: { type: Schema.types.number },
    attempts: { type: Schema.types.number },
    not_before: { type: Schema.types.number },
    owner: { type: Schema.types.string },
    /** An earlier attempt may have reached Slack: look for it before posting again. */
    suspect: { type: Schema.types.boolean },
    last_error: { type: Schema.types.string },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

export const OutboxRow = z.object({
  id: z.string(),
  lane: z.enum(["webinar", "learning"]),
  subject: z.string(),
  order_key: z.string(),
  event_json: z.string(),
  received_at: z.number(),
  written_at: z.number(),
  attempts: z.number(),
  not_before: z.number(),
  owner: z.string(),
  suspect: z.boolean(),
  last_error: z.optional(z.string()),
  expires_at: z.number(),
});
export type OutboxRow = z.infer<typeof OutboxRow>;

export default OutboxDatastore;
