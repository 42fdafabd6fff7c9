// Test/sandbox stand-in for deno-slack-sdk/schema/slack/schema_types.ts: Schema.slack.types
// (PLATFORM.md 1.4).
import { Schema } from "@slack/deno-slack-sdk";
export default Schema.slack.types;
