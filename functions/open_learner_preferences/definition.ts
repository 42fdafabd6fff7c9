/** Lets a learner choose which notifications they get. */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import { MODAL_INPUT_PARAMETERS, STATUS_OUTPUT_PARAMETERS } from "../parameters.ts";

export const OPEN_LEARNER_PREFERENCES_ID = "open_learner_preferences";

export const OpenLearnerPreferencesFunction = DefineFunction({
  callback_id: OPEN_LEARNER_PREFERENCES_ID,
  title: "My notifications",
  description: "Lets a learner choose which notifications they get",
  source_file: "functions/open_learner_preferences/handler.ts",
  input_parameters: MODAL_INPUT_PARAMETERS,
  output_parameters: STATUS_OUTPUT_PARAMETERS,
});
