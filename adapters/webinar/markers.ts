/** The reaction a moderator's reply gets once Session Bridge knows where it went (W3). */
import { ledgerKey } from "../datastore/ledger.ts";

export type ReplyOutcome = "chat" | "email" | "failed";

export const OUTCOME_REACTION: Record<ReplyOutcome, string> = {
  chat: "speech_balloon",
  email: "email",
  failed: "warning",
};

/** The ledger row recording a relayed reply. */
export const replyMarkerId = ledgerKey.reply;
/** The id the platform gets for a reply (and sends back in reply.delivery_result). */
export const replyId = (channelId: string, ts: string): string => `${channelId}-${ts}`;
export function parseReplyId(id: string): { channelId: string; ts: string } | null {
  const m = /^([A-Z0-9]+)-(\d+\.\d+)$/.exec(id);
  return m ? { channelId: m[1]!, ts: m[2]! } : null;
}
