import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { IngestLearningEventsFunction } from "./definition.ts";

// Placeholder until the learning notifications land.
export default SlackFunction(
  IngestLearningEventsFunction,
  () => ({ error: "Learning events are not handled yet" }),
);
