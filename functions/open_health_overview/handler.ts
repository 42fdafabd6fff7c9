import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { OpenHealthOverviewFunction } from "./definition.ts";

// Placeholder until the admin and learner modals land.
export default SlackFunction(OpenHealthOverviewFunction, () => ({ error: "Not available yet" }));
