/** Sends a thread reply to the attendee through the webinar platform (W3, W7). */
import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

export const RELAY_MODERATOR_REPLY_ID = "relay_moderator_reply";

export const RelayModeratorReplyFunction = DefineFunction({
  callback_id: RELAY_MODERATOR_REPLY_ID,
  title: "Send a reply to the attendee",
  description: "Delivers a thread reply to the attendee in the webinar chat or by email",
  source_file: "functions/relay_moderator_reply/handler.ts",
  input_parameters: {
    properties: {
      channel_id: { type: Schema.slack.types.channel_id },
      message_ts: { type: Schema.types.string },
      thread_ts: { type: Schema.types.string },
      user_id: { type: Schema.slack.types.user_id },
      text: { type: Schema.types.string },
    },
    required: ["channel_id", "message_ts"],
  },
  output_parameters: {
    properties: { status: { type: Schema.types.string } },
    required: ["status"],
  },
});
