import assert from "node:assert/strict";
import { learnerSubject } from "../../domain/learning/event.ts";
import { learningIngestSpec } from "./intake.ts";

const NOW = Date.parse("2026-11-20T10:00:00Z");

const event = (extra: Record<string, unknown> = {}) => ({
  id: "lrn_9",
  type: "path_step",
  learner: { email: "Lea@Example.com" },
  notification: { title: "Step 2" },
  session: {
    title: "Negotiation basics",
    url: "https://learning.example/sessions/s_1",
    starts_at: "2026-12-01T09:00:00Z",
    ends_at: "2026-12-01T11:30:00Z",
  },
  group: { name: "Acme Academy" },
  send_at: "2026-11-21T10:00:00Z",
  ...extra,
});

Deno.test("learningIngestSpec() reads learning events for the learning lane with its own secret", () => {
  const spec = learningIngestSpec("s3cret", NOW);
  assert.equal(spec.lane, "learning");
  assert.equal(spec.secret, "s3cret");
  assert.equal(spec.secretName, "LEARNING_EVENT_SECRET");
  assert.equal(spec.maxEvents, 100);
  assert.equal(spec.parse({ ...event(), type: "badge_earned" }, "events[0]").kind, "unknown_type");
});

Deno.test("learningIngestSpec() orders a learner's events by occurred_at, else by arrival", () => {
  const spec = learningIngestSpec("s", NOW);
  const timed = spec.parse(event({ occurred_at: "2026-11-20T09:00:00Z" }), "e");
  const untimed = spec.parse(event(), "e");
  if (timed.kind !== "valid" || untimed.kind !== "valid") throw new Error("fixtures must be valid");
  assert.deepEqual(spec.describe(timed.event), {
    eventId: "lrn_9",
    occurredAt: Date.parse("2026-11-20T09:00:00Z"),
    subject: learnerSubject("lea@example.com"),
  });
  assert.equal(spec.describe(untimed.event).occurredAt, NOW);
});

Deno.test("learningIngestSpec() rejects a path step in the past as time_in_past", () => {
  const spec = learningIngestSpec("s", NOW);
  const past = spec.parse(event({ send_at: "2026-11-20T09:59:00Z" }), "e");
  const future = spec.parse(event(), "e");
  if (past.kind !== "valid" || future.kind !== "valid") throw new Error("fixtures must be valid");
  assert.equal(spec.check?.(past.event, NOW)?.code, "time_in_past");
  assert.equal(spec.check?.(future.event, NOW), null);
});
