/** An event the ingest stored reads back as it was validated, checked against its contract's shape. */
import assert from "node:assert/strict";
import * as z from "zod/mini";
import {
  LEARNING_SHAPES,
  readStoredEvent,
  type StoredShapes,
  WEBINAR_SHAPES,
} from "./stored_event.ts";
import { parseWebinarEvent, WebinarEventSchema } from "./webinar/event.ts";
import { LearningEventSchema, parseLearningEvent } from "./learning/event.ts";
import {
  attendee,
  chat,
  joined,
  poll,
  registered,
  webinarEvent,
} from "../testing/webinar_fixtures.ts";
import { assignment, information, pathStep } from "../testing/learning_fixtures.ts";

type Json = Record<string, unknown>;
type Shape =
  | { kind: "object"; fields: Record<string, { required: boolean; shape: Shape }> }
  | { kind: "array"; items: Shape }
  | { kind: string };

/** A JSON Schema reduced to its shape: objects' fields, which are required, and plain types. */
function shapeOf(schema: Json): Shape {
  if (schema.type === "object") {
    const required = new Set((schema.required ?? []) as string[]);
    const props = (schema.properties ?? {}) as Record<string, Json>;
    return {
      kind: "object",
      fields: Object.fromEntries(
        Object.entries(props).map((
          [k, v],
        ) => [k, { required: required.has(k), shape: shapeOf(v) }]),
      ),
    };
  }
  if (schema.type === "array") return { kind: "array", items: shapeOf(schema.items as Json) };
  assert.equal(typeof schema.type, "string", JSON.stringify(schema));
  return { kind: schema.type as string };
}

/** The contract's branch for each type of a discriminated union, as a shape. */
function contractShapes(union: z.ZodMiniType): Map<string, Shape> {
  const json = z.toJSONSchema(union) as Json;
  const branches = (json.oneOf ?? json.anyOf) as Json[];
  assert.ok(Array.isArray(branches), "a union of objects");
  return new Map(branches.map((b) => {
    const type = ((b.properties as Record<string, Json>).type!).const as string;
    return [type, shapeOf(b)];
  }));
}

function assertSameShapes(shapes: StoredShapes, union: z.ZodMiniType) {
  const contract = contractShapes(union);
  assert.deepEqual(Object.keys(shapes).sort(), [...contract.keys()].sort(), "the same types");
  for (const [type, shape] of contract) {
    assert.deepEqual(shapeOf(z.toJSONSchema(shapes[type]!) as Json), shape, type);
  }
}

Deno.test("stored events: each stored shape has its contract's fields, types and required ones", () => {
  assertSameShapes(WEBINAR_SHAPES, WebinarEventSchema);
  assertSameShapes(LEARNING_SHAPES, LearningEventSchema);
});

Deno.test("stored events: every valid event reads back, as stored, equal to what validation gave", () => {
  const a = attendee(7, { joined_at: "2026-11-22T15:01:00Z" });
  const webinar = [
    registered(a),
    joined(a),
    chat(a, "Hello & <welcome>"),
    poll(a, "Which topic?", "Scaling"),
    webinarEvent("reply.delivery_result", {
      webinar: { id: "web_1" },
      attendee: { id: "att_7" },
      reply: { id: "r1", outcome: "failed", error: "blocked" },
    }),
  ];
  for (const raw of webinar) {
    const parsed = parseWebinarEvent(raw);
    assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
    if (parsed.kind !== "valid") continue;
    // What the ingest stores (adapters/outbox.ts): the validated event, as JSON.
    assert.deepEqual(readStoredEvent(JSON.stringify(parsed.event), WEBINAR_SHAPES), parsed.event);
  }
  const covered = { cover_image: { url: "https://lms.example/c.png", is_default: false } };
  const learning = [
    assignment("lea@example.com", { session: covered }),
    information("lea@example.com"),
    pathStep("lea@example.com", Date.UTC(2026, 11, 24, 9)),
  ];
  for (const raw of learning) {
    const parsed = parseLearningEvent(raw);
    assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
    if (parsed.kind !== "valid") continue;
    assert.deepEqual(readStoredEvent(JSON.stringify(parsed.event), LEARNING_SHAPES), parsed.event);
  }
});

Deno.test("stored events: what does not have the shape of an event of the lane reads as null", () => {
  const parsed = parseWebinarEvent(chat(attendee(3), "hi"));
  assert.equal(parsed.kind, "valid");
  const event = (parsed as { event: Json }).event;
  assert.notEqual(readStoredEvent(JSON.stringify(event), WEBINAR_SHAPES), null);
  const without = (path: string[]) => {
    const copy = structuredClone(event);
    let at = copy as Json;
    for (const k of path.slice(0, -1)) at = at[k] as Json;
    delete at[path.at(-1)!];
    return JSON.stringify(copy);
  };
  for (
    const json of [
      "not json",
      "null",
      "[]",
      '"attendee.chat_message"',
      without(["id"]),
      without(["type"]),
      without(["message"]),
      without(["attendee", "email"]),
      without(["webinar", "primary_moderator"]),
      JSON.stringify({ ...event, type: "attendee.left" }),
      JSON.stringify({ ...event, type: "toString" }),
      JSON.stringify({ ...event, webinar: { ...(event.webinar as Json), moderators: "mo" } }),
    ]
  ) {
    assert.equal(readStoredEvent(json, WEBINAR_SHAPES), null, json.slice(0, 120));
  }
  assert.equal(
    readStoredEvent(JSON.stringify(event), LEARNING_SHAPES),
    null,
    "a webinar event in the learning lane",
  );
  // The row the learning lane's end-to-end test stores by hand: a type, no fields.
  assert.equal(
    readStoredEvent(
      JSON.stringify({ id: "lrn_broken", type: "session_assignment" }),
      LEARNING_SHAPES,
    ),
    null,
  );
});
