/** Outbox rows as an ingest stores them, for tests that drive the drainer or a lane directly. */
import type { OutboxRow } from "../datastores/outbox.ts";
import { outboxRow } from "../adapters/outbox.ts";
import { webinarSubject } from "../adapters/webinar/process.ts";
import { WEBINAR } from "./webinar_fixtures.ts";

/** The row an ingest would store for a webinar `event`, due now unless told otherwise. */
export function rowFor(
  event: Record<string, unknown>,
  options: { notBefore?: number; position?: number; owner?: string } = {},
): OutboxRow {
  const a = event.attendee as { id: string };
  const webinar = (event.webinar as { id?: string } | undefined)?.id ?? WEBINAR.id;
  return outboxRow({
    lane: "webinar",
    eventId: String(event.id),
    occurredAt: Date.parse(String(event.occurred_at)),
    position: options.position ?? 0,
    subject: webinarSubject(webinar, a.id),
    event,
    owner: options.owner ?? "",
    notBefore: options.notBefore ?? Date.now(),
  });
}
