/** The times a webinar event carries, read from an event already validated (event.ts). */

export function eventTime(e: { occurred_at: string }): number {
  return Date.parse(e.occurred_at);
}

/** When the attendee joined, if the event says so. */
export function joinTime(e: { attendee: { joined_at?: string | undefined } }): number | null {
  const at = e.attendee.joined_at ? Date.parse(e.attendee.joined_at) : NaN;
  return Number.isFinite(at) ? at : null;
}
