/**
 * The ledger: everything delivery must find by key, one row per key, so that one bulk read serves an
 * event (docs/reliability.md, "One read per event"). Row kinds, by id prefix:
 *
 * | id                        | what                                                     | kept      |
 * | ------------------------- | -------------------------------------------------------- | --------- |
 * | `done:<lane>:<event id>`  | done marker: the event had its effect (P3)               | 30 days   |
 * | `reply:<channel>:<ts>`    | a relayed reply and where it went (W3)                   | 30 days   |
 * | `att:<webinar>:<attendee>`| the attendee's thread (W2, W8)                           | always    |
 * | `msg:<channel>:<ts>`      | the attendee a thread's parent message belongs to (W3)   | always    |
 * | `web:<webinar>`           | digest of what the webinars store holds, and its channel | always    |
 * | `person:<email sha-256>`  | Slack user for an email, locale, DM, muted types (L2, L5)| see below |
 * | `state:<name>`            | the app's own state: leases, triggers, last event, relay | always    |
 *
 * A person row without muted types expires 30 days after it was last checked; with muted types it
 * is kept. Times in `at` are epoch milliseconds; `expires_at` is epoch seconds (Slack's TTL).
 */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";
import * as z from "zod/mini";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const LEDGER_DATASTORE = "ledger";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const LedgerDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: LEDGER_DATASTORE,
    primary_key: "id",
    time_to_live_attribute: "expires_at",
    attributes: {
      id: { type: SchemaTypes.string },
      outcome: { type: SchemaTypes.string },
      channel_id: { type: SchemaTypes.string },
      ts: { type: SchemaTypes.string },
      thread_ts: { type: SchemaTypes.string },
      webinar_id: { type: SchemaTypes.string },
      attendee_id: { type: SchemaTypes.string },
      attendee_name: { type: SchemaTypes.string },
      /** Anchors: the event type that opened the thread (the parent's headline). */
      opened_by: { type: SchemaTypes.string },
      /** Anchors: when the attendee registered (a thread opened by the registration), epoch ms. */
      registered_at: { type: SchemaTypes.number },
      /** Anchors: the join time the parent shows, epoch ms; absent until it shows one (W1). */
      joined_at: { type: SchemaTypes.number },
      /**
       * Failed replies: "<code>:<detail>", to explain the failure again on a re-run; delivered replies
       * sent under the primary moderator's name: "as_primary:<name>" (W7).
       */
      detail: { type: SchemaTypes.string },
      user_id: { type: SchemaTypes.string },
      locale: { type: SchemaTypes.string },
      dm_channel_id: { type: SchemaTypes.string },
      muted: { type: SchemaTypes.array, items: { type: SchemaTypes.string } },
      digest: { type: SchemaTypes.string },
      value_json: { type: SchemaTypes.string },
      /** When the row was written (done, created, checked, updated), epoch ms. */
      at: { type: SchemaTypes.number },
      expires_at: { type: SlackTypes.timestamp },
    },
  }))();

export const LedgerRow = z.object({
  id: z.string(),
  outcome: z.optional(z.string()),
  channel_id: z.optional(z.string()),
  ts: z.optional(z.string()),
  thread_ts: z.optional(z.string()),
  webinar_id: z.optional(z.string()),
  attendee_id: z.optional(z.string()),
  attendee_name: z.optional(z.string()),
  opened_by: z.optional(z.string()),
  registered_at: z.optional(z.number()),
  joined_at: z.optional(z.number()),
  detail: z.optional(z.string()),
  user_id: z.optional(z.string()),
  locale: z.optional(z.string()),
  dm_channel_id: z.optional(z.string()),
  muted: z.optional(z.array(z.string())),
  digest: z.optional(z.string()),
  value_json: z.optional(z.string()),
  at: z.number(),
  expires_at: z.optional(z.number()),
});
export type LedgerRow = z.infer<typeof LedgerRow>;

export default LedgerDatastore;
