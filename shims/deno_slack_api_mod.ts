// Test/sandbox stand-in for deno-slack-api/mod.ts: the trigger constants live outside the npm build's root.
export { SlackAPI } from "@slack/deno-slack-sdk";
export {
  TriggerContextData,
  TriggerEventTypes,
  TriggerTypes,
} from "../node_modules/@slack/deno-slack-sdk/esm/deps/deno.land/x/deno_slack_api@2.8.0/mod.js";
