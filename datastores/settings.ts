/** One row ("workspace") holding the admin settings (W5, W6, W10, L1, L7, P4). */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

export const SETTINGS_ROW_ID = "workspace";

const SettingsDatastore = DefineDatastore({
  name: "settings",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    webinar_enabled: { type: Schema.types.boolean },
    channel_mode: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    channel_prefix: { type: Schema.types.string },
    surface_on_chat: { type: Schema.types.boolean },
    learning_enabled: { type: Schema.types.boolean },
    type_session_assignment: { type: Schema.types.boolean },
    type_session_information: { type: Schema.types.boolean },
    type_path_step: { type: Schema.types.boolean },
    language: { type: Schema.types.string },
    admins: { type: Schema.types.array, items: { type: Schema.types.string } },
    updated_by: { type: Schema.types.string },
    updated_at: { type: Schema.types.number },
  },
});

export const SettingsRow = z.object({
  id: z.string(),
  webinar_enabled: z.optional(z.boolean()),
  channel_mode: z.optional(z.enum(["single", "per_webinar"])),
  channel_id: z.optional(z.string()),
  channel_prefix: z.optional(z.string()),
  surface_on_chat: z.optional(z.boolean()),
  learning_enabled: z.optional(z.boolean()),
  type_session_assignment: z.optional(z.boolean()),
  type_session_information: z.optional(z.boolean()),
  type_path_step: z.optional(z.boolean()),
  language: z.optional(z.enum(["en", "fr"])),
  admins: z.optional(z.array(z.string())),
  updated_by: z.optional(z.string()),
  updated_at: z.optional(z.number()),
});
export type SettingsRow = z.infer<typeof SettingsRow>;

export default SettingsDatastore;
