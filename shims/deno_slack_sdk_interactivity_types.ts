// Test/sandbox stand-in for deno-slack-sdk/functions/interactivity/types.ts (PLATFORM.md 1.4).
import type {} from "@slack/deno-slack-sdk";
export type * from "../node_modules/@slack/deno-slack-sdk/esm/functions/interactivity/types.d.ts";
