/** What the app knows of each webinar: moderators and attribution (W7), its own channel (W6). */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const WebinarsDatastore = DefineDatastore({
  name: "webinars",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    title: { type: Schema.types.string },
    reply_attribution: { type: Schema.types.string },
    primary_moderator_name: { type: Schema.types.string },
    primary_moderator_email: { type: Schema.types.string },
    /** JSON: [{ name, email }] */
    moderators_json: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    channel_name: { type: Schema.types.string },
    /** When its moderators were invited to channel_id (absent: still to do). */
    moderators_invited_at: { type: Schema.types.number },
    updated_at: { type: Schema.types.number },
  },
});

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
