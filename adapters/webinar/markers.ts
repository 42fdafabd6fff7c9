/** The reaction a moderator's reply gets once Session Bridge knows where it went (W3). */
export type ReplyOutcome = "chat" | "email" | "failed";

export const OUTCOME_REACTION: Record<ReplyOutcome, string> = {
  chat: "speech_balloon",
  email: "email",
  failed: "warning",
};

export const replyMarkerId = (channelId: string, ts: string): string => `reply:${channelId}:${ts}`;
/** The id the platform gets for a reply (and sends back in reply.delivery_result). */
export const replyId = (channelId: string, ts: string): string => `${channelId}-${ts}`;
export function parseReplyId(id: string): { channelId: string; ts: string } | null {
  const m = /^([A-Z0-9]+)-(\d+\.\d+)$/.exec(id);
  return m ? { channelId: m[1]!, ts: m[2]! } : null;
}
