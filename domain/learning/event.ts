/**
 * The learning event contract, version 1 (docs/events.md): what a learning platform POSTs to the
 * learning webhook trigger. Untrusted input in, a typed event or a precise rejection out; never throws.
 */
import * as z from "zod/mini";
import { isNotificationType, NOTIFICATION_TYPES } from "../settings.ts";
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
import { fnv1a64 } from "../scrub.ts";
import { normalEmail } from "../email.ts";

/** The event types are the notification types admins enable (L7) and learners mute (L5). */
export const LEARNING_EVENT_TYPES = NOTIFICATION_TYPES;

export const MAX_EVENTS_PER_REQUEST = 100;

const session = z.object({
  title: text(500),
  description: z.optional(z.string().check(z.maxLength(10_000))),
  url: httpUrl,
  starts_at: instant,
  ends_at: instant,
  cover_image: z.optional(z.object({ url: httpUrl, is_default: z.boolean() })),
}).check(
  z.refine((s) => Date.parse(s.ends_at) >= Date.parse(s.starts_at), {
    message: "must not be before starts_at",
    path: ["ends_at"],
  }),
);

const base = {
  id: externalId,
  occurred_at: z.optional(instant),
  learner: z.object({ email }),
  /** The notification title: the same as the subject of the platform's email. */
  notification: z.object({ title: text(500) }),
  session,
  /** The platform group shown as the sender (L3). Slack shows at most 80 characters of a name. */
  group: z.object({ name: text(80), logo_url: z.optional(httpUrl) }),
};

export const LearningEventSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("session_assignment") }),
  z.object({ ...base, type: z.literal("session_information") }),
  z.object({ ...base, type: z.literal("path_step"), send_at: instant }),
]);

export type LearningEvent = z.infer<typeof LearningEventSchema>;
export type PathStepEvent = Extract<LearningEvent, { type: "path_step" }>;

export type ParsedLearningEvent =
  | { kind: "valid"; event: LearningEvent }
  | { kind: "invalid"; id: string | null; reason: string }
  | { kind: "unknown_type"; id: string | null; type: string };

/**
 * Reads one event; `where` prefixes the reasons ("events[3]"). Reasons name a field by its path,
 * never by its value; `id` and `type` are reported only when shaped as the contract's (reportedId).
 */
export function parseLearningEvent(raw: unknown, where = "event"): ParsedLearningEvent {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { kind: "invalid", id: null, reason: `${where}: must be an object` };
  }
  const fields: Record<string, unknown> = { ...raw };
  const id = reportedId(raw);
  if (typeof fields.type !== "string") {
    return { kind: "invalid", id, reason: `${where}.type: must be a string` };
  }
  if (!isNotificationType(fields.type)) {
    return { kind: "unknown_type", id, type: reportedType(fields.type) };
  }
  const result = LearningEventSchema.safeParse(raw);
  if (!result.success) {
    return { kind: "invalid", id, reason: describeIssues(result.error.issues, where) };
  }
  return { kind: "valid", event: result.data };
}

/** When the event happened on the platform (orders one learner's notifications), else `fallback`. */
export function learningEventTime(e: LearningEvent, fallback: number): number {
  return e.occurred_at ? Date.parse(e.occurred_at) : fallback;
}

/** Checks that need the clock: a path step must ask for a time in the future (L6). */
export function checkLearningEvent(
  e: LearningEvent,
  now: number,
): { code: "time_in_past"; reason: string } | null {
  if (e.type !== "path_step") return null;
  const at = Date.parse(e.send_at);
  if (at > now) return null;
  return {
    code: "time_in_past",
    reason: `send_at: must be in the future (the event arrived at ${
      new Date(now).toISOString()
    }); the step was not scheduled`,
  };
}

/**
 * Who an event is about, for outbox ordering: a learner's notifications go one after another. The
 * email is hashed (FNV-1a, 64 bits) so it does not appear in outbox rows.
 */
export function learnerSubject(emailAddress: string): string {
  return `l:${fnv1a64(normalEmail(emailAddress))}`;
}
