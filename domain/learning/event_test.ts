import assert from "node:assert/strict";
import {
  checkLearningEvent,
  learnerSubject,
  learningEventTime,
  parseLearningEvent,
} from "./event.ts";

const valid = {
  id: "lrn_1001",
  type: "session_assignment",
  occurred_at: "2026-11-20T09:00:00Z",
  learner: { email: "lea@example.com" },
  notification: { title: "You are invited to “Negotiation basics”" },
  session: {
    title: "Negotiation basics",
    description: "Learn to prepare, open and close a negotiation.",
    url: "https://learning.example/sessions/s_1",
    starts_at: "2026-12-01T09:00:00Z",
    ends_at: "2026-12-01T11:30:00+01:00",
    cover_image: { url: "https://learning.example/covers/s_1.jpg", is_default: false },
  },
  group: { name: "Acme Academy", logo_url: "https://learning.example/logo.png" },
};

type Valid = typeof valid;
const session = (e: Valid, patch: Record<string, unknown>) => ({
  ...e,
  session: { ...e.session, ...patch },
});
const without = <T extends Record<string, unknown>>(o: T, key: keyof T) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

Deno.test("parseLearningEvent() accepts the three documented types", () => {
  for (const type of ["session_assignment", "session_information"]) {
    const parsed = parseLearningEvent({ ...valid, type });
    assert.deepEqual(parsed.kind, "valid", JSON.stringify(parsed));
  }
  const step = parseLearningEvent({ ...valid, type: "path_step", send_at: "2026-12-01T08:00:00Z" });
  assert.deepEqual(step.kind, "valid");
  if (step.kind === "valid" && step.event.type === "path_step") {
    assert.deepEqual(step.event.send_at, "2026-12-01T08:00:00Z");
  }
});

Deno.test("parseLearningEvent() accepts an event without the optional fields", () => {
  const parsed = parseLearningEvent({
    ...without(valid, "occurred_at"),
    session: without(without(valid.session, "description"), "cover_image"),
    group: { name: "Acme Academy" },
  });
  assert.deepEqual(parsed.kind, "valid");
});

Deno.test("parseLearningEvent() gives a precise reason for each broken field", () => {
  const cases: Array<[(e: Valid) => unknown, string]> = [
    [
      (e) => ({ ...e, learner: { email: "not-an-email" } }),
      "learner.email: must be an email address",
    ],
    [(e) => session(e, { url: "javascript:alert(1)" }), "session.url: must be an http(s) URL"],
    [
      (e) => session(e, { cover_image: { url: "ftp://x.example/a.png", is_default: false } }),
      "session.cover_image.url: must be an http(s) URL",
    ],
    [
      (e) => session(e, { cover_image: { url: "https://x.example/a.png" } }),
      "session.cover_image.is_default: must be a boolean",
    ],
    [
      (e) => ({ ...e, notification: { title: "x".repeat(501) } }),
      "notification.title: must be at most 500 characters",
    ],
    [(e) => ({ ...e, notification: { title: "" } }), "notification.title: must not be empty"],
    [
      (e) => ({ ...e, group: { name: "g".repeat(81) } }),
      "group.name: must be at most 80 characters",
    ],
    [
      (e) => session(e, { starts_at: "tomorrow" }),
      "session.starts_at: must be an ISO 8601 date-time",
    ],
    [
      (e) => session(e, { ends_at: "2026-12-01T08:59:59Z" }),
      "session.ends_at: must not be before starts_at",
    ],
    [(e) => ({ ...e, id: "has space" }), "id: must use only letters, digits and . _ @ ~ -"],
  ];
  for (const [patch, reason] of cases) {
    const parsed = parseLearningEvent(patch(valid), "events[0]");
    assert.equal(parsed.kind, "invalid", reason);
    if (parsed.kind === "invalid") {
      assert.ok(parsed.reason.includes(`events[0].${reason}`), parsed.reason);
    }
  }
});

Deno.test("parseLearningEvent() requires send_at on a path step only", () => {
  const parsed = parseLearningEvent({ ...valid, type: "path_step" }, "events[2]");
  assert.deepEqual(parsed.kind, "invalid");
  if (parsed.kind === "invalid") {
    assert.deepEqual(parsed.reason, "events[2].send_at: must be a string");
    assert.deepEqual(parsed.id, "lrn_1001");
  }
});

Deno.test("parseLearningEvent() sets aside unknown types and non-objects", () => {
  assert.deepEqual(parseLearningEvent({ ...valid, type: "badge_earned" }), {
    kind: "unknown_type",
    id: "lrn_1001",
    type: "badge_earned",
  });
  assert.deepEqual(parseLearningEvent([1], "events[1]"), {
    kind: "invalid",
    id: null,
    reason: "events[1]: must be an object",
  });
  assert.deepEqual(parseLearningEvent({ id: "a" }, "events[1]"), {
    kind: "invalid",
    id: "a",
    reason: "events[1].type: must be a string",
  });
});

Deno.test("checkLearningEvent() rejects a path step whose time is not in the future", () => {
  const now = Date.parse("2026-11-20T10:00:00Z");
  const step = (sendAt: string) => {
    const parsed = parseLearningEvent({ ...valid, type: "path_step", send_at: sendAt });
    if (parsed.kind !== "valid") throw new Error("fixture must be valid");
    return parsed.event;
  };
  const past = checkLearningEvent(step("2026-11-20T09:59:59Z"), now);
  assert.deepEqual(past?.code, "time_in_past");
  assert.equal(
    past?.reason,
    "send_at: must be in the future (the event arrived at 2026-11-20T10:00:00.000Z); the step was not scheduled",
  );
  assert.ok(!past?.reason.includes("09:59:59"), "the path, not the value sent");
  assert.deepEqual(checkLearningEvent(step("2026-11-20T10:00:00Z"), now)?.code, "time_in_past");
  assert.deepEqual(checkLearningEvent(step("2026-11-20T10:00:01Z"), now), null);
  const parsed = parseLearningEvent(valid);
  if (parsed.kind === "valid") assert.deepEqual(checkLearningEvent(parsed.event, now), null);
});

Deno.test("learnerSubject() is stable per learner, ignores case, and hides the email", () => {
  const a = learnerSubject("Lea@Example.com ");
  assert.deepEqual(a, learnerSubject("lea@example.com"));
  assert.match(a, /^l:[0-9a-f]{16}$/);
  assert.notEqual(a, learnerSubject("liam@example.com"));
});

Deno.test("learningEventTime() falls back when occurred_at is absent", () => {
  const parsed = parseLearningEvent(without(valid, "occurred_at"));
  if (parsed.kind !== "valid") throw new Error("fixture must be valid");
  assert.deepEqual(learningEventTime(parsed.event, 42), 42);
  const timed = parseLearningEvent(valid);
  if (timed.kind !== "valid") throw new Error("fixture must be valid");
  assert.deepEqual(learningEventTime(timed.event, 42), Date.parse("2026-11-20T09:00:00Z"));
});
