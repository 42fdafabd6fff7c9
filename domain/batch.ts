/**
 * One webhook request from a platform: `{ "secret": "...", "events": [ ... ] }` (docs/events.md).
 * Slack runs at most 10 webhook-trigger requests a minute, so platforms send events in batches.
 */
import { secretsMatch } from "./secret.ts";

export type BatchCheck<P> =
  | { ok: false; reason: "bad_secret" | "no_events" | "too_many_events"; detail: string }
  | { ok: true; results: P[] };

export function readBatch<P>(
  inputs: { secret?: unknown; events?: unknown },
  expectedSecret: string,
  maxEvents: number,
  parseOne: (raw: unknown, where: string) => P,
): BatchCheck<P> {
  if (!secretsMatch(inputs.secret, expectedSecret)) {
    return {
      ok: false,
      reason: "bad_secret",
      detail: inputs.secret === undefined ? "secret: is missing" : "secret: does not match",
    };
  }
  const events = inputs.events;
  if (!Array.isArray(events) || events.length === 0) {
    return {
      ok: false,
      reason: "no_events",
      detail: "events: must be a non-empty array of event objects",
    };
  }
  if (events.length > maxEvents) {
    return {
      ok: false,
      reason: "too_many_events",
      detail: `events: must hold at most ${maxEvents} events (got ${events.length})`,
    };
  }
  return { ok: true, results: events.map((e, i) => parseOne(e, `events[${i}]`)) };
}
