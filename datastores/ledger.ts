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
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const LedgerDatastore = DefineDatastore({
  name: "ledger",
  primary_key: "id",
  time_to_live_attribute: "expires_at",
  attributes: {
    id: { type: Schema.types.string },
    outcome: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    ts: { type: Schema.types.string },
    thread_ts: { type: Schema.types.string },
    webinar_id: { type: Schema.types.string },
    attendee_id: { type: Schema.types.string },
    attendee_name: { type: Schema.types.string },
    /** Anchors: the event type that opened the thread (the parent's headline). */
    opened_by: { type: Schema.types.string },
    /** Anchors: when the attendee registered (a thread opened by the registration), epoch ms. */
    registered_at: { type: Schema.types.number },
    /** Anchors: the join time the parent shows, epoch ms; absent until it shows one (W1). */
    joined_at: { type: Schema.types.number },
    /**
     * Failed replies: "<code>:<detail>", to explain the failure again on a re-run; delivered replies
     * sent under the primary moderator's name: "as_primary:<name>" (W7).
     */
    detail: { type: Schema.types.string },
    user_id: { type: Schema.types.string },
    locale: { type: Schema.types.string },
    dm_channel_id: { type: Schema.types.string },
    muted: { type: Schema.types.array, items: { type: Schema.types.string } },
    digest: { type: Schema.types.string },
    value_json: { type: Schema.types.string },
    /** When the row was written (done, created, checked, updated), epoch ms. */
    at: { type: Schema.types.number },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

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
