/**
 * The state rows the delivery functions write and health reads. Apart from domain/health.ts so that
 * ingesting and relaying, which only write them, do not load health's grouping and remediation code
 * on every cold start.
 */
import * as z from "zod/mini";

/** When a moderator's reply last reached the platform (state "last_relayed"). */
export const LastRelayed = z.object({ at: z.number() });
export type LastRelayed = z.infer<typeof LastRelayed>;
export const LAST_RELAYED = "last_relayed";

/** A platform's latest webhook request and what became of its events (state "last_event:<lane>"). */
export const LastEvent = z.object({
  at: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  ignored: z.number(),
});
export type LastEvent = z.infer<typeof LastEvent>;
