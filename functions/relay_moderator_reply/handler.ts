import { mainHandler } from "../../adapters/main_handler.ts";
import { runStep } from "../../adapters/step.ts";
import { relayReply } from "../../adapters/webinar/relay.ts";
import type { RelayModeratorReplyFunction } from "./definition.ts";

export default mainHandler<typeof RelayModeratorReplyFunction>(({ inputs, client, env }) =>
  runStep(
    {
      step: "relay_moderator_reply",
      client,
      env,
      ref: `${inputs.channel_id}/${inputs.message_ts}`,
    },
    async (ctx) => ({ status: await relayReply(ctx, inputs) }),
  )
);
