/**
 * The webinar event contract, version 1 (docs/events.md): what a webinar platform POSTs to the
 * webhook trigger. Untrusted input in, a typed event or a precise rejection out; never throws.
 */
import * as z from "zod/mini";
import {
  email,
  externalId,
  httpUrl,
  instant,
  reportedId,
  reportedType,
  text,
} from "../contract.ts";
import { describeIssues } from "../validation.ts";

export const WEBINAR_EVENT_TYPES = [
  "attendee.registered",
  "attendee.joined",
  "attendee.chat_message",
  "attendee.interaction_response",
  "reply.delivery_result",
] as const;
export type WebinarEventType = typeof WEBINAR_EVENT_TYPES[number];

const person = z.object({ name: text(200), email });

const webinar = z.object({
  id: externalId,
  title: text(500),
  chat_url: z.optional(httpUrl),
  reply_attribution: z.enum(["primary_moderator", "sender"]),
  primary_moderator: person,
  moderators: z.array(person).check(z.maxLength(100)),
});

const session = z.object({
  id: externalId,
  type: text(100),
  starts_at: instant,
});

const attendee = z.object({
  id: externalId,
  name: text(200),
  email,
  joined_at: z.optional(instant),
  chat_url: z.optional(httpUrl),
});

const base = {
  id: externalId,
  occurred_at: instant,
};
const about = { webinar, session, attendee };

export const WebinarEventSchema = z.discriminatedUnion("type", [
  z.object({ ...base, ...about, type: z.literal("attendee.registered") }),
  z.object({ ...base, ...about, type: z.literal("attendee.joined") }),
  z.object({
    ...base,
    ...about,
    type: z.literal("attendee.chat_message"),
    message: z.object({ id: externalId, text: text(10_000) }),
  }),
  z.object({
    ...base,
    ...about,
    type: z.literal("attendee.interaction_response"),
    interaction: z.object({
      id: externalId,
      kind: z.enum(["poll", "question", "offer", "handout", "quiz", "other"]),
      title: text(500),
      response: text(5_000),
    }),
  }),
  z.object({
    ...base,
    type: z.literal("reply.delivery_result"),
    webinar: z.object({ id: externalId }),
    attendee: z.object({ id: externalId }),
    reply: z.object({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      outcome: z.enum(["chat", "email", "failed"]),
      error: z.optional(text(500)),
    }),
  }),
]);

export type WebinarEvent = z.infer<typeof WebinarEventSchema>;
export type AttendeeEvent = Exclude<WebinarEvent, { type: "reply.delivery_result" }>;

export const MAX_EVENTS_PER_REQUEST = 100;

export type ParsedEvent =
  | { kind: "valid"; event: WebinarEvent }
  | { kind: "invalid"; id: string | null; reason: string }
  | { kind: "unknown_type"; id: string | null; type: string };

/**
 * Reads one event; `where` prefixes the reasons ("events[3]"). Reasons name a field by its path,
 * never by its value; `id` and `type` are reported only when shaped as the contract's (reportedId).
 */
export function parseWebinarEvent(raw: unknown, where = "event"): ParsedEvent {
  const id = reportedId(raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { kind: "invalid", id, reason: `${where}: must be an object` };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== "string") {
    return { kind: "invalid", id, reason: `${where}.type: must be a string` };
  }
  if (!(WEBINAR_EVENT_TYPES as readonly string[]).includes(type)) {
    return { kind: "unknown_type", id, type: reportedType(type) };
  }
  const result = WebinarEventSchema.safeParse(raw);
  if (!result.success) {
    return { kind: "invalid", id, reason: describeIssues(result.error.issues, where) };
  }
  return { kind: "valid", event: result.data };
}

export function isAttendeeEvent(e: WebinarEvent): e is AttendeeEvent {
  return e.type !== "reply.delivery_result";
}

// Kept apart so that what renders messages does not load the event schema (a bundle would keep it).
export { eventTime, joinTime } from "./event_time.ts";
