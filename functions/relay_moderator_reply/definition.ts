/** Sends a thread reply to the attendee through the webinar platform (W3, W7). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import SchemaTypes from "deno-slack-sdk/schema/schema_types.ts";
import SlackTypes from "deno-slack-sdk/schema/slack/schema_types.ts";

export const RELAY_MODERATOR_REPLY_ID = "relay_moderator_reply";

export const RelayModeratorReplyFunction = DefineFunction({
  callback_id: RELAY_MODERATOR_REPLY_ID,
  title: "Send a reply to the attendee",
  description: "Delivers a thread reply to the attendee in the webinar chat or by email",
  source_file: "functions/relay_moderator_reply/handler.ts",
  input_parameters: {
    properties: {
      channel_id: { type: SlackTypes.channel_id },
      message_ts: { type: SchemaTypes.string },
      thread_ts: { type: SchemaTypes.string },
      user_id: { type: SlackTypes.user_id },
      text: { type: SchemaTypes.string },
    },
    required: ["channel_id", "message_ts"],
  },
  output_parameters: {
    properties: { status: { type: SchemaTypes.string } },
    required: ["status"],
  },
});
