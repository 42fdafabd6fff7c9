/** Each learner's muted notification types (L5), keyed by Slack user id. */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const PreferencesDatastore = DefineDatastore({
  name: "learner_preferences",
  primary_key: "user_id",
  attributes: {
    user_id: { type: Schema.slack.types.user_id },
    muted: { type: Schema.types.array, items: { type: Schema.types.string } },
    updated_at: { type: Schema.types.number },
  },
});

export const PreferencesRow = z.object({
  user_id: z.string(),
  muted: z.array(z.string()),
  updated_at: z.number(),
});
export type PreferencesRow = z.infer<typeof PreferencesRow>;

export default PreferencesDatastore;
