/** One row ("workspace") holding the admin settings (W5, W6, W10, L1, L7, P4). */
import { DefineDatastore } from "deno-slack-sdk/datastore/mod.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import * as z from "zod/mini";

export const SETTINGS_ROW_ID = "workspace";

/** The datastore's name, which adapters/datastore/specs.ts reads too. */
export const SETTINGS_DATASTORE = "settings";

// The manifest's, built in a pure-marked call so that bundles keep only the row schema (see
// adapters/datastore/specs.ts).
const SettingsDatastore = /* @__PURE__ */ (() =>
  DefineDatastore({
    name: SETTINGS_DATASTORE,
    primary_key: "id",
    attributes: {
      id: { type: SchemaTypes.string },
      webinar_enabled: { type: SchemaTypes.boolean },
      channel_mode: { type: SchemaTypes.string },
      channel_id: { type: SchemaTypes.string },
      channel_prefix: { type: SchemaTypes.string },
      surface_on_chat: { type: SchemaTypes.boolean },
      learning_enabled: { type: SchemaTypes.boolean },
      type_session_assignment: { type: SchemaTypes.boolean },
      type_session_information: { type: SchemaTypes.boolean },
      type_path_step: { type: SchemaTypes.boolean },
      language: { type: SchemaTypes.string },
      admins: { type: SchemaTypes.array, items: { type: SchemaTypes.string } },
      updated_by: { type: SchemaTypes.string },
      updated_at: { type: SchemaTypes.number },
    },
  }))();

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
