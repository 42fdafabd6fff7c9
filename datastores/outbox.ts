/**
 * Accepted events not yet delivered (docs/reliability.md). Keyed by lane and event id, so a
 * platform's retry overwrites its own row instead of adding one. A row belongs to whoever `owner`
 * names until `not_before`: the ingest run that accepted it (`ingest:<run>`), a drainer that took it
 * for a round (`drain:<holder>`), or nobody (`""`: the drainer's, due at `not_before`).
 */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";
import * as z from "zod/mini";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const OUTBOX_DATASTORE = "outbox";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const OutboxDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: OUTBOX_DATASTORE,
    primary_key: "id",
    time_to_live_attribute: "expires_at",
    attributes: {
      id: { type: SchemaTypes.string },
      lane: { type: SchemaTypes.string },
      /** Who the event is about (webinar:attendee, or learner email hash): rows of one subject go in order. */
      subject: { type: SchemaTypes.string },
      /** occurred_at, then arrival, then position in the request: the order within a subject. */
      order_key: { type: SchemaTypes.string },
      event_json: { type: SchemaTypes.string },
      /** When the event was accepted (epoch ms). */
      received_at: { type: SchemaTypes.number },
      /** When its owner started writing it: the claim time for new threads (domain/claim.ts). */
      written_at: { type: SchemaTypes.number },
      attempts: { type: SchemaTypes.number },
      not_before: { type: SchemaTypes.number },
      owner: { type: SchemaTypes.string },
      /** An earlier attempt may have reached Slack: look for it before posting again. */
      suspect: { type: SchemaTypes.boolean },
      last_error: { type: SchemaTypes.string },
      expires_at: { type: SlackTypes.timestamp },
    },
  }))();

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
