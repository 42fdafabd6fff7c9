// Test/sandbox stand-in for deno-slack-api/types.ts (PLATFORM.md 1.4).
import type {} from "@slack/deno-slack-sdk";
export type * from "../node_modules/@slack/deno-slack-sdk/esm/deps/deno.land/x/deno_slack_api@2.8.0/types.d.ts";
