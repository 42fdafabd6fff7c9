/** Lets a learner choose which notifications they get. */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const OPEN_LEARNER_PREFERENCES_ID = "open_learner_preferences";

export const OpenLearnerPreferencesFunction = DefineFunction({
  callback_id: OPEN_LEARNER_PREFERENCES_ID,
  title: "My learning notifications",
  description: "Lets a learner choose which notifications they get",
  source_file: "functions/open_learner_preferences/handler.ts",
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
