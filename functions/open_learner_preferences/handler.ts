import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { OpenLearnerPreferencesFunction } from "./definition.ts";

// Placeholder until the admin and learner modals land.
export default SlackFunction(
  OpenLearnerPreferencesFunction,
  () => ({ error: "Not available yet" }),
);
