/**
 * The activity log (W9): errors with a code, the ids involved and how to fix them; rejected and
 * ignored events; unmatched emails; settings changes. Rows expire after 30 days.
 */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";
import * as z from "zod/mini";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const ACTIVITY_DATASTORE = "activity_log";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const ActivityDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: ACTIVITY_DATASTORE,
    primary_key: "id",
    time_to_live_attribute: "expires_at",
    attributes: {
      id: { type: SchemaTypes.string },
      at: { type: SchemaTypes.number },
      kind: { type: SchemaTypes.string },
      source: { type: SchemaTypes.string },
      code: { type: SchemaTypes.string },
      /**
       * English, technical: what happened, naming fields by their path. Scrubbed like log lines
       * (adapters/activity.ts): never an email, a token or a secret.
       */
      detail: { type: SchemaTypes.string },
      /** JSON object of the ids involved (event, webinar, attendee, channel, trigger...), scrubbed. */
      context_json: { type: SchemaTypes.string },
      /** The fix, in the workspace language at the time; the health modal re-renders it by code. */
      remediation: { type: SchemaTypes.string },
      /** unmatched_email rows only, the one place a row holds an email: shown to admins, never logged. */
      email: { type: SchemaTypes.string },
      actor: { type: SchemaTypes.string },
      expires_at: { type: SlackTypes.timestamp },
    },
  }))();

export const ACTIVITY_KINDS = [
  "error",
  "rejected",
  "ignored",
  "unmatched_email",
  "settings_changed",
  "notice",
] as const;

export const ActivityRow = z.object({
  id: z.string(),
  at: z.number(),
  kind: z.enum(ACTIVITY_KINDS),
  source: z.string(),
  code: z.string(),
  detail: z.string(),
  context_json: z.string(),
  remediation: z.optional(z.string()),
  email: z.optional(z.string()),
  actor: z.optional(z.string()),
  expires_at: z.number(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export default ActivityDatastore;
