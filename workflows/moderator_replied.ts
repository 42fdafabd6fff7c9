/** Someone replied in an attendee thread (message_posted triggers the app manages). */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { RelayModeratorReplyFunction } from "../functions/relay_moderator_reply/definition.ts";

const ModeratorRepliedWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.moderatorReplied,
  title: "Moderator replied",
  description: "Someone replied in an attendee thread (message_posted triggers the app manages).",
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
});

ModeratorRepliedWorkflow.addStep(RelayModeratorReplyFunction, {
  channel_id: ModeratorRepliedWorkflow.inputs.channel_id,
  message_ts: ModeratorRepliedWorkflow.inputs.message_ts,
  thread_ts: ModeratorRepliedWorkflow.inputs.thread_ts,
  user_id: ModeratorRepliedWorkflow.inputs.user_id,
  text: ModeratorRepliedWorkflow.inputs.text,
});

export default ModeratorRepliedWorkflow;
