/**
 * Email → Slack user cache (L2) that expires: a hit saves a users.lookupByEmail and a users.info.
 * Keyed by a SHA-256 of the lower-cased email; an unmatched email is cached briefly too.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const PeopleDatastore = DefineDatastore({
  name: "people_cache",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    user_id: { type: Schema.types.string },
    locale: { type: Schema.types.string },
    dm_channel_id: { type: Schema.types.string },
    expires_at: { type: Schema.slack.types.timestamp },
  },
});

export const PersonRow = z.object({
  id: z.string(),
  /** "" when the email matched nobody. */
  user_id: z.string(),
  locale: z.optional(z.string()),
  dm_channel_id: z.optional(z.string()),
  expires_at: z.number(),
});
export type PersonRow = z.infer<typeof PersonRow>;

export default PeopleDatastore;
