/** Outbox rows as an ingest stores them, for tests that drive the drainer or a lane directly. */
import type { OutboxRow } from "../datastores/outbox.ts";
import { outboxRow } from "../adapters/outbox.ts";
import { webinarSubject } from "../adapters/webinar/process.ts";
import { WEBINAR } from "./webinar_fixtures.ts";

/** The row an ingest would store for a webinar `event` (of WEBINAR), due now unless told otherwise. */
export function rowFor(
  event: Record<string, unknown>,
  options: { notBefore?: number; position?: number; owner?: string } = {},
): OutboxRow {
  const a = event.attendee as { id: string };
  return outboxRow({
    lane: "webinar",
    eventId: String(event.id),
    occurredAt: Date.parse(String(event.occurred_at)),
    position: options.position ?? 0,
    subject: webinarSubject(WEBINAR.id, a.id),
    event,
    owner: options.owner ?? "",
    notBefore: options.notBefore ?? Date.now(),
  });
}
