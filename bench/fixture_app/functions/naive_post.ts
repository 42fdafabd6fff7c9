import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { NaivePost } from "../manifest.ts";

// The naive relay: one chat.postMessage per event as it arrives, nothing kept, a 429 is a loss.
export default SlackFunction(NaivePost, async ({ inputs, client, env }) => {
  let posted = 0;
  let lost = 0;
  for (const event of inputs.events ?? []) {
    const id = String((event as { id?: unknown }).id ?? "");
    try {
      const res = await client.chat.postMessage({
        channel: env.NAIVE_CHANNEL ?? "",
        text: `attendee event ${id}`,
        metadata: {
          event_type: "session_bridge_delivery",
          event_payload: { delivery_id: `naive:${id}` },
        },
      });
      if (res.ok) posted++;
      else lost++;
    } catch {
      lost++; // HTTP 429: thrown by the client; the naive path gives up
    }
  }
  return { outputs: { posted, lost } };
});
