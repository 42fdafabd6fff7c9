/**
 * Small pieces of state the app keeps for itself: the drain lease, the triggers it created (reply
 * listeners, drain continuation), and when each platform last sent an event.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const AppStateDatastore = DefineDatastore({
  name: "app_state",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    value_json: { type: Schema.types.string },
    updated_at: { type: Schema.types.number },
  },
});

export const AppStateRow = z.object({
  id: z.string(),
  value_json: z.string(),
  updated_at: z.number(),
});
export type AppStateRow = z.infer<typeof AppStateRow>;

export default AppStateDatastore;
