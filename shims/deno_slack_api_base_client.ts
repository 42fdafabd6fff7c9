// Test/sandbox stand-in for deno-slack-api/base-client.ts: the npm build exports only its root
// (PLATFORM.md 1.4). Functions without interactivity build this client themselves
// (adapters/main_handler.ts), so their bundles leave out the proxy client's module and its ~32 KB
// of trigger-context constants.
import type {} from "@slack/deno-slack-sdk"; // makes Deno install the package before the path below is read
export { BaseSlackAPIClient } from "../node_modules/@slack/deno-slack-sdk/esm/deps/deno.land/x/deno_slack_api@2.8.0/base-client.js";
