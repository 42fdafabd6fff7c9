import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, type Settings } from "../settings.ts";
import { type AttendeeEvent, parseWebinarEvent } from "./event.ts";
import { planAttendeeEvent } from "./plan.ts";

function event(type: string, extra: Record<string, unknown> = {}): AttendeeEvent {
  const r = parseWebinarEvent({
    id: "e1",
    type,
    occurred_at: "2026-11-22T15:00:00Z",
    webinar: {
      id: "w1",
      title: "Big Webinar",
      reply_attribution: "sender",
      primary_moderator: { name: "P", email: "p@x.io" },
      moderators: [],
    },
    session: { id: "s1", type: "live", starts_at: "2026-11-22T15:00:00Z" },
    attendee: { id: "a1", name: "Ann", email: "ann@x.io" },
    ...extra,
  });
  assert.equal(r.kind, "valid");
  return (r as { event: AttendeeEvent }).event;
}
const settings = (patch: Partial<Settings>): Settings => ({
  ...DEFAULT_SETTINGS,
  channelId: "C1",
  ...patch,
});
const chatEvent = () => event("attendee.chat_message", { message: { id: "m", text: "hello" } });

Deno.test("planAttendeeEvent() starts a thread in the configured channel for a first registration (W5 off)", () => {
  const plan = planAttendeeEvent(event("attendee.registered"), settings({}), null);
  assert.equal(plan.kind, "new_thread");
  if (plan.kind !== "new_thread") return;
  assert.deepEqual(plan.target, { mode: "single", channelId: "C1" });
  assert.deepEqual(plan.firstMessages, [], "the parent says it all");
});

Deno.test("planAttendeeEvent() waits for the first chat message with W5 on", () => {
  assert.deepEqual(
    planAttendeeEvent(event("attendee.registered"), settings({ surfaceOnChat: true }), null),
    { kind: "skip", reason: "waiting_for_chat" },
  );
  assert.deepEqual(
    planAttendeeEvent(event("attendee.joined"), settings({ surfaceOnChat: true }), null),
    { kind: "skip", reason: "waiting_for_chat" },
  );
  const plan = planAttendeeEvent(chatEvent(), settings({ surfaceOnChat: true }), null);
  assert.equal(plan.kind, "new_thread");
  if (plan.kind === "new_thread") {
    assert.equal(plan.firstMessages.length, 1, "the message goes in the new thread");
  }
});

Deno.test("planAttendeeEvent() keeps an existing thread whatever the settings say now (W8)", () => {
  const thread = { channelId: "C_OLD", threadTs: "1.000001" };
  for (
    const s of [
      settings({ channelMode: "per_webinar" }),
      settings({ channelId: "C_NEW" }),
      settings({ webinarEnabled: false }),
    ]
  ) {
    const plan = planAttendeeEvent(chatEvent(), s, thread);
    assert.equal(plan.kind, "in_thread");
    if (plan.kind === "in_thread") assert.deepEqual(plan.thread, thread);
  }
});

Deno.test("planAttendeeEvent() targets the webinar's own channel in per-webinar mode", () => {
  const plan = planAttendeeEvent(
    event("attendee.joined"),
    settings({ channelMode: "per_webinar", channelPrefix: "wb-" }),
    null,
  );
  assert.equal(plan.kind, "new_thread");
  if (plan.kind === "new_thread") {
    assert.deepEqual(plan.target, {
      mode: "per_webinar",
      webinarId: "w1",
      title: "Big Webinar",
      prefix: "wb-",
    });
  }
});

Deno.test("planAttendeeEvent() reports a missing channel and skips when the relay is off", () => {
  assert.deepEqual(
    planAttendeeEvent(event("attendee.registered"), settings({ channelId: null }), null),
    { kind: "not_configured" },
  );
  assert.deepEqual(
    planAttendeeEvent(event("attendee.registered"), settings({ webinarEnabled: false }), null),
    { kind: "skip", reason: "relay_off" },
  );
});

Deno.test("planAttendeeEvent() writes channel text in the workspace language", () => {
  const plan = planAttendeeEvent(event("attendee.registered"), settings({ language: "fr" }), null);
  assert.equal(plan.kind, "new_thread");
  if (plan.kind === "new_thread") {
    assert.match(plan.parent.text, /s’est inscrit·e à Big Webinar/);
    assert.match(JSON.stringify(plan.parent.blocks), /Répondre dans le chat|Début de la session/);
  }
});

Deno.test("planAttendeeEvent() lists every part of a message too long for one", () => {
  const long = event("attendee.chat_message", { message: { id: "m", text: "🙂".repeat(9_000) } });
  const inThread = planAttendeeEvent(long, settings({}), { channelId: "C1", threadTs: "1.0" });
  assert.equal(inThread.kind, "in_thread");
  if (inThread.kind !== "in_thread") return;
  assert.equal(inThread.messages.length, 2);
  const first = planAttendeeEvent(long, settings({ surfaceOnChat: true }), null);
  assert.equal(first.kind, "new_thread");
  if (first.kind !== "new_thread") return;
  assert.equal(first.firstMessages.length, 2);
  const short = planAttendeeEvent(chatEvent(), settings({}), { channelId: "C1", threadTs: "1.0" });
  assert.ok(short.kind === "in_thread" && short.messages.length === 1);
});
