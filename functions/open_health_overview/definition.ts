/** Shows recent errors and how to fix them (admins only). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import { MODAL_INPUT_PARAMETERS, STATUS_OUTPUT_PARAMETERS } from "../parameters.ts";

export const OPEN_HEALTH_OVERVIEW_ID = "open_health_overview";

export const OpenHealthOverviewFunction = DefineFunction({
  callback_id: OPEN_HEALTH_OVERVIEW_ID,
  title: "Session Bridge health",
  description: "Shows recent errors and how to fix them (admins only)",
  source_file: "functions/open_health_overview/handler.ts",
  input_parameters: MODAL_INPUT_PARAMETERS,
  output_parameters: STATUS_OUTPUT_PARAMETERS,
});
