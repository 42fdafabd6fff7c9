import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { PostText } from "../manifest.ts";

export default SlackFunction(PostText, async ({ inputs, client }) => {
  const res = await client.chat.postMessage({
    channel: inputs.channel,
    text: inputs.text,
    ...(inputs.thread_ts ? { thread_ts: inputs.thread_ts } : {}),
  });
  if (!res.ok) return { error: `chat.postMessage: ${res.error}` };
  return { outputs: { ts: String(res.ts) } };
});
