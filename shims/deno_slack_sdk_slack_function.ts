// Test/sandbox stand-in for deno-slack-sdk/functions/slack-function.ts: the npm build exports only
// its root (PLATFORM.md 1.4). Handlers import SlackFunction from its own file so that a bundle does
// not carry the SDK's mod.ts (Schema.slack.functions alone is ~30 KB of every bundle).
export { SlackFunction } from "@slack/deno-slack-sdk";
