import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { runModalStep } from "../../adapters/modal.ts";
import { OPEN_LEARNER_PREFERENCES_ID, OpenLearnerPreferencesFunction } from "./definition.ts";
import {
  onPreferencesClosed,
  onPreferencesSubmitted,
  openLearnerPreferences,
} from "./interactions.ts";
import { PREFERENCES_VIEW } from "./views.ts";

export default SlackFunction(
  OpenLearnerPreferencesFunction,
  ({ inputs, client, env }) =>
    runModalStep(
      { step: OPEN_LEARNER_PREFERENCES_ID, client, env },
      (ctx) => openLearnerPreferences(ctx, inputs),
    ),
)
  .addViewSubmissionHandler(PREFERENCES_VIEW, onPreferencesSubmitted)
  .addViewClosedHandler(PREFERENCES_VIEW, onPreferencesClosed);
