/** Putting accepted events into the outbox, and the retry policy for rows that could not go yet. */
import type { OutboxRow } from "../datastores/outbox.ts";

export type Lane = OutboxRow["lane"];

const KEEP_S = 8 * 86_400;
/** After this long without success an event is set aside and reported (docs/reliability.md). */
export const GIVE_UP_AFTER_MS = 7 * 86_400_000;

/**
 * New rows wait this long (Slack time) before delivery, so events a platform sent close together but
 * that Slack ran in separate, concurrent invocations are delivered in occurred_at order.
 */
export const REORDER_WINDOW_MS = 500;

export function outboxRow(
  input: {
    lane: Lane;
    eventId: string;
    occurredAt: number;
    subject: string;
    event: unknown;
    notBefore: number;
  },
  now = Date.now(),
): OutboxRow {
  return {
    id: `${input.lane}:${input.eventId}`,
    lane: input.lane,
    order_key: `${String(Math.max(0, input.occurredAt)).padStart(15, "0")}:${input.eventId}`,
    subject: input.subject,
    event_json: JSON.stringify(input.event),
    received_at: now,
    attempts: 0,
    not_before: input.notBefore,
    expires_at: Math.floor(now / 1000) + KEEP_S,
  };
}

/** Exponential backoff in Slack time: 5 s, 10 s, 20 s ... capped at 15 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}
