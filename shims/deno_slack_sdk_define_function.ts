// Test/sandbox stand-in for deno-slack-sdk/functions/definitions/slack-function.ts (PLATFORM.md 1.4).
export { DefineFunction } from "@slack/deno-slack-sdk";
