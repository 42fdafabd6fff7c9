/** Choose which learning notifications you receive. */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { OpenLearnerPreferencesFunction } from "../functions/open_learner_preferences/definition.ts";

const MyLearningNotificationsWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.learnerPreferences,
  title: "My notifications",
  description: "Choose which learning notifications you receive.",
  input_parameters: {
    properties: {
      interactivity: { type: Schema.slack.types.interactivity },
      user_id: { type: Schema.slack.types.user_id },
    },
    required: ["interactivity"],
  },
});

MyLearningNotificationsWorkflow.addStep(OpenLearnerPreferencesFunction, {
  interactivity: MyLearningNotificationsWorkflow.inputs.interactivity,
  user_id: MyLearningNotificationsWorkflow.inputs.user_id,
});

export default MyLearningNotificationsWorkflow;
