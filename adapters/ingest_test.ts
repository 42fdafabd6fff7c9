/**
 * The ingest end to end (webhook → workflow → ingest, through the engine), on a fake Slack that scans
 * in hash order and serves stale reads: what one event costs, order within a request and across
 * requests, a moderator who answers at once, a subject that waits for a retry, a late retry.
 */
import assert from "node:assert/strict";
import type { CallRecord } from "../sandbox/fake_slack/mod.ts";
import { startApp, type TestApp } from "../testing/app.ts";
import { countDeliveries, outboxLeft } from "../testing/deliveries.ts";
import { assignment, information } from "../testing/learning_fixtures.ts";
import { history, replies, waitFor, waitPastStaleReads } from "../testing/reads.ts";
import {
  attendee,
  chat,
  joined,
  mirrorInPlatform,
  poll,
  registered,
  WEBINAR,
} from "../testing/webinar_fixtures.ts";

const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 15, 0, s)).toISOString();

/** The Web API calls of the last run of `workflow`'s function (the runtime's completion aside). */
function callsOfLastRun(app: TestApp, workflow: string): CallRecord[] {
  const run = app.engine.runs.filter((r) => r.workflow === workflow).at(-1);
  const execution = run?.steps[0]?.execution_id;
  assert.ok(execution, `a ${workflow} run`);
  return app.fake.calls().filter((c) =>
    c.execution_id === execution && !c.method.startsWith("functions.complete")
  );
}

const names = (calls: CallRecord[]) => calls.map((c) => c.method.replace("apps.datastore.", "ds."));

async function webinarApp(fn: (app: TestApp, channel: string) => Promise<void>, timeScale = 1) {
  const app = await startApp({ timeScale });
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    await waitPastStaleReads(app);
    // The first event ever sets the channel up (joined, listened to): not what a later one costs.
    await app.sendWebinar([registered(attendee(0))]);
    await app.settle();
    await fn(app, channel);
  } finally {
    await app.close();
  }
}

/** The delivery ids of a thread, parent first. */
async function threadOf(app: TestApp, channel: string, attendeeName: string): Promise<string[]> {
  const parent = (await history(app, channel)).find((m) =>
    JSON.stringify(m.blocks ?? []).includes(attendeeName)
  );
  assert.ok(parent, `a thread for ${attendeeName}`);
  return [parent, ...await replies(app, channel, parent.ts)].map((m) =>
    String(m.metadata?.event_payload?.delivery_id ?? "")
  );
}

Deno.test("ingest: an attendee's first event costs at most 8 calls, a later chat message at most 6", () =>
  webinarApp(async (app) => {
    const ada = attendee(1);
    await app.sendWebinar([registered(ada)]);
    await app.settle();
    const first = callsOfLastRun(app, "webinar_events_received");
    assert.ok(first.length <= 8, `first event: ${first.length} calls: ${names(first)}`);
    assert.equal(first.filter((c) => c.method === "chat.postMessage").length, 1);

    // The join: a note in the thread and, once, the parent updated with the join time (W1).
    await app.sendWebinar([joined(ada)]);
    await app.settle();
    const join = callsOfLastRun(app, "webinar_events_received");
    assert.ok(join.length <= 7, `join: ${join.length} calls: ${names(join)}`);
    assert.equal(join.filter((c) => c.method === "chat.update").length, 1);

    await app.sendWebinar([chat(ada, "a question")]);
    await app.settle();
    const later = callsOfLastRun(app, "webinar_events_received");
    assert.ok(later.length <= 6, `later chat: ${later.length} calls: ${names(later)}`);
    assert.deepEqual(
      later.filter((c) => c.method.startsWith("conversations.")).map((c) => c.method),
      [],
      "no search: nothing was in doubt",
    );
  }));

Deno.test("ingest: a learner DM costs at most 8 calls the first time, 6 once the learner is known", async () => {
  const app = await startApp();
  try {
    // The workspace's first DM finds the “My learning notifications” link once (kept a day).
    await app.sendLearning([assignment("lea@example.com")]);
    await app.settle();
    await waitPastStaleReads(app);
    await app.sendLearning([assignment("liam@example.com")]);
    await app.settle();
    const uncached = callsOfLastRun(app, "learning_events_received");
    assert.ok(uncached.length <= 8, `uncached: ${uncached.length} calls: ${names(uncached)}`);
    await waitPastStaleReads(app);
    await app.sendLearning([information("liam@example.com")]);
    await app.settle();
    const cached = callsOfLastRun(app, "learning_events_received");
    assert.ok(cached.length <= 6, `cached: ${cached.length} calls: ${names(cached)}`);
    assert.equal(cached.filter((c) => c.method.startsWith("users.")).length, 0);
  } finally {
    await app.close();
  }
});

Deno.test("ingest: events stamped the same second keep their order within the request", () =>
  webinarApp(async (app, channel) => {
    const eve = attendee(5, { name: "Eve Samesecond" });
    const same = { occurred_at: at(9) };
    // Ids that sort the other way round from the request's order.
    const events = [
      { ...joined(eve, same), id: "c_joined" },
      { ...chat(eve, "hello", same), id: "b_chat" },
      { ...poll(eve, "Q?", "A"), ...same, id: "a_poll" },
    ];
    await app.sendWebinar(events);
    await app.settle();
    assert.deepEqual(await threadOf(app, channel, "Eve Samesecond"), [
      "webinar:c_joined#parent",
      "webinar:b_chat",
      "webinar:a_poll",
    ]);
  }));

Deno.test("ingest: two requests with first events of one attendee at once make one thread, in time order", () =>
  webinarApp(async (app, channel) => {
    for (let i = 0; i < 3; i++) {
      const who = attendee(10 + i, { name: `Racer ${i}` });
      const reg = registered(who, { occurred_at: at(1) });
      const talk = chat(who, "first words", { occurred_at: at(3) });
      // The later event sent first, in its own request, at the same moment as the earlier one.
      const [a, b] = await Promise.all([app.sendWebinar([talk]), app.sendWebinar([reg])]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      await app.settle();
      assert.deepEqual(await threadOf(app, channel, `Racer ${i}`), [
        `webinar:${reg.id}#parent`,
        `webinar:${talk.id}`,
      ]);
    }
    assert.deepEqual((await countDeliveries(app.fake)).duplicates, []);
  }));

Deno.test("ingest: a first event stored slowly still opens its thread at once when no other run wants the attendee", () =>
  webinarApp(async (app, channel) => {
    // The row's write (the run's first) returns 400 ms late: longer than a claim may take to be
    // trusted blindly.
    app.fake.addFault({ method: "apps.datastore.put", delayMs: 400, remaining: 1 });
    const reg = registered(attendee(40, { name: "Slow Writer" }));
    assert.equal((await app.sendWebinar([reg])).status, 200);
    await app.settle();
    const run = app.engine.runs.filter((r) => r.workflow === "webinar_events_received").at(-1);
    assert.equal(run?.steps[0]?.outputs?.status, "accepted:delivered", "not left to the drainer");
    assert.deepEqual(await threadOf(app, channel, "Slow Writer"), [`webinar:${reg.id}#parent`]);
  }));

Deno.test("ingest: a run whose rows land after another run read them never opens a second thread", () =>
  webinarApp(async (app, channel) => {
    for (let i = 0; i < 2; i++) {
      const who = attendee(50 + i, { name: `Slow Racer ${i}` });
      const reg = registered(who, { occurred_at: at(1) });
      const talk = chat(who, "first words", { occurred_at: at(3) });
      // The registration's run stores first, and its write lands 1.5 s late: the chat's run, stamped
      // a moment later, reads before it lands and opens the thread. The registration's run, stamped
      // first, must not open another: reading again, it finds the other run's rows or its thread,
      // and its event goes into that thread, after the chat (docs/reliability.md, "Limits").
      app.fake.addFault({ method: "apps.datastore.put", delayMs: 1_500, remaining: 1 });
      const first = app.sendWebinar([reg]);
      await new Promise((r) => setTimeout(r, 200));
      const [a, b] = await Promise.all([first, app.sendWebinar([talk])]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      await app.settle();
      const parents = (await history(app, channel)).filter((m) =>
        JSON.stringify(m.blocks ?? []).includes(`Slow Racer ${i}`)
      );
      assert.equal(parents.length, 1, "one thread");
      // Both events are in it (the one that opened it as its parent, "#parent" and "#first").
      const thread = await threadOf(app, channel, `Slow Racer ${i}`);
      assert.deepEqual(
        [...new Set(thread.map((id) => id.replace(/#\w+$/, "")))].sort(),
        [`webinar:${reg.id}`, `webinar:${talk.id}`].sort(),
      );
    }
    assert.deepEqual((await countDeliveries(app.fake)).duplicates, []);
  }));

Deno.test("ingest: a request the datastore takes only in part records exactly the events it could not store, and delivers the rest", () =>
  webinarApp(async (app) => {
    // 60 events: stored in chunks of 25, 25 and 10, one of which the datastore refuses outright.
    const events = Array.from(
      { length: 60 },
      (_, i) => registered(attendee(100 + i, { name: `Part ${i}` })),
    );
    app.fake.addFault({
      method: "apps.datastore.bulkPut",
      status: 200,
      error: "internal_error",
      remaining: 1,
    });
    assert.equal((await app.sendWebinar(events)).status, 200);
    await app.settle(10 * 60_000);
    const run = app.engine.runs.filter((r) => r.workflow === "webinar_events_received").at(-1);
    const status = String(run?.steps[0]?.outputs?.status);
    const lost = Number(/^failed:(\d+)_not_stored$/.exec(status)?.[1]);
    assert.ok(lost === 25 || lost === 10, `one chunk not stored: ${status}`);
    const counted = await countDeliveries(app.fake);
    const got = events.filter((e) => counted.byId.has(`webinar:${e.id}#parent`)).length;
    assert.equal(got, events.length - lost, "every stored event delivered");
    assert.deepEqual(counted.duplicates, []);
  }, 10));

Deno.test("ingest: a moderator who answers a thread 1 s after it appears, while others still post, reaches the attendee once", () =>
  webinarApp(async (app, channel) => {
    const people = Array.from({ length: 8 }, (_, i) => attendee(20 + i, { name: `Guest ${i}` }));
    mirrorInPlatform(app.platform, people, WEBINAR);
    app.platform.setOnline(WEBINAR.id, String(people[0]!.id), true);
    const moToken = await app.userToken("mo");
    const firstParent = Promise.withResolvers<string>();
    const off = app.fake.workspace.on("message", ({ message }) => {
      const id = String(message.metadata?.event_payload?.delivery_id ?? "");
      if (
        message.channel === channel && id.endsWith("#parent") && message.text.includes("Guest 0")
      ) {
        firstParent.resolve(message.ts);
      }
    });
    await app.sendWebinar(people.map((p) => joined(p)));
    const parentTs = await firstParent.promise;
    off();
    // One second of Slack time after the parent appears (the other seven are still being posted).
    await new Promise((r) => setTimeout(r, app.fake.clock.realMs(1_000)));
    const reply = await app.api("chat.postMessage", {
      channel,
      thread_ts: parentTs,
      text: "Welcome!",
    }, moToken);
    assert.equal(reply.ok, true);
    await app.settle();
    await waitFor(() => app.platform.replies.length > 0, 30_000);
    await app.settle();
    assert.deepEqual(app.platform.replies.map((r) => [r.attendee_id, r.text]), [
      [String(people[0]!.id), "Welcome!"],
    ]);
    const run = app.engine.runs.filter((r) => r.workflow === "moderator_replied").at(-1);
    assert.equal(run?.steps[0]?.outputs?.status, "delivered:chat");
  }, 10));

Deno.test("ingest: a later event of an attendee whose earlier one waits for a retry goes after it", () =>
  webinarApp(async (app, channel) => {
    const kai = attendee(30, { name: "Kai Retry" });
    await app.sendWebinar([registered(kai)]);
    await app.settle();
    // The first chat message meets a Slack failure that may have posted: it waits for a retry.
    app.fake.addFault({ method: "chat.postMessage", error: "fatal_error", remaining: 1 });
    const first = chat(kai, "first", { occurred_at: at(20) });
    await app.sendWebinar([first]);
    await app.settle(2_000);
    const second = chat(kai, "second", { occurred_at: at(21) });
    await app.sendWebinar([second]);
    // Both end up delivered (the retry is due a few seconds later: the drain's alarm brings it).
    await waitFor(async () => {
      await app.settle();
      return (await outboxLeft(app.fake)).length === 0;
    }, 60_000);
    const ids = await threadOf(app, channel, "Kai Retry");
    assert.deepEqual(ids.slice(-2), [`webinar:${first.id}`, `webinar:${second.id}`]);
    assert.deepEqual((await countDeliveries(app.fake)).duplicates, []);
  }, 10));

Deno.test("ingest: a platform's retry 20 days later still has one effect", () =>
  webinarApp(async (app, channel) => {
    const lou = attendee(40, { name: "Lou Late" });
    const hello = chat(lou, "hello");
    await app.sendWebinar([hello]);
    await app.settle();
    app.fake.clock.advance(20 * 86_400_000);
    await app.sendWebinar([hello]);
    await app.settle();
    const counted = await countDeliveries(app.fake);
    assert.equal(
      (counted.byId.get(`webinar:${hello.id}#parent`) ?? 0) +
        (counted.byId.get(`webinar:${hello.id}`) ?? 0),
      1,
    );
    assert.equal((await threadOf(app, channel, "Lou Late")).length, 2, "parent and its first");
    // The retry's row was stored while its marker was read (ingest.ts): it is removed again, not
    // left for the drainer.
    assert.deepEqual(await outboxLeft(app.fake), []);
  }));
