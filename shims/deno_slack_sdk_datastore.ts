// Test/sandbox stand-in for deno-slack-sdk/datastore/mod.ts (PLATFORM.md 1.4).
export { DefineDatastore } from "@slack/deno-slack-sdk";
