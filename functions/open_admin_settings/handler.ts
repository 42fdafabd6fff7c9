import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { OpenAdminSettingsFunction } from "./definition.ts";

// Placeholder until the admin and learner modals land.
export default SlackFunction(OpenAdminSettingsFunction, () => ({ error: "Not available yet" }));
