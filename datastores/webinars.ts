/** What the app knows of each webinar: moderators and attribution (W7), its own channel (W6). */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import * as z from "zod/mini";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const WEBINARS_DATASTORE = "webinars";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const WebinarsDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: WEBINARS_DATASTORE,
    primary_key: "id",
    attributes: {
      id: { type: SchemaTypes.string },
      title: { type: SchemaTypes.string },
      reply_attribution: { type: SchemaTypes.string },
      primary_moderator_name: { type: SchemaTypes.string },
      primary_moderator_email: { type: SchemaTypes.string },
      /** JSON: [{ name, email }] */
      moderators_json: { type: SchemaTypes.string },
      channel_id: { type: SchemaTypes.string },
      channel_name: { type: SchemaTypes.string },
      /** When its moderators were invited to channel_id (absent: still to do). */
      moderators_invited_at: { type: SchemaTypes.number },
      updated_at: { type: SchemaTypes.number },
    },
  }))();

export const WebinarRow = z.object({
  id: z.string(),
  title: z.string(),
  reply_attribution: z.enum(["primary_moderator", "sender"]),
  primary_moderator_name: z.string(),
  primary_moderator_email: z.string(),
  moderators_json: z.string(),
  channel_id: z.optional(z.string()),
  channel_name: z.optional(z.string()),
  moderators_invited_at: z.optional(z.number()),
  updated_at: z.number(),
});
export type WebinarRow = z.infer<typeof WebinarRow>;

export const Moderators = z.array(z.object({ name: z.string(), email: z.string() }));

export default WebinarsDatastore;
