/**
 * Issue 7, bad input: 10,000 generated requests per webhook through the ingest pipeline's decision
 * code (readBatch with the real parser, then the plan and the renderers for valid events, exactly
 * what the handler and the drain call), then samples of them through the real engine and fake Slack.
 * Malformed, oversized, wrong types, unicode edge cases: nothing throws, nothing is posted for an
 * invalid event, each rejection names the field, and every message stays within Slack's limits.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { readBatch } from "../domain/batch.ts";
import { DEFAULT_SETTINGS, type Settings } from "../domain/settings.ts";
import {
  eventTime,
  isAttendeeEvent,
  parseWebinarEvent,
  WEBINAR_EVENT_TYPES,
  WebinarEventSchema,
} from "../domain/webinar/event.ts";
import { planAttendeeEvent } from "../domain/webinar/plan.ts";
import { renderReplyFailed } from "../domain/webinar/messages.ts";
import { channelNameFor } from "../domain/webinar/channel_name.ts";
import {
  checkLearningEvent,
  learnerSubject,
  LEARNING_EVENT_TYPES,
  type LearningEvent,
  LearningEventSchema,
  learningEventTime,
  parseLearningEvent,
} from "../domain/learning/event.ts";
import { planLearningEvent } from "../domain/learning/plan.ts";
import { renderLearningMessage, senderOf } from "../domain/learning/messages.ts";
import type { SlackMessage } from "../domain/intents.ts";
import type { Locale } from "../domain/i18n/mod.ts";
import {
  applyMutation,
  hugeText,
  learningEventArb,
  mutation,
  pathText,
  secretArb,
  webinarEventArb,
} from "../testing/generators.ts";
import { messageProblems } from "../testing/slack_limits.ts";
import { attendee as fixtureAttendee, SESSION, WEBINAR } from "../testing/webinar_fixtures.ts";
import { GROUP, SESSION as LEARNING_SESSION } from "../testing/learning_fixtures.ts";
import { startApp, type TestApp } from "../testing/app.ts";
import { countDeliveries } from "../testing/deliveries.ts";
import { activity } from "../testing/reads.ts";
import { visibleText } from "../testing/mentions.ts";
import type { Message } from "../sandbox/fake_slack/mod.ts";

const SECRET = "s3cret-Value";
const MAX_EVENTS = 100;
const RUNS = 10_000;

/** Unhandled rejections anywhere in this file's tests fail them. */
const unhandled: unknown[] = [];
globalThis.addEventListener("unhandledrejection", (e) => {
  unhandled.push(e.reason);
  e.preventDefault();
});

/** A reason names a field path under events[i], or is one of readBatch's documented reasons. */
const REASON_PART = /^events\[\d+\](\.[a-z_]+|\[\d+\])*: \S.*$/s;

type Payload = { raw: unknown; mutated: Array<string | number> | null };
type Request = { secret: unknown; events: unknown; payloads: Payload[] | null };

// ---------- generators of whole requests ----------

const WEBINAR_BASES: Record<string, unknown>[] = [
  {
    id: "evt_1",
    type: "attendee.registered",
    occurred_at: "2026-11-22T14:05:00Z",
    webinar: WEBINAR,
    session: SESSION,
    attendee: fixtureAttendee(1),
  },
  {
    id: "evt_2",
    type: "attendee.chat_message",
    occurred_at: "2026-11-22T15:04:10Z",
    webinar: WEBINAR,
    session: SESSION,
    attendee: fixtureAttendee(2, { joined_at: "2026-11-22T15:02:00Z" }),
    message: { id: "msg_77", text: "Will the slides be shared after the session?" },
  },
  {
    id: "evt_3",
    type: "attendee.interaction_response",
    occurred_at: "2026-11-22T15:20:00Z",
    webinar: WEBINAR,
    session: SESSION,
    attendee: fixtureAttendee(3),
    interaction: { id: "poll_3", kind: "poll", title: "Team size?", response: "10 to 50" },
  },
  {
    id: "evt_4",
    type: "reply.delivery_result",
    occurred_at: "2026-11-22T15:31:00Z",
    webinar: { id: "web_1" },
    attendee: { id: "att_1" },
    reply: { id: "C0123ABCD-1795359600.000200", outcome: "failed", error: "Mailbox full" },
  },
];

const LEARNING_BASES: Record<string, unknown>[] = [
  {
    id: "lrn_1",
    type: "session_assignment",
    occurred_at: "2026-11-20T09:00:00Z",
    learner: { email: "lea@example.com" },
    notification: { title: "You are invited to “Negotiation basics”" },
    session: LEARNING_SESSION,
    group: GROUP,
  },
  {
    id: "lrn_2",
    type: "path_step",
    send_at: "2026-12-02T08:30:00+01:00",
    learner: { email: "liam@example.com" },
    notification: { title: "Step 2: practise with a colleague" },
    session: { ...LEARNING_SESSION, cover_image: undefined },
    group: { name: "Acme Academy" },
  },
];

function payloadArb(
  bases: Record<string, unknown>[],
  generated: fc.Arbitrary<Record<string, unknown>>,
  types: readonly string[],
  schema: { safeParse(v: unknown): { success: boolean } },
): fc.Arbitrary<Payload> {
  const mutated = fc.tuple(
    fc.oneof(fc.constantFrom(...bases), generated),
    fc.array(mutation, { minLength: 1, maxLength: 3 }),
  ).map(([base, ms]): Payload => {
    let event = base;
    let path: Array<string | number> | null = null;
    for (const m of ms) {
      const applied = applyMutation(event, m);
      event = applied.event;
      path = applied.path;
    }
    // The field that broke is known only when one mutation broke a valid event.
    const known = ms.length === 1 && schema.safeParse(base).success;
    return { raw: event, mutated: known ? path : null };
  });
  const plain = (a: fc.Arbitrary<unknown>) => a.map((raw): Payload => ({ raw, mutated: null }));
  return fc.oneof(
    { weight: 4, arbitrary: plain(generated) },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: plain(fc.jsonValue()) },
    {
      weight: 1,
      arbitrary: plain(fc.anything({
        withBoxedValues: true,
        withNullPrototype: true,
        withSparseArray: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
      })),
    },
    {
      weight: 1,
      arbitrary: plain(fc.record({
        id: fc.oneof(fc.string(), fc.integer(), hugeText),
        type: fc.oneof(fc.constantFrom(...types), fc.string(), fc.constantFrom("toString", "")),
      }, { requiredKeys: ["type"] })),
    },
  );
}

function requestArb(payload: fc.Arbitrary<Payload>): fc.Arbitrary<Request> {
  const events = fc.oneof(
    {
      weight: 12,
      arbitrary: fc.array(payload, { minLength: 1, maxLength: 5 }).map((p) => ({ p })),
    },
    // More than a request may hold (the same event repeated keeps generation cheap).
    {
      weight: 1,
      arbitrary: fc.tuple(payload, fc.integer({ min: MAX_EVENTS + 1, max: MAX_EVENTS + 40 }))
        .map(([p, n]) => ({ p: Array.from({ length: n }, () => p) })),
    },
    // Exactly the maximum.
    {
      weight: 1,
      arbitrary: payload.map((p) => ({ p: Array.from({ length: MAX_EVENTS }, () => p) })),
    },
    { weight: 1, arbitrary: fc.constantFrom([], null, undefined, {}, "[]", 3).map((v) => ({ v })) },
  );
  return fc.record({ secret: secretArb(SECRET), events }).map(({ secret, events: e }) =>
    "p" in e
      ? { secret, events: e.p.map((x) => x.raw), payloads: e.p }
      : { secret, events: e.v, payloads: null }
  );
}

// ---------- the checks ----------

type Parsed =
  | { kind: "valid"; event: unknown }
  | { kind: "invalid"; id: string | null; reason: string }
  | { kind: "unknown_type"; id: string | null; type: string };

/** What every webhook must do with a request, whatever the lane. Returns the valid events. */
function checkRequest<E>(
  req: Request,
  parse: (raw: unknown, where: string) => Parsed,
  schema: { safeParse(v: unknown): { success: boolean } },
  types: readonly string[],
): Array<{ event: E; where: string }> {
  const batch = readBatch(req, SECRET, MAX_EVENTS, parse);
  if (req.secret !== SECRET) {
    assert.equal(batch.ok, false, "a wrong or missing secret is refused");
    if (batch.ok) return [];
    assert.equal(batch.reason, "bad_secret");
    assert.equal(
      batch.detail,
      req.secret === undefined ? "secret: is missing" : "secret: does not match",
    );
    return [];
  }
  if (!Array.isArray(req.events) || req.events.length === 0) {
    assert.ok(!batch.ok && batch.reason === "no_events");
    return [];
  }
  if (req.events.length > MAX_EVENTS) {
    assert.ok(!batch.ok && batch.reason === "too_many_events");
    assert.equal(
      batch.detail,
      `events: must hold at most ${MAX_EVENTS} events (got ${req.events.length})`,
    );
    return [];
  }
  assert.ok(batch.ok);
  assert.equal(batch.results.length, req.events.length);
  const valid: Array<{ event: E; where: string }> = [];
  const seen = new Set<unknown>();
  batch.results.forEach((result, i) => {
    const raw: unknown = req.events instanceof Array ? req.events[i] : undefined;
    // A request of 100 copies of one event: check the copy once.
    if (typeof raw === "object" && raw !== null) {
      if (seen.has(raw)) return;
      seen.add(raw);
    }
    const where = `events[${i}]`;
    const isObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
    const rawType = isObject ? (raw as { type?: unknown }).type : undefined;
    const rawId = isObject ? (raw as { id?: unknown }).id : undefined;
    if (result.kind !== "valid") {
      // Never deliverable: the drain's own reading of a row refuses it too.
      assert.equal(schema.safeParse(raw).success, false, `${where}: the drain would accept it`);
      // Named in the activity log only by an id the contract would accept (never quoting a value).
      const validId = typeof rawId === "string" && /^[A-Za-z0-9._@~-]{1,128}$/.test(rawId);
      assert.equal(result.id, validId ? rawId : null);
    }
    if (result.kind === "unknown_type") {
      assert.ok(typeof rawType === "string" && !types.includes(rawType));
      // Quoted only when it is a name, as event types are; anything else is described.
      const named = /^[A-Za-z0-9._:-]{1,64}$/.test(rawType);
      assert.equal(result.type, named ? rawType : `(${[...rawType].length} characters)`);
      return;
    }
    if (result.kind === "invalid") {
      if (typeof rawType === "string") {
        assert.ok(types.includes(rawType), `${where}: an unknown type is not "invalid"`);
      }
      const parts = result.reason.split("; ");
      for (const part of parts) {
        if (/^and \d+ more$/.test(part)) continue;
        assert.match(part, REASON_PART, `${where}: an imprecise reason`);
        assert.ok(part.startsWith(where), `${where}: the reason names another event: ${part}`);
      }
      const mutated = req.payloads?.[i]?.mutated;
      if (mutated && mutated[0] !== "type") {
        // One field was broken: the reason names it, a field inside it, or the object holding it.
        const named = pathText(where, mutated);
        const paths = parts.map((p) => p.slice(0, p.indexOf(": ")));
        assert.ok(
          paths.some((p) =>
            p === named || p.startsWith(`${named}.`) || p.startsWith(`${named}[`) ||
            named.startsWith(`${p}.`) || named.startsWith(`${p}[`) ||
            (p.endsWith(".ends_at") && named.endsWith(".starts_at"))
          ),
          `${where}: "${result.reason}" does not name ${named}`,
        );
      }
      return;
    }
    assert.ok(isObject && typeof rawType === "string" && types.includes(rawType));
    // The outbox keeps the event as JSON; the drain reads it back with the same schema.
    const stored = JSON.parse(JSON.stringify(result.event));
    assert.equal(schema.safeParse(stored).success, true, `${where}: unreadable once stored`);
    valid.push({ event: result.event as E, where });
  });
  return valid;
}

function assertFine(
  message: SlackMessage | null,
  what: string,
  sender?: { username: string; iconUrl: string | null },
): void {
  if (!message) return;
  const problems = messageProblems(message, sender);
  assert.deepEqual(problems, [], `${what}: Slack would refuse or misread it`);
}

const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

function checkWebinarEvent(event: unknown, locale: Locale): void {
  const parsed = WebinarEventSchema.parse(event);
  assert.ok(Number.isFinite(eventTime(parsed)), "occurred_at orders the outbox");
  if (!isAttendeeEvent(parsed)) {
    if (parsed.reply.error) {
      assertFine(renderReplyFailed("Ada", parsed.reply.error, locale, true), "reply failed");
    }
    return;
  }
  const settings: Settings = { ...DEFAULT_SETTINGS, channelId: "C0SINGLE", language: locale };
  const fresh = planAttendeeEvent(parsed, settings, null);
  assert.equal(fresh.kind, "new_thread");
  if (fresh.kind === "new_thread") {
    assertFine(fresh.parent, "parent");
    fresh.firstMessages.forEach((m, i) => assertFine(m, `first reply, part ${i + 1}`));
  }
  const later = planAttendeeEvent(parsed, settings, { channelId: "C0SINGLE", threadTs: "1.2" });
  assert.equal(later.kind, "in_thread", "with W5 off every later event adds to the thread");
  if (later.kind === "in_thread") {
    later.messages.forEach((m, i) => assertFine(m, `thread message, part ${i + 1}`));
  }
  const perWebinar = planAttendeeEvent(parsed, { ...settings, channelMode: "per_webinar" }, null);
  if (perWebinar.kind === "new_thread" && perWebinar.target.mode === "per_webinar") {
    const t = perWebinar.target;
    assert.match(channelNameFor(t.prefix, t.title, t.webinarId, 1), CHANNEL_NAME);
    assert.match(channelNameFor(t.prefix, t.title, t.webinarId, 7), CHANNEL_NAME);
  }
}

const NOW = Date.parse("2026-11-21T00:00:00Z");

function checkLearning(event: unknown, locale: Locale, images: boolean, link: boolean): void {
  const e: LearningEvent = LearningEventSchema.parse(event);
  assert.ok(Number.isFinite(learningEventTime(e, NOW)));
  assert.match(learnerSubject(e.learner.email), /^l:[0-9a-f]{16}$/);
  const problem = checkLearningEvent(e, NOW);
  if (problem) {
    assert.equal(problem.code, "time_in_past");
    assert.match(`events[0]: ${problem.reason}`, REASON_PART);
  }
  const preferencesUrl = link ? "https://slack.com/shortcuts/Ft0PREFS/abc123" : null;
  const plan = planLearningEvent(e, {
    settings: DEFAULT_SETTINGS,
    learner: {
      userId: "U0LEARNER",
      slackLocale: locale === "fr" ? "fr-FR" : "en-US",
      isBot: false,
      muted: [],
    },
    now: NOW,
    preferencesUrl,
    images,
  });
  if (plan.kind === "dm") assertFine(plan.message, "learning DM", plan.sender);
  else if (plan.kind === "schedule") assertFine(plan.message, "scheduled step");
  else if (plan.kind === "wait") assert.ok(Number.isFinite(plan.postAt));
  else assert.fail(`a matched learner with nothing muted got "${plan.kind}"`);
  for (const identity of ["sender", "inline"] as const) {
    assertFine(
      renderLearningMessage(e, { locale, preferencesUrl, identity, images }),
      `learning ${identity}`,
      senderOf(e),
    );
  }
}

// ---------- the property runs ----------

Deno.test("webinar webhook: 10,000 generated requests never throw, reject precisely and render within Slack's limits (property)", () => {
  const payload = payloadArb(
    WEBINAR_BASES,
    webinarEventArb(),
    WEBINAR_EVENT_TYPES,
    WebinarEventSchema,
  );
  let valid = 0;
  let invalid = 0;
  fc.assert(
    fc.property(requestArb(payload), fc.constantFrom<Locale>("en", "fr"), (req, locale) => {
      const events = checkRequest<unknown>(
        req,
        parseWebinarEvent,
        WebinarEventSchema,
        WEBINAR_EVENT_TYPES,
      );
      if (Array.isArray(req.events) && req.secret === SECRET && req.events.length <= MAX_EVENTS) {
        invalid += req.events.length - events.length;
      }
      for (const { event } of events) {
        valid++;
        checkWebinarEvent(event, locale);
      }
    }),
    { seed: 70_001, numRuns: RUNS },
  );
  // The generators must exercise both sides, or the property proves little.
  assert.ok(valid > 2_000, `only ${valid} valid events`);
  assert.ok(invalid > 2_000, `only ${invalid} rejected events`);
  assert.deepEqual(unhandled, []);
});

Deno.test("learning webhook: 10,000 generated requests never throw, reject precisely and render within Slack's limits (property)", () => {
  const payload = payloadArb(
    LEARNING_BASES,
    learningEventArb(),
    LEARNING_EVENT_TYPES,
    LearningEventSchema,
  );
  let valid = 0;
  let invalid = 0;
  fc.assert(
    fc.property(
      requestArb(payload),
      fc.constantFrom<Locale>("en", "fr"),
      fc.boolean(),
      fc.boolean(),
      (req, locale, images, link) => {
        const events = checkRequest<unknown>(
          req,
          parseLearningEvent,
          LearningEventSchema,
          LEARNING_EVENT_TYPES,
        );
        if (Array.isArray(req.events) && req.secret === SECRET && req.events.length <= MAX_EVENTS) {
          invalid += req.events.length - events.length;
        }
        for (const { event } of events) {
          valid++;
          checkLearning(event, locale, images, link);
        }
      },
    ),
    { seed: 70_002, numRuns: RUNS },
  );
  assert.ok(valid > 2_000, `only ${valid} valid events`);
  assert.ok(invalid > 2_000, `only ${invalid} rejected events`);
  assert.deepEqual(unhandled, []);
});

// ---------- samples through the real engine ----------

type Event = Record<string, unknown>;

/** `n` generated events as a platform would send them (JSON objects only: Slack refuses others). */
function sampleEvents(
  payload: fc.Arbitrary<Payload>,
  seed: number,
  n: number,
  prepare: (event: Event, mutated: Array<string | number> | null, k: number) => void,
): Event[] {
  const out: Event[] = [];
  const ids = new Set<string>();
  let k = 0;
  for (const p of fc.sample(payload, { seed, numRuns: n * 4 })) {
    if (out.length === n) break;
    if (typeof p.raw !== "object" || p.raw === null || Array.isArray(p.raw)) continue;
    let json: string;
    try {
      json = JSON.stringify(p.raw);
    } catch {
      continue; // BigInt and the like cannot be sent
    }
    if (json.length > 8_000) continue; // Oversized events are the properties' job.
    const event: Event = JSON.parse(json);
    if (typeof event !== "object" || event === null || Array.isArray(event)) continue;
    // Unique ids, so each event's fate can be told apart (unless its id is what was broken).
    if (p.raw && (p.mutated?.[0] !== "id" || typeof event.id !== "string")) {
      if ("id" in event && typeof event.id === "string") event.id = `bi-${seed}-${k}`;
    }
    if (typeof event.id === "string") {
      if (ids.has(event.id)) continue;
      ids.add(event.id);
    }
    prepare(event, p.mutated, k++);
    out.push(event);
  }
  assert.equal(out.length, n, "enough events sampled");
  return out;
}

/** Half valid events with awkward content, half anything the payload generator makes. */
function halfValid(
  generated: fc.Arbitrary<Event>,
  payload: fc.Arbitrary<Payload>,
  schema: { safeParse(v: unknown): { success: boolean } },
): fc.Arbitrary<Payload> {
  const valid = generated.filter((e) => schema.safeParse(e).success)
    .map((raw): Payload => ({ raw, mutated: null }));
  return fc.oneof(valid, payload);
}

type Expected = {
  valid: Map<string, Event>;
  reasons: string[];
  ignored: string[];
};

const IGNORED = "is not part of the event contract; ignored";

function expectations(
  batches: Event[][],
  parse: (raw: unknown, where: string) => Parsed,
): Expected {
  const out: Expected = { valid: new Map(), reasons: [], ignored: [] };
  for (const batch of batches) {
    batch.forEach((raw, i) => {
      const r = parse(raw, `events[${i}]`);
      if (r.kind === "valid") out.valid.set(String(raw.id), raw);
      else if (r.kind === "invalid") out.reasons.push(r.reason);
      else out.ignored.push(`events[${i}]: type "${r.type}" ${IGNORED}`);
    });
  }
  return out;
}

/** The event ids the app delivered to Slack (by each post's delivery metadata). */
async function deliveredEventIds(app: TestApp, lane: string): Promise<Map<string, string[]>> {
  const { byId, duplicates } = await countDeliveries(app.fake);
  assert.deepEqual(duplicates, [], "nothing posted twice");
  const out = new Map<string, string[]>();
  for (const id of byId.keys()) {
    const m = /^([a-z]+):(.*?)(#parent|#first)?$/s.exec(id);
    if (!m || m[1] !== lane) continue;
    out.set(m[2]!, [...(out.get(m[2]!) ?? []), m[3] ?? "in_thread"]);
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/**
 * Runs a test against a fresh app (Slack's waits ten times shorter). Afterwards: every run ended
 * well (a worker that crashed or rejected unhandled fails its run) and this process saw no
 * unhandled rejection.
 */
async function withApp(body: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp({ timeScale: 10 });
  try {
    await body(app);
    const failed = app.engine.runs.filter((r) => r.status !== "completed");
    assert.deepEqual(failed.map((r) => `${r.workflow}: ${r.error}`), [], "every run completed");
  } finally {
    await app.close();
  }
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(unhandled, [], "no unhandled rejection");
}

/**
 * Requests of at most 100 events and about 40 KB: the sandbox engine keeps a run's inputs in Deno KV
 * (64 KiB a value), so a bigger body fails there before the app runs.
 */
function intoRequests(events: Event[]): Event[][] {
  const out: Event[][] = [[]];
  let bytes = 0;
  for (const e of events) {
    const size = new TextEncoder().encode(JSON.stringify(e)).length;
    if (out.at(-1)!.length === MAX_EVENTS || bytes + size > 40_000) {
      out.push([]);
      bytes = 0;
    }
    out.at(-1)!.push(e);
    bytes += size;
  }
  return out;
}

function assertActivity(
  rows: Array<Record<string, unknown>>,
  lane: string,
  expected: Expected,
  extraRejected: RegExp | null = null,
): void {
  const rejected = rows.filter((r) => r.kind === "rejected" && r.source === lane);
  const details = rejected.map((r) => String(r.detail));
  const beyond = extraRejected ? details.filter((d) => extraRejected.test(d)) : [];
  assert.deepEqual(
    sorted(details.filter((d) => !beyond.includes(d))),
    sorted(expected.reasons),
    "each invalid event is recorded once, with the parser's precise reason",
  );
  for (const r of rejected) {
    assert.equal(r.code === "invalid_event" || r.code === "time_in_past", true, String(r.code));
    assert.ok(String(r.remediation ?? "").length > 0, "a fix is offered");
  }
  const ignored = rows.filter((r) => r.kind === "ignored" && r.source === lane);
  assert.deepEqual(sorted(ignored.map((r) => String(r.detail))), sorted(expected.ignored));
}

const WEBINAR_ATTENDEES = ["b0", "b1", "b2", "b3", "b4", "b5"];

Deno.test("webinar webhook end to end: 200 generated events post exactly the valid ones and record each rejection", () =>
  withApp(async (app) => {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const generated = webinarEventArb({ attendees: WEBINAR_ATTENDEES, webinars: ["bw1", "bw2"] });
    const payload = halfValid(
      generated,
      payloadArb(WEBINAR_BASES, generated, WEBINAR_EVENT_TYPES, WebinarEventSchema),
      WebinarEventSchema,
    );
    const events = sampleEvents(payload, 71_001, 200, () => {});
    const batches = intoRequests(events);
    const expected = expectations(batches, parseWebinarEvent);
    const attendeeEvents = [...expected.valid].filter(([, e]) =>
      e.type !== "reply.delivery_result"
    );
    assert.ok(attendeeEvents.length >= 40, `${attendeeEvents.length} valid attendee events`);
    assert.ok(expected.reasons.length >= 40, `${expected.reasons.length} invalid events`);

    for (const batch of batches) {
      const res = await app.sendWebinar(batch);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await app.settle();

    const delivered = await deliveredEventIds(app, "webinar");
    assert.deepEqual(
      sorted(delivered.keys()),
      sorted(attendeeEvents.map(([id]) => id)),
      "with W5 off, every valid attendee event and nothing else reached Slack",
    );
    // One parent per attendee thread; a first reply only under a chat or interaction that opened it.
    const threads = new Map<string, string[]>();
    for (const [id, e] of attendeeEvents) {
      const key = `${(e.webinar as Event).id}/${(e.attendee as Event).id}`;
      threads.set(key, [...(threads.get(key) ?? []), id]);
    }
    for (const [key, ids] of threads) {
      const parents = ids.filter((id) => delivered.get(id)!.includes("#parent"));
      assert.equal(parents.length, 1, `thread ${key}: one parent`);
    }
    for (const [id, kinds] of delivered) {
      if (!kinds.includes("#first")) continue;
      assert.ok(kinds.includes("#parent"));
      assert.match(String(expected.valid.get(id)!.type), /chat_message|interaction_response/);
    }
    assertActivity(await activity(app), "webinar", expected);
    const errors = (await activity(app)).filter((r) => r.kind === "error");
    assert.deepEqual(errors, [], "Slack refused nothing the app sent");
    assert.deepEqual(
      app.fake.calls({ method: "chat.postMessage" }).filter((c) => !c.ok).map((c) => c.error),
      [],
    );
  }));

const LEARNERS = ["lea@example.com", "LIAM@example.com", "ghost@nowhere.example"];

Deno.test("learning webhook end to end: 200 generated events DM exactly the valid ones for learners in Slack and record each rejection", () =>
  withApp(async (app) => {
    const generated = learningEventArb({ emails: LEARNERS });
    const payload = halfValid(
      generated,
      payloadArb(LEARNING_BASES, generated, LEARNING_EVENT_TYPES, LearningEventSchema),
      LearningEventSchema,
    );
    // Path steps due long ago are refused (time_in_past); far ahead they wait. Either way no DM now.
    const events = sampleEvents(payload, 71_002, 200, (event, mutated, k) => {
      if (event.type === "path_step" && mutated?.[0] !== "send_at") {
        event.send_at = k % 2 === 0 ? "2001-01-01T00:00:00Z" : "2099-01-01T00:00:00Z";
      }
    });
    const batches = intoRequests(events);
    const expected = expectations(batches, parseLearningEvent);
    const valid = [...expected.valid];
    const dms = valid.filter(([, e]) =>
      e.type !== "path_step" && !/ghost/.test(String((e.learner as Event).email))
    );
    const late = valid.filter(([, e]) => e.type === "path_step" && /^2001/.test(String(e.send_at)));
    assert.ok(dms.length >= 30, `${dms.length} DMs expected`);
    assert.ok(expected.reasons.length >= 40, `${expected.reasons.length} invalid events`);

    for (const batch of batches) {
      const res = await app.sendLearning(batch);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await app.settle();

    const delivered = await deliveredEventIds(app, "learning");
    assert.deepEqual(
      sorted(delivered.keys()),
      sorted(dms.map(([id]) => id)),
      "every valid notification for a learner in Slack, and nothing else, was sent",
    );
    const rows = await activity(app);
    assertActivity(
      rows,
      "learning",
      expected,
      /^events\[\d+\]: send_at: must be in the future \(the event arrived at /,
    );
    const pastRows = rows.filter((r) => r.kind === "rejected" && r.code === "time_in_past");
    assert.equal(pastRows.length, late.length, "each past path step refused with time_in_past");
    const unmatched = rows.filter((r) => r.kind === "unmatched_email");
    const ghosts = valid.filter(([id, e]) =>
      /ghost/.test(String((e.learner as Event).email)) && !late.some(([l]) => l === id)
    );
    assert.equal(unmatched.length, ghosts.length, "each unmatched learner noted for admins");
    assert.deepEqual(rows.filter((r) => r.kind === "error"), [], "Slack refused nothing");
  }));

/** Every message the app posted with delivery metadata, by delivery id. */
async function postedByDelivery(app: TestApp): Promise<Map<string, Message>> {
  const out = new Map<string, Message>();
  for (const c of await app.fake.workspace.records.channels()) {
    for (const m of await app.fake.workspace.records.messagesIn(c.id)) {
      if (m.metadata?.event_type !== "session_bridge_delivery") continue;
      out.set(String(m.metadata.event_payload.delivery_id), m);
    }
  }
  return out;
}

/** The text quoted in a thread reply (rich_text_quote elements), joined as written. */
function quoted(m: Message): string {
  type Rich = { type?: string; text?: string; elements?: Rich[] };
  return ((m.blocks ?? []) as Rich[]).flatMap((b) => b.elements ?? [])
    .filter((el) => el.type === "rich_text_quote")
    .flatMap((q) => q.elements ?? []).map((t) => t.text ?? "").join("");
}

function headerOf(m: Message | undefined): string {
  const h = (m?.blocks as Array<{ type: string; text?: { text: string } }> | undefined)
    ?.find((b) => b.type === "header");
  return h?.text?.text ?? "";
}

/** `shown` is `original`, or a cut of it that ends with "…" and stays within `max` units. */
function assertCut(shown: string, original: string, max: number, what: string): void {
  if (original.length <= max) return assert.equal(shown, original, `${what}: shown whole`);
  assert.ok(shown.length <= max, `${what}: ${shown.length} units, more than ${max}`);
  assert.ok(shown.endsWith("…"), `${what}: a cut ends with "…"`);
  assert.ok(original.startsWith(shown.slice(0, -1)), `${what}: a cut keeps the start`);
}

Deno.test("text at and over Slack's limits is cut with “…” (names, titles) or split (messages) and accepted by Slack, never refused", () =>
  withApp(async (app) => {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const names = [
      "n".repeat(149),
      "n".repeat(150),
      "n".repeat(151),
      "😀".repeat(75),
      "😀".repeat(76), // 76 characters but 152 UTF-16 units: over the header's 150
      "\u0301".repeat(200), // one grapheme of 200 combining marks
      "👨‍👩‍👧‍👦".repeat(18),
      "<!channel> ".repeat(18),
    ];
    const at = (i: number, extra: Record<string, unknown>) => ({
      id: `lim-${i}`,
      occurred_at: "2026-11-22T15:04:10Z",
      webinar: { ...WEBINAR, title: "🎓".repeat(500) },
      session: { ...SESSION, type: "é".repeat(100) },
      attendee: fixtureAttendee(900 + i, { name: names[i % names.length] }),
      ...extra,
    });
    const webinarEvents: Event[] = names.map((_, i) => at(i, { type: "attendee.registered" }));
    webinarEvents.push(
      at(0, {
        id: "lim-chat",
        type: "attendee.chat_message",
        message: { id: "m-big", text: "😀".repeat(10_000) },
      }),
      at(1, {
        id: "lim-poll",
        type: "attendee.interaction_response",
        interaction: {
          id: "p-big",
          kind: "quiz",
          title: "x ".repeat(250),
          response: "word ".repeat(1_000),
        },
      }),
    );
    // The registrations first, delivered before the rest: across requests, order holds only within
    // the reorder window (docs/reliability.md), and a chat message that overtook attendee 0's
    // registration would open the thread itself. Then one request per big event: the sandbox keeps
    // a run's inputs in 64 KiB.
    assert.equal((await app.sendWebinar(webinarEvents.slice(0, names.length))).status, 200);
    await app.settle();
    for (const e of webinarEvents.slice(names.length)) {
      assert.equal((await app.sendWebinar([e])).status, 200);
    }
    const learningEvents = [
      {
        id: "lim-l1",
        type: "session_assignment",
        learner: { email: "lea@example.com" },
        notification: { title: "🎓".repeat(500) },
        session: {
          ...LEARNING_SESSION,
          title: "S".repeat(500),
          description: "😀 ".repeat(5_000),
        },
        group: { name: "👩‍🎓".repeat(26), logo_url: GROUP.logo_url },
      },
      {
        id: "lim-l2",
        type: "session_information",
        learner: { email: "liam@example.com" },
        notification: { title: "t".repeat(151) },
        session: { ...LEARNING_SESSION, description: `${"\u0301".repeat(9_000)} end` },
        group: { name: "g".repeat(80) },
      },
    ];
    for (const e of learningEvents) assert.equal((await app.sendLearning([e])).status, 200);
    await app.settle();

    const posts = app.fake.calls({ method: "chat.postMessage" });
    assert.deepEqual(posts.filter((c) => !c.ok).map((c) => c.error), [], "Slack refused nothing");
    assert.deepEqual((await activity(app)).filter((r) => r.kind !== "settings_changed"), []);
    const byDelivery = await postedByDelivery(app);
    for (const [id, m] of byDelivery) {
      const sender = m.username
        ? { username: m.username, iconUrl: m.icons?.image_48 ?? null }
        : undefined;
      assert.deepEqual(
        messageProblems({ text: m.text, blocks: m.blocks ?? [] }, sender),
        [],
        `${id} within Slack's limits`,
      );
    }
    names.forEach((name, i) => {
      const parent = byDelivery.get(`webinar:lim-${i}#parent`);
      assert.ok(parent, `attendee ${i} got no parent; delivered: ${[...byDelivery.keys()]}`);
      assertCut(headerOf(parent), name, 150, `header of name ${i}`);
      const shown = visibleText(parent);
      assert.ok(shown.includes(`${"🎓".repeat(249)}…`), "the 500-character title cut to 500 units");
    });
    // A chat message and a response are shown whole, never cut (docs/events.md).
    // 20,000 UTF-16 units of emoji: two messages in the thread, in order, together the whole text.
    const chatParts = ["webinar:lim-chat", "webinar:lim-chat#part2"].map((id) =>
      byDelivery.get(id)!
    );
    assert.ok(chatParts.every(Boolean), `delivered: ${[...byDelivery.keys()]}`);
    assert.equal(byDelivery.has("webinar:lim-chat#part3"), false);
    assert.ok(Number(chatParts[0]!.ts) < Number(chatParts[1]!.ts), "the parts in order");
    assert.equal(chatParts.map(quoted).join(""), "😀".repeat(10_000), "chat message whole");
    const chatEvent = WebinarEventSchema.parse(webinarEvents.find((e) => e.id === "lim-chat"));
    assert.ok(isAttendeeEvent(chatEvent));
    const parts = planAttendeeEvent(chatEvent, { ...DEFAULT_SETTINGS, channelId: "C0SINGLE" }, {
      channelId: "C0SINGLE",
      threadTs: "1.2",
    });
    assert.ok(parts.kind === "in_thread" && parts.messages.length === 2);
    parts.messages.forEach((m, i) => assertFine(m, `long chat message, part ${i + 1}`));
    assert.deepEqual(chatParts.map((m) => m.blocks), parts.messages.map((m) => m.blocks));
    assert.equal(quoted(byDelivery.get("webinar:lim-poll")!), "word ".repeat(1_000), "response");

    const lea = byDelivery.get("learning:lim-l1")!;
    assertCut(headerOf(lea), "🎓".repeat(500), 150, "notification title");
    assertCut(lea.username ?? "", "👩‍🎓".repeat(26), 80, "group name as sender");
    const description = visibleText(lea).split("\n").find((l) => l.startsWith("😀"))!;
    // Cut at 200 characters as people count them (docs/events.md), between words.
    assert.equal(description, `${"😀 ".repeat(100).trimEnd()}…`);
    const liam = byDelivery.get("learning:lim-l2")!;
    assertCut(headerOf(liam), "t".repeat(151), 150, "151-character title");
    assert.equal(liam.username, "g".repeat(80), "an 80-character group name is whole");
  }));
