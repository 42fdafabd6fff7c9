/** What the domain asks the adapters to do: plain data, no I/O. */
import type { KnownBlock } from "@slack/types";

export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** Every post carries this metadata so a retry can tell whether an earlier attempt landed. */
export const DELIVERY_EVENT_TYPE = "session_bridge_delivery";
