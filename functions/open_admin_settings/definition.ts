/** Opens the admin settings (admins only). */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const OPEN_ADMIN_SETTINGS_ID = "open_admin_settings";

export const OpenAdminSettingsFunction = DefineFunction({
  callback_id: OPEN_ADMIN_SETTINGS_ID,
  title: "Configure Session Bridge",
  description: "Opens the admin settings (admins only)",
  source_file: "functions/open_admin_settings/handler.ts",
  input_parameters: {
    properties: {
      interactivity: { type: Schema.slack.types.interactivity },
      user_id: { type: Schema.slack.types.user_id },
    },
    required: ["interactivity"],
  },
  output_parameters: {
    properties: { status: { type: Schema.types.string } },
    required: ["status"],
  },
});
