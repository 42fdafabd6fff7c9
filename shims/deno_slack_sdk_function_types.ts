// Test/sandbox stand-in for deno-slack-sdk/functions/types.ts (PLATFORM.md 1.4).
import type {} from "@slack/deno-slack-sdk"; // makes Deno install the package before the path below is read
export type * from "../node_modules/@slack/deno-slack-sdk/esm/functions/types.d.ts";
