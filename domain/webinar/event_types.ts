/** The webinar event types (docs/events.md), apart from their schemas (event.ts) for stored_event.ts. */
export const WEBINAR_EVENT_TYPES = [
  "attendee.registered",
  "attendee.joined",
  "attendee.chat_message",
  "attendee.interaction_response",
  "reply.delivery_result",
] as const;
export type WebinarEventType = typeof WEBINAR_EVENT_TYPES[number];
