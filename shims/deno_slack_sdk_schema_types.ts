// Test/sandbox stand-in for deno-slack-sdk/schema/schema_types.ts: Schema.types (PLATFORM.md 1.4).
import { Schema } from "@slack/deno-slack-sdk";
export default Schema.types;
