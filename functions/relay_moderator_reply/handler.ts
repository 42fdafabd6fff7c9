import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { runStep } from "../../adapters/step.ts";
import { relayReply } from "../../adapters/webinar/relay.ts";
import { RelayModeratorReplyFunction } from "./definition.ts";

export default SlackFunction(RelayModeratorReplyFunction, ({ inputs, client, env }) =>
  runStep(
    {
      step: "relay_moderator_reply",
      client,
      env,
      ref: `${inputs.channel_id}/${inputs.message_ts}`,
    },
    async (ctx) => ({ status: await relayReply(ctx, inputs) }),
  ));
