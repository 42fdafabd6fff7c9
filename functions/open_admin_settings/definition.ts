/** Opens the admin settings (admins only). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import { MODAL_INPUT_PARAMETERS, STATUS_OUTPUT_PARAMETERS } from "../parameters.ts";

export const OPEN_ADMIN_SETTINGS_ID = "open_admin_settings";

export const OpenAdminSettingsFunction = DefineFunction({
  callback_id: OPEN_ADMIN_SETTINGS_ID,
  title: "Configure Session Bridge",
  description: "Opens the admin settings (admins only)",
  source_file: "functions/open_admin_settings/handler.ts",
  input_parameters: MODAL_INPUT_PARAMETERS,
  output_parameters: STATUS_OUTPUT_PARAMETERS,
});
