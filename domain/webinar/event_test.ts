import assert from "node:assert/strict";
import { parseWebinarEvent } from "./event.ts";

const base = {
  id: "evt_1",
  type: "attendee.registered",
  occurred_at: "2026-11-22T14:05:00Z",
  webinar: {
    id: "web_1",
    title: "T",
    reply_attribution: "sender",
    primary_moderator: { name: "P", email: "p@example.com" },
    moderators: [],
  },
  session: { id: "s1", type: "live", starts_at: "2026-11-22T15:00:00Z" },
  attendee: { id: "a1", name: "A", email: "a@example.org" },
};

Deno.test("parseWebinarEvent() accepts every documented type", () => {
  const cases = [
    base,
    {
      ...base,
      type: "attendee.joined",
      attendee: { ...base.attendee, joined_at: "2026-11-22T15:01:00+01:00" },
    },
    { ...base, type: "attendee.chat_message", message: { id: "m1", text: "hi" } },
    {
      ...base,
      type: "attendee.interaction_response",
      interaction: { id: "i", kind: "poll", title: "Q", response: "A" },
    },
    {
      id: "e9",
      type: "reply.delivery_result",
      occurred_at: base.occurred_at,
      webinar: { id: "w" },
      attendee: { id: "a" },
      reply: { id: "C1-1.2", outcome: "email" },
    },
  ];
  for (const c of cases) assert.equal(parseWebinarEvent(c).kind, "valid", c.type);
});

Deno.test("parseWebinarEvent() gives a precise reason for each invalid field", () => {
  const reason = (raw: unknown) => {
    const r = parseWebinarEvent(raw, "events[0]");
    assert.equal(r.kind, "invalid");
    return (r as { reason: string }).reason;
  };
  assert.equal(
    reason({ ...base, attendee: { ...base.attendee, email: "nope" } }),
    "events[0].attendee.email: must be an email address",
  );
  assert.equal(
    reason({ ...base, occurred_at: "yesterday" }),
    "events[0].occurred_at: must be an ISO 8601 date-time with a time zone (e.g. 2026-05-01T14:00:00Z)",
  );
  assert.equal(
    reason({ ...base, id: "has space" }),
    "events[0].id: must use only letters, digits and . _ @ ~ -",
  );
  assert.equal(
    reason({ ...base, webinar: { ...base.webinar, reply_attribution: "me" } }),
    'events[0].webinar.reply_attribution: must be one of "primary_moderator", "sender"',
  );
  assert.equal(
    reason({ ...base, attendee: { ...base.attendee, chat_url: "javascript:alert(1)" } }),
    "events[0].attendee.chat_url: must be an http(s) URL",
  );
  assert.equal(
    reason({
      ...base,
      type: "attendee.chat_message",
      message: { id: "m", text: "x".repeat(10_001) },
    }),
    "events[0].message.text: must be at most 10000 characters",
  );
  assert.equal(reason({ ...base, session: undefined }), "events[0].session: must be an object");
  assert.equal(reason([]), "events[0]: must be an object");
  assert.equal(reason({ ...base, type: 5 }), "events[0].type: must be a string");
});

Deno.test("parseWebinarEvent() tells an unknown type from an invalid event", () => {
  const r = parseWebinarEvent({ ...base, type: "attendee.left" });
  assert.deepEqual(r, { kind: "unknown_type", id: "evt_1", type: "attendee.left" });
});

Deno.test("parseWebinarEvent() reports an event's id and type only when shaped as the contract's", () => {
  // An id the contract refuses is not repeated: the event is named by its place instead.
  const spaced = parseWebinarEvent({ ...base, id: "Bearer abc.def", occurred_at: "later" });
  assert.deepEqual(spaced.kind === "invalid" && spaced.id, null);
  const long = parseWebinarEvent({ ...base, id: "x".repeat(129), occurred_at: "later" });
  assert.deepEqual(long.kind === "invalid" && long.id, null);
  // A type that is not a name (an email, a sentence, markup) is described, not quoted.
  assert.deepEqual(parseWebinarEvent({ ...base, type: "dave.secret@example.org" }), {
    kind: "unknown_type",
    id: "evt_1",
    type: "(23 characters)",
  });
  assert.deepEqual(parseWebinarEvent({ ...base, type: "<b>hi</b>" }), {
    kind: "unknown_type",
    id: "evt_1",
    type: "(9 characters)",
  });
  // No reason quotes the value it refuses.
  const secret = "xoxb-1234-5678-AbCdEf";
  for (
    const raw of [
      { ...base, occurred_at: secret },
      { ...base, attendee: { ...base.attendee, email: secret } },
      { ...base, webinar: { ...base.webinar, reply_attribution: secret } },
      { ...base, session: { ...base.session, starts_at: secret } },
    ]
  ) {
    const r = parseWebinarEvent(raw, "events[0]");
    assert.equal(r.kind, "invalid");
    assert.ok(r.kind === "invalid" && !r.reason.includes(secret), JSON.stringify(r));
  }
});
