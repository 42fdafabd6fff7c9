/**
 * Reading back an event the ingest stored (outbox rows). It was validated against its lane's contract
 * when it arrived (adapters/ingest.ts) and stored as that result, so the drainer checks only its
 * shape: the contract's fields, with their types and which are required, without the contract's
 * formats and lengths. A bundler keeps every schema of a module it loads, and the contract's (a
 * discriminated union, dates, emails, URLs, refinements) would add ~23 KB to the drainer's bundle,
 * where these plain ones cost next to nothing. A row that does not have the shape of an event of
 * its lane (a type this version does not know, JSON edited by hand) reads as null, and its
 * processor gives it up as unreadable_row. stored_event_test.ts keeps each shape equal to its
 * contract's, field for field.
 */
import * as z from "zod/mini";

export type StoredShapes = Readonly<Record<string, z.ZodMiniType>>;

export function readStoredEvent<E extends { id: string; type: string }>(
  json: string,
  shapes: StoredShapes,
): E | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const type = (value as { type?: unknown }).type;
  const shape = typeof type === "string" && Object.hasOwn(shapes, type) ? shapes[type] : undefined;
  // The stored value itself, not the parse's copy (which would drop what a shape does not list).
  return shape?.safeParse(value).success ? value as E : null;
}

const str = z.string();
const optStr = z.optional(z.string());

const person = z.object({ name: str, email: str });
const webinarAbout = {
  id: str,
  occurred_at: str,
  webinar: z.object({
    id: str,
    title: str,
    chat_url: optStr,
    reply_attribution: str,
    primary_moderator: person,
    moderators: z.array(person),
  }),
  session: z.object({ id: str, type: str, starts_at: str }),
  attendee: z.object({ id: str, name: str, email: str, joined_at: optStr, chat_url: optStr }),
};

/** The webinar contract's shape per type (domain/webinar/event.ts). */
export const WEBINAR_SHAPES: StoredShapes = {
  "attendee.registered": z.object({ ...webinarAbout, type: str }),
  "attendee.joined": z.object({ ...webinarAbout, type: str }),
  "attendee.chat_message": z.object({
    ...webinarAbout,
    type: str,
    message: z.object({ id: str, text: str }),
  }),
  "attendee.interaction_response": z.object({
    ...webinarAbout,
    type: str,
    interaction: z.object({ id: str, kind: str, title: str, response: str }),
  }),
  "reply.delivery_result": z.object({
    id: str,
    occurred_at: str,
    type: str,
    webinar: z.object({ id: str }),
    attendee: z.object({ id: str }),
    reply: z.object({ id: str, outcome: str, error: optStr }),
  }),
};

const learningBase = {
  id: str,
  type: str,
  occurred_at: optStr,
  learner: z.object({ email: str }),
  notification: z.object({ title: str }),
  session: z.object({
    title: str,
    description: optStr,
    url: str,
    starts_at: str,
    ends_at: str,
    cover_image: z.optional(z.object({ url: str, is_default: z.boolean() })),
  }),
  group: z.object({ name: str, logo_url: optStr }),
};

/** The learning contract's shape per type (domain/learning/event.ts). */
export const LEARNING_SHAPES: StoredShapes = {
  session_assignment: z.object(learningBase),
  session_information: z.object(learningBase),
  path_step: z.object({ ...learningBase, send_at: str }),
};
