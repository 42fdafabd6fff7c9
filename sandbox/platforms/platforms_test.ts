/**
 * The platform simulators: the events they send follow the contract (parsed with the app's own
 * parsers), replies land in the attendee's chat or mailbox, state survives a restart, and the
 * sender batches and waits out 429s.
 */
import assert from "node:assert/strict";
import { parseWebinarEvent } from "../../domain/webinar/event.ts";
import { parseLearningEvent } from "../../domain/learning/event.ts";
import { SimulatorError, WebinarPlatform } from "./webinar.ts";
import { LearningPlatform } from "./learning.ts";
import { batches, EventSender, MAX_BODY_BYTES, sendEvents } from "./sender.ts";
import { FakeSlack } from "../fake_slack/mod.ts";

const PRIYA = { name: "Priya Natarajan", email: "priya@northwind.example" };
const MARCUS = { name: "Marcus Chen", email: "marcus@northwind.example" };

function webinarWorld(p: WebinarPlatform) {
  return p.createWebinar({
    id: "web_1",
    title: "Scaling Support Teams",
    reply_attribution: "sender",
    primary_moderator: PRIYA,
    moderators: [PRIYA, MARCUS],
    session: { type: "live", starts_at: "2026-11-22T15:00:00Z" },
    polls: [{ id: "poll_1", title: "Team size?", options: ["1 to 10", "More"] }],
  });
}

async function signedReply(p: WebinarPlatform, body: Record<string, unknown>, key: string) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(p.now() / 1000));
  return await p.handle(
    new Request(`http://127.0.0.1/v1/replies`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${p.token}`,
        "Idempotency-Key": key,
        "X-Session-Bridge-Timestamp": ts,
        "X-Session-Bridge-Signature": await p.sign(ts, raw),
      },
      body: raw,
    }),
  );
}

Deno.test("WebinarPlatform sends every attendee action as an event the app's parser accepts", () => {
  const p = new WebinarPlatform({
    chatUrl: (w, a) => `http://127.0.0.1:8787/#webinar/${w}/${a ?? ""}`,
  });
  webinarWorld(p);
  const { attendee, event: registered } = p.registerAttendee({
    webinar_id: "web_1",
    name: "Ada Lovelace",
    email: "ada@analytical.example",
  });
  const events = [
    registered,
    p.join("web_1", attendee.id),
    p.chat("web_1", attendee.id, "Will the slides be shared?"),
    p.answer("web_1", attendee.id, {
      id: "poll_1",
      kind: "poll",
      title: "Team size?",
      response: "More",
    }),
  ];
  const types = events.map((e) => {
    const parsed = parseWebinarEvent(e);
    assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
    return String(e.type);
  });
  assert.deepEqual(types, [
    "attendee.registered",
    "attendee.joined",
    "attendee.chat_message",
    "attendee.interaction_response",
  ]);
  const times = events.map((e) => Date.parse(String(e.occurred_at)));
  assert.ok(
    times.every((t, i) => i === 0 || t > times[i - 1]!),
    "events are strictly ordered in time",
  );
  assert.equal(
    (events[0]!.attendee as { chat_url: string }).chat_url,
    `http://127.0.0.1:8787/#webinar/web_1/${attendee.id}`,
  );
  assert.equal(p.chats.length, 1, "the attendee's own message is in their chat");
});

Deno.test("WebinarPlatform refuses actions it cannot do, with the reason", () => {
  const p = new WebinarPlatform();
  webinarWorld(p);
  assert.throws(
    () => p.registerAttendee({ webinar_id: "web_1", name: "Ada", email: "not-an-email" }),
    (e) => e instanceof SimulatorError && /"not-an-email" is not an email address/.test(e.message),
  );
  assert.throws(() => p.join("web_1", "att_nobody"), /Unknown attendee "att_nobody"/);
  const { attendee } = p.registerAttendee({
    webinar_id: "web_1",
    name: "Ada",
    email: "a@b.example",
  });
  assert.throws(() => p.chat("web_1", attendee.id, "   "), /needs some text/);
  p.endSession([...p.sessions.keys()][0]!);
  assert.throws(() => p.join("web_1", attendee.id), /session is over/);
});

Deno.test("WebinarPlatform delivers a reply to an online attendee's chat, and emails it when they are offline", async () => {
  const p = new WebinarPlatform();
  webinarWorld(p);
  const { attendee } = p.registerAttendee({
    webinar_id: "web_1",
    name: "Ada",
    email: "ada@a.example",
  });
  p.join("web_1", attendee.id);
  const base = { webinar_id: "web_1", attendee_id: attendee.id, sender: MARCUS };
  const online = await signedReply(p, { ...base, reply_id: "r1", text: "Yes!" }, "r1");
  assert.deepEqual(await online.json(), { delivery: "chat" });
  const line = p.chats.find((c) => c.reply_id === "r1");
  assert.deepEqual([line?.from, line?.text, line?.sender], ["moderator", "Yes!", MARCUS]);

  p.setOnline("web_1", attendee.id, false);
  const offline = await signedReply(
    p,
    { ...base, reply_id: "r2", text: "Here is the recording" },
    "r2",
  );
  assert.deepEqual(await offline.json(), { delivery: "email" });
  assert.equal(p.emails.length, 1);
  assert.deepEqual(
    [p.emails[0]!.from, p.emails[0]!.to, p.emails[0]!.subject],
    [MARCUS, { name: "Ada", email: "ada@a.example" }, "Re: Scaling Support Teams"],
  );
  // The app may send the same reply twice: one email.
  await (await signedReply(p, { ...base, reply_id: "r2", text: "Here is the recording" }, "r2"))
    .body?.cancel();
  assert.equal(p.emails.length, 1);
  const bounce = p.bounce(p.emails[0]!.id);
  assert.equal(parseWebinarEvent(bounce).kind, "valid");
});

Deno.test("WebinarPlatform and LearningPlatform find their world again after a restart", async () => {
  // The records of a workspace in memory: what the sandbox keeps in its KV file.
  const fake = await FakeSlack.start({ rateLimits: false });
  const records = fake.workspace.records;
  try {
    const first = new WebinarPlatform({ store: records.simulator("webinar") });
    webinarWorld(first);
    const { attendee } = first.registerAttendee({
      webinar_id: "web_1",
      name: "Ada",
      email: "a@b.example",
    });
    first.join("web_1", attendee.id);
    first.chat("web_1", attendee.id, "hello");
    await first.flush();
    const again = await WebinarPlatform.start({ store: records.simulator("webinar") });
    try {
      assert.deepEqual(again.snapshot(), first.snapshot());
    } finally {
      await again.close();
    }

    const options = {
      assetUrl: (f: string) => `http://x.example/${f}`,
      sessionUrl: (id: string) => `http://x.example/s/${id}`,
    };
    const learning = new LearningPlatform({
      ...options,
      store: records.simulator("learning"),
    });
    learning.setGroup({ name: "Academy", logo: "logo.png" });
    learning.addLearner({ id: "l1", name: "Léa", email: "lea@x.example" });
    learning.addPath({ id: "p1", title: "Path" });
    learning.addSession({
      id: "s1",
      path_id: "p1",
      title: "S",
      description: "",
      starts_at: "2026-12-01T09:00:00Z",
      ends_at: "2026-12-01T10:00:00Z",
      cover: null,
    });
    learning.assign("l1", "s1");
    await learning.flush();
    const reloaded = await LearningPlatform.start({
      ...options,
      store: records.simulator("learning"),
    });
    assert.deepEqual(reloaded.snapshot(), learning.snapshot());
  } finally {
    await fake.close();
  }
});

Deno.test("LearningPlatform sends assignments, information and path steps the learning contract accepts", () => {
  const p = new LearningPlatform({
    assetUrl: (f) => `http://127.0.0.1:8787/demo/images/${f}`,
    sessionUrl: (id) => `http://127.0.0.1:8787/#learning/session/${id}`,
    now: () => Date.UTC(2026, 10, 22, 12),
  });
  p.setGroup({ name: "Northwind Academy", logo: "academy-logo.png" });
  p.addLearner({ id: "lea", name: "Léa Dubois", email: "lea@northwind.example" });
  p.addLearner({ id: "liam", name: "Liam", email: "liam@northwind.example" });
  p.addPath({ id: "path", title: "Foundations" });
  p.addSession({
    id: "s1",
    path_id: "path",
    title: "Écoute active 🎧",
    description: "Une description longue, accentuée et émojifiée ☕ ".repeat(10),
    starts_at: "2026-11-25T08:00:00.000Z",
    ends_at: "2026-11-25T10:00:00.000Z",
    cover: { file: "cover-metrics.svg", is_default: false },
  });
  assert.throws(() => p.sendInformation("s1", { title: "Room change" }), /Nobody is enrolled/);
  const events = [
    p.assign("lea", "s1"),
    p.assign("liam", "s1"),
    ...p.sendInformation("s1", { title: "Room change" }),
    p.schedulePathStep("lea", "s1", { title: "Prepare", sendAt: Date.UTC(2026, 10, 22, 13) }),
  ];
  for (const e of events) {
    assert.equal(parseLearningEvent(e).kind, "valid", JSON.stringify(parseLearningEvent(e)));
  }
  assert.deepEqual(events.map((e) => e.type), [
    "session_assignment",
    "session_assignment",
    "session_information",
    "session_information",
    "path_step",
  ]);
  const first = events[0]! as {
    session: { cover_image: unknown };
    group: unknown;
    learner: unknown;
  };
  assert.deepEqual(first.session.cover_image, {
    url: "http://127.0.0.1:8787/demo/images/cover-metrics.svg",
    is_default: false,
  });
  assert.deepEqual(first.group, {
    name: "Northwind Academy",
    logo_url: "http://127.0.0.1:8787/demo/images/academy-logo.png",
  });
  assert.deepEqual(first.learner, { email: "lea@northwind.example" });
  assert.deepEqual(p.enrolled("s1").map((l) => l.id), ["lea", "liam"]);
});

Deno.test("EventSender batches what piles up while Slack says 429, and sends it again after Retry-After", async () => {
  const bodies: Array<{ secret: string; events: unknown[] }> = [];
  let answered = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    answered++;
    if (answered === 1) {
      return Response.json({ ok: false, error: "ratelimited" }, {
        status: 429,
        headers: { "Retry-After": "1" },
      });
    }
    bodies.push(body);
    return Response.json({ ok: true });
  });
  const sender = new EventSender({
    target: () => ({ url: `http://127.0.0.1:${server.addr.port}/hook`, secret: "s3cret" }),
  });
  try {
    sender.enqueue([{ id: "e1", type: "a" }]);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(sender.status.retryAt !== null, "waiting out the 429");
    sender.enqueue([{ id: "e2", type: "a" }, { id: "e3", type: "b" }]);
    await sender.idle();
    assert.deepEqual(bodies.map((b) => b.events.map((e) => (e as { id: string }).id)), [["e1"], [
      "e2",
      "e3",
    ]]);
    assert.ok(bodies.every((b) => b.secret === "s3cret"));
    assert.deepEqual(sender.status.log.map((r) => r.statuses), [[200], [429, 200]]);
    assert.equal(sender.status.lastError, null);
  } finally {
    await sender.close();
    await server.shutdown();
  }
});

Deno.test("sendEvents() reports why a webhook refused a request", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => Response.json({ ok: false, error: "invalid_workflow_input" }, { status: 400 }),
  );
  try {
    const result = await sendEvents(`http://127.0.0.1:${server.addr.port}/`, "s", [{ id: "x" }]);
    assert.deepEqual(result.statuses, [400]);
    assert.match(result.errors[0]!, /invalid_workflow_input/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("both simulators take the addresses the contract takes, chloé@example.org included, and only those", () => {
  const webinar = new WebinarPlatform();
  webinarWorld(webinar);
  const learning = new LearningPlatform({
    assetUrl: (f) => `http://x.example/${f}`,
    sessionUrl: (id) => `http://x.example/s/${id}`,
  });
  for (const email of ["chloé@example.org", "用户@例子.广告", "ivan@пример.рф"]) {
    const { event } = webinar.registerAttendee({ webinar_id: "web_1", name: "Chloé", email });
    assert.equal(parseWebinarEvent(event).kind, "valid", email);
    assert.equal(learning.addLearner({ name: "Chloé", email }).email, email);
  }
  // What the contract refuses, the simulators refuse too, rather than send an event it rejects.
  for (const email of ["chloé@", "a@b.c", "<x>@example.org", "a@exa mple.org"]) {
    assert.throws(
      () => webinar.registerAttendee({ webinar_id: "web_1", name: "X", email }),
      /is not an email address/,
    );
    assert.throws(() => learning.addLearner({ name: "X", email }), /is not an email address/);
  }
});

Deno.test("batches() keeps each request within 100 events and the contract's 1 MiB", () => {
  const small = Array.from({ length: 250 }, (_, i) => ({ id: `e${i}` }));
  assert.deepEqual(batches("s", small, 100, MAX_BODY_BYTES).map((b) => b.length), [100, 100, 50]);
  const big = Array.from({ length: 30 }, (_, i) => ({ id: `e${i}`, text: "é".repeat(50_000) }));
  const split = batches("secret", big, 100, MAX_BODY_BYTES);
  assert.ok(split.length > 1);
  assert.deepEqual(split.flat(), big, "every event once, in order");
  for (const b of split) {
    const size = new TextEncoder().encode(JSON.stringify({ secret: "secret", events: b })).length;
    assert.ok(size <= MAX_BODY_BYTES, `${size} bytes`);
  }
  const huge = [{ text: "x".repeat(MAX_BODY_BYTES) }, { id: "after" }];
  assert.deepEqual(batches("s", huge, 100, MAX_BODY_BYTES).map((b) => b.length), [1, 1]);
});
