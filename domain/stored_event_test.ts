/** An event the ingest stored reads back as it was validated, without the schemas. */
import assert from "node:assert/strict";
import { readStoredEvent } from "./stored_event.ts";
import { parseWebinarEvent, WEBINAR_EVENT_TYPES, WebinarEventSchema } from "./webinar/event.ts";
import { LEARNING_EVENT_TYPES, LearningEventSchema, parseLearningEvent } from "./learning/event.ts";
import {
  attendee,
  chat,
  joined,
  poll,
  registered,
  webinarEvent,
} from "../testing/webinar_fixtures.ts";
import { assignment, information, pathStep } from "../testing/learning_fixtures.ts";

/** The discriminator values a zod discriminated union accepts. */
function unionTypes(schema: { _zod: { def: { options: readonly unknown[] } } }): string[] {
  return schema._zod.def.options.map((o) =>
    (o as { _zod: { def: { shape: { type: { _zod: { def: { values: string[] } } } } } } })._zod.def
      .shape.type._zod.def.values[0]!
  );
}

Deno.test("stored events: the type lists the reader trusts are exactly the schemas' types", () => {
  assert.deepEqual(unionTypes(WebinarEventSchema).sort(), [...WEBINAR_EVENT_TYPES].sort());
  assert.deepEqual(unionTypes(LearningEventSchema).sort(), [...LEARNING_EVENT_TYPES].sort());
});

Deno.test("stored events: every valid event reads back, as stored, equal to what validation gave", () => {
  const a = attendee(7);
  const webinar = [
    registered(a),
    joined(a, { attendee: { ...a, joined_at: "2026-11-22T15:01:00Z" } }),
    chat(a, "Hello & <welcome>"),
    poll(a, "Which topic?", "Scaling"),
    webinarEvent("reply.delivery_result", {
      webinar: { id: "web_1" },
      attendee: { id: "att_7" },
      reply: { id: "r1", outcome: "chat" },
      session: undefined,
    }),
  ];
  for (const raw of webinar) {
    const parsed = parseWebinarEvent(JSON.parse(JSON.stringify(raw)));
    assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
    if (parsed.kind !== "valid") continue;
    // What the ingest stores (adapters/outbox.ts): the validated event, as JSON.
    assert.deepEqual(
      readStoredEvent(JSON.stringify(parsed.event), WEBINAR_EVENT_TYPES),
      parsed.event,
    );
  }
  const at = Date.UTC(2026, 11, 24, 9);
  for (
    const raw of [
      assignment("lea@example.com"),
      information("lea@example.com"),
      pathStep("lea@example.com", at),
    ]
  ) {
    const parsed = parseLearningEvent(raw);
    assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
    if (parsed.kind !== "valid") continue;
    assert.deepEqual(
      readStoredEvent(JSON.stringify(parsed.event), LEARNING_EVENT_TYPES),
      parsed.event,
    );
  }
});

Deno.test("stored events: what is not an event of the lane reads as null", () => {
  const ok = JSON.stringify({ id: "e1", type: "attendee.joined" });
  assert.notEqual(readStoredEvent(ok, WEBINAR_EVENT_TYPES), null);
  for (
    const json of [
      "not json",
      "null",
      "[]",
      '"attendee.joined"',
      JSON.stringify({ type: "attendee.joined" }),
      JSON.stringify({ id: 7, type: "attendee.joined" }),
      JSON.stringify({ id: "e1", type: "attendee.left" }),
      JSON.stringify({ id: "e1", type: "session_assignment" }),
    ]
  ) {
    assert.equal(readStoredEvent(json, WEBINAR_EVENT_TYPES), null, json);
  }
  assert.equal(
    readStoredEvent(ok, LEARNING_EVENT_TYPES),
    null,
    "a webinar type in the learning lane",
  );
});
