/**
 * The drainer, driven directly from the test (its rows written as ingests would hand them over), on
 * a fake Slack that scans in hash order and serves stale reads: order per attendee whatever the scan
 * order and whatever was retried, forced overlaps of two drainers, a drainer that dies after posting.
 */
import assert from "node:assert/strict";
import type { OutboxRow } from "../datastores/outbox.ts";
import { startApp, type TestApp } from "../testing/app.ts";
import { botContext, type CallHook, statePut } from "../testing/contexts.ts";
import { countDeliveries, outboxLeft } from "../testing/deliveries.ts";
import { history, replies, waitFor, waitPastStaleReads } from "../testing/reads.ts";
import { attendee, chat, registered, WEBINAR } from "../testing/webinar_fixtures.ts";
import { rowFor } from "../testing/outbox_rows.ts";
import { visibleText } from "../testing/mentions.ts";
import { drain, dueNow, endsRun, pickRound } from "./drain.ts";
import { drainOwner } from "../domain/claim.ts";
import { acquireLease } from "./lease.ts";
import { RETRY_NOW } from "./slack/continuation.ts";
import { writeOutbox } from "./outbox.ts";
import { PROCESSORS } from "./processors.ts";

const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 15, 0, s)).toISOString();

Deno.test("dueNow(): Retry now makes rows waiting for a retry due, never rows a run holds", () => {
  const now = Date.UTC(2026, 10, 22, 16);
  const later = now + 15 * 60_000;
  const waiting = rowFor(registered(attendee(1)), { notBefore: later });
  const held = rowFor(registered(attendee(2)), { notBefore: later, owner: "ingest:R1" });
  const taken = rowFor(registered(attendee(3)), { notBefore: later, owner: "drain:H1" });
  assert.deepEqual(pickRound([waiting, held, taken], 10, now), [], "nothing due yet");
  const rows = dueNow([waiting, held, taken], now);
  assert.deepEqual(pickRound(rows, 10, now).map((r) => r.id), [waiting.id]);
  assert.equal(rows[1], held, "a live run's rows stay as they are");
  assert.equal(rows[2], taken, "another drainer's rows stay as they are");
  const other = rowFor(registered(attendee(4)), { notBefore: later });
  assert.deepEqual(
    pickRound(dueNow([waiting, other], now, new Set([other.id])), 10, now).map((r) => r.id),
    [other.id],
    "only the rows named",
  );
});

Deno.test("endsRun(): the next invocation starts ahead only when the round fills this one and due rows wait after it", () => {
  const now = Date.UTC(2026, 10, 22, 16);
  const due = Array.from(
    { length: 6 },
    (_, i) => rowFor(registered(attendee(i)), { notBefore: now }),
  );
  // Rows are taken oldest first, at most three for the one channel here.
  const round = pickRound(due, 3, now);
  assert.equal(round.length, 3);
  assert.equal(endsRun(round, due, 3, now), true, "three more are due after it");
  assert.equal(endsRun(round, due.slice(0, 3), 3, now), false, "nothing left after it");
  const later = due.map((r, i) => i < 3 ? r : { ...r, not_before: now + 15 * 60_000 });
  assert.equal(
    endsRun(round, later, 3, now),
    false,
    "what is left waits for a retry: the alarm's job",
  );
  assert.equal(
    endsRun(round.slice(0, 2), due, 3, now),
    false,
    "a round that does not fill the invocation",
  );
});

async function withChannel(fn: (app: TestApp, channel: string) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    await waitPastStaleReads(app);
    await fn(app, channel);
  } finally {
    await app.close();
  }
}

/** The delivery ids of a thread, parent first. */
async function thread(app: TestApp, channel: string, parentTs: string): Promise<string[]> {
  const parent = (await history(app, channel)).find((m) => m.ts === parentTs)!;
  return [parent, ...await replies(app, channel, parentTs)].map((m) =>
    String(m.metadata?.event_payload?.delivery_id ?? "")
  );
}

Deno.test("drain(): a row waiting for its retry holds back the later rows of its attendee, not others", () =>
  withChannel(async (app, channel) => {
    const a = attendee(1);
    const b = attendee(2);
    const a1 = registered(a, { occurred_at: at(1) });
    const a2 = chat(a, "after the registration", { occurred_at: at(2) });
    const b1 = registered(b, { occurred_at: at(3) });
    const ctx = botContext(app.fake);
    // a1 failed a moment ago and waits for its retry; a2 and b1 are due.
    await writeOutbox(ctx, [
      { ...rowFor(a1, { notBefore: Date.now() + 60_000 }), attempts: 1, last_error: "fatal" },
      rowFor(a2),
      rowFor(b1),
    ]);
    await waitPastStaleReads(app);
    await drain(ctx, PROCESSORS, { reason: "test" });
    assert.deepEqual(
      (await history(app, channel)).map((m) => m.metadata?.event_payload?.delivery_id),
      [`webinar:${b1.id}#parent`],
      "only b1: a2 waits behind a1",
    );
    // a1's time comes: a1 opens the thread, a2 follows in it.
    await app.api("apps.datastore.update", {
      datastore: "outbox",
      item: { id: `webinar:${a1.id}`, not_before: Date.now() },
    });
    await waitPastStaleReads(app);
    await drain(botContext(app.fake), PROCESSORS, { reason: "test" });
    const parent = (await history(app, channel)).find((m) =>
      m.metadata?.event_payload?.delivery_id === `webinar:${a1.id}#parent`
    );
    assert.ok(parent, "a1 opened the thread");
    assert.deepEqual(await thread(app, channel, parent.ts), [
      `webinar:${a1.id}#parent`,
      `webinar:${a2.id}`,
    ]);
    assert.deepEqual(await outboxLeft(app.fake), []);
  }));

/** The row of `event` as a failed attempt leaves it: released, its next retry 10 minutes away. */
const waitingRow = (event: Record<string, unknown>): OutboxRow => ({
  ...rowFor(event, { notBefore: Date.now() + 10 * 60_000 }),
  attempts: 5,
  last_error: "x",
});

/** A registration waiting for a retry 10 minutes away, and another drainer holding the lease. */
async function waitingBehindHolder(app: TestApp, n: number) {
  const held = registered(attendee(n), { occurred_at: at(1) });
  await writeOutbox(botContext(app.fake), [waitingRow(held)]);
  const other = await acquireLease(botContext(app.fake), "drain");
  if (other.kind !== "acquired") throw new Error(`the other drainer found the lease ${other.kind}`);
  await waitPastStaleReads(app);
  return { held, holder: other.lease };
}

Deno.test("drain(): Retry now while another drainer holds the lease sends what waited itself, at once", () =>
  withChannel(async (app, channel) => {
    const { held, holder } = await waitingBehindHolder(app, 3);
    const report = await drain(botContext(app.fake), PROCESSORS, { reason: RETRY_NOW });
    assert.equal(report.status, "busy", "the holder kept the lease");
    assert.equal(report.delivered, 1);
    assert.deepEqual(
      (await history(app, channel)).map((m) => m.metadata?.event_payload?.delivery_id),
      [`webinar:${held.id}#parent`],
    );
    assert.deepEqual(await outboxLeft(app.fake), []);
    // The holder's next round finds nothing to post again.
    await holder.release();
    await waitPastStaleReads(app);
    const next = await drain(botContext(app.fake), PROCESSORS, { reason: "test" });
    assert.equal(next.delivered, 0);
    assert.deepEqual((await countDeliveries(app.fake)).duplicates, []);
  }));

Deno.test("drain(): Retry now leaves a waiting row to the drainer posting in its queue, made due for its next scan", () =>
  withChannel(async (app, channel) => {
    const { held, holder } = await waitingBehindHolder(app, 4);
    // The holder is posting another attendee of the same webinar (its row held until the lease ends).
    const busy = registered(attendee(40), { occurred_at: at(2) });
    await writeOutbox(botContext(app.fake), [
      rowFor(busy, { notBefore: holder.expiresAt, owner: drainOwner(holder.holder) }),
    ]);
    await waitPastStaleReads(app);
    const report = await drain(botContext(app.fake), PROCESSORS, { reason: RETRY_NOW });
    assert.equal(report.status, "busy");
    assert.equal((await history(app, channel)).length, 0, "nothing posted by the busy request");
    const row = (await outboxLeft(app.fake)).find((r) => r.id === `webinar:${held.id}`);
    assert.ok(row && row.not_before <= Date.now(), "the waiting row is due now");
    assert.equal(row.attempts, 5, "its attempts are kept");
    assert.equal(row.owner, "", "and nobody holds it");
    // The holder's next scan (here: the next drainer, once it lets go) takes it at once.
    await holder.release();
    await app.api("apps.datastore.delete", { datastore: "outbox", id: `webinar:${busy.id}` });
    await waitPastStaleReads(app);
    const next = await drain(botContext(app.fake), PROCESSORS, { reason: "test" });
    assert.equal(next.delivered, 1);
    assert.deepEqual(
      (await history(app, channel)).map((m) => m.metadata?.event_payload?.delivery_id),
      [`webinar:${held.id}#parent`],
    );
  }));

Deno.test("drain(): Retry now beside the drainer leaves what its round cannot hold in its queue until it is done there", () =>
  withChannel(async (app) => {
    const { holder } = await waitingBehindHolder(app, 9);
    // 19 more waiting registrations of the same webinar: more than a round of a 30 s invocation.
    const more = Array.from({ length: 19 }, (_, i) => registered(attendee(200 + i)));
    await writeOutbox(botContext(app.fake), more.map(waitingRow));
    await waitPastStaleReads(app);
    const posts: number[] = [];
    const releases: number[] = [];
    const ctx = botContext(app.fake, {
      limitMs: 30_000,
      hook: async (method, args, call) => {
        const res = await call() as { ok?: boolean };
        if (method === "chat.postMessage" && res.ok) posts.push(Date.now());
        if (method === "apps.datastore.bulkPut" || method === "apps.datastore.put") {
          const items = (args.items ?? [args.item]) as { owner?: string; not_before?: number }[];
          if (items.some((i) => i.owner === "" && (i.not_before ?? Infinity) <= Date.now())) {
            releases.push(Date.now());
          }
        }
        return res;
      },
    });
    const report = await drain(ctx, PROCESSORS, { reason: RETRY_NOW });
    assert.equal(report.status, "busy");
    assert.ok(report.delivered > 0 && report.delivered < 20, `delivered ${report.delivered}`);
    const left = await outboxLeft(app.fake);
    assert.equal(report.delivered + left.length, 20, "each row posted or left");
    assert.ok(left.every((r) => r.owner === "" && r.not_before <= Date.now()), "the rest is due");
    assert.ok(releases.length > 0);
    assert.ok(
      releases.every((t) => t >= Math.max(...posts)),
      "no row of the queue was made due for the holder while the request posted there",
    );
    assert.deepEqual((await countDeliveries(app.fake)).duplicates, []);
    await holder.release();
  }));

Deno.test("drain(): two Retry now requests beside the drainer holding the lease post each waiting row once", () =>
  withChannel(async (app) => {
    const { holder } = await waitingBehindHolder(app, 6);
    // Two more waiting registrations, each of its own webinar (its own queue).
    const more = [7, 8].map((n) =>
      registered(attendee(n), {
        occurred_at: at(n),
        webinar: { ...WEBINAR, id: `web_${n}`, title: `Webinar ${n}` },
      })
    );
    await writeOutbox(botContext(app.fake), more.map(waitingRow));
    await waitPastStaleReads(app);
    // The admin's button and the app's own join, at the same moment.
    const [a, b] = await Promise.all([
      drain(botContext(app.fake), PROCESSORS, { reason: RETRY_NOW }),
      drain(botContext(app.fake), PROCESSORS, { reason: RETRY_NOW }),
    ]);
    assert.equal(a.status, "busy");
    assert.equal(b.status, "busy");
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    assert.equal(a.delivered + b.delivered, 3, "every waiting row taken by one of them");
    assert.equal(counted.total, 3);
    await holder.release();
  }));

Deno.test("drain(): Retry now during another drainer's long round sends what waited within seconds, each row once", () =>
  withChannel(async (app, channel) => {
    // A backlog of one webinar: a drainer's round of 15 posts, a post a second.
    const backlog = Array.from(
      { length: 15 },
      (_, i) => registered(attendee(100 + i), { occurred_at: at(2 + i) }),
    );
    // Another webinar's registration, waiting 10 minutes for its retry (its channel was just fixed).
    const other = registered(attendee(5), {
      occurred_at: at(1),
      webinar: { ...WEBINAR, id: "web_2", title: "Onboarding Clinic" },
    });
    const ctx = botContext(app.fake);
    await writeOutbox(ctx, [
      ...backlog.map((e) => rowFor(e)),
      waitingRow(other),
    ]);
    await waitPastStaleReads(app);
    const delivered = async () =>
      (await history(app, channel)).map((m) => String(m.metadata?.event_payload?.delivery_id));
    const holder = drain(ctx, PROCESSORS, { reason: "test" });
    await waitFor(async () => (await delivered()).length >= 2 || null, 20_000);
    const askedAt = Date.now();
    const request = drain(botContext(app.fake), PROCESSORS, { reason: RETRY_NOW });
    await waitFor(
      async () => (await delivered()).includes(`webinar:${other.id}#parent`) || null,
      30_000,
    );
    const waited = Date.now() - askedAt;
    const backlogPosted = (await delivered()).filter((id) => id !== `webinar:${other.id}#parent`);
    assert.ok(waited < 10_000, `the waiting row went out ${waited} ms after Retry now`);
    assert.ok(backlogPosted.length < backlog.length, "while the other drainer's round still ran");
    const [first, second] = await Promise.all([holder, request]);
    assert.equal(second.status, "busy");
    assert.equal(first.delivered + second.delivered, backlog.length + 1);
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    assert.equal(counted.total, backlog.length + 1);
  }));

Deno.test("drain(): a row that fails within a round holds back the later rows of its attendee in that round", () =>
  withChannel(async (app, channel) => {
    const a = attendee(1);
    const b = attendee(2);
    const a1 = registered(a, { occurred_at: at(1) });
    const a2 = chat(a, "after the registration", { occurred_at: at(2) });
    const b1 = registered(b, { occurred_at: at(3) });
    // All three are due and taken together; a1's post fails once with an answer that says nothing
    // was posted, so a1 goes back for a retry in the middle of the round.
    let failed = 0;
    const ctx = botContext(app.fake, {
      hook: async (method, args, call) => {
        if (
          method === "chat.postMessage" && failed === 0 &&
          JSON.stringify(args).includes(String(a1.id))
        ) {
          failed++;
          return { ok: false, error: "unexpected_hiccup" };
        }
        return await call();
      },
    });
    await writeOutbox(ctx, [rowFor(a1), rowFor(a2), rowFor(b1)]);
    await waitPastStaleReads(app);
    await drain(ctx, PROCESSORS, { reason: "test" });
    assert.equal(failed, 1, "a1's post failed once");
    if ((await outboxLeft(app.fake)).length > 0) {
      // a1's retry was due later than this drainer waits: its time comes now.
      await app.api("apps.datastore.update", {
        datastore: "outbox",
        item: { id: `webinar:${a1.id}`, not_before: Date.now() },
      });
      await waitPastStaleReads(app);
      await drain(botContext(app.fake), PROCESSORS, { reason: "test" });
    }
    const parent = (await history(app, channel)).find((m) =>
      m.metadata?.event_payload?.delivery_id === `webinar:${a1.id}#parent`
    );
    assert.ok(parent, "a1 opened the thread: a2 did not overtake it");
    assert.deepEqual(await thread(app, channel, parent.ts), [
      `webinar:${a1.id}#parent`,
      `webinar:${a2.id}`,
    ]);
    assert.deepEqual(await outboxLeft(app.fake), []);
  }));

Deno.test("drain(): more than 200 waiting rows whose ids sort against their times still go in time order", () =>
  withChannel(async (app, channel) => {
    // W5 on: registrations post nothing, so 250 of them cost no post; the attendee under test
    // chats twice, the first message's id sorting after the second's.
    await app.setSettings({ channelId: channel, surfaceOnChat: true });
    const x = attendee(999);
    const first = { ...chat(x, "first message", { occurred_at: at(1) }), id: "zzz_first" };
    const second = { ...chat(x, "second message", { occurred_at: at(50) }), id: "aaa_second" };
    const others = Array.from(
      { length: 250 },
      (_, i) => registered(attendee(i), { occurred_at: at(2 + (i % 40)) }),
    );
    const ctx = botContext(app.fake);
    const stored = [...others.map((e) => rowFor(e)), rowFor(second), rowFor(first)];
    await writeOutbox(ctx, stored);
    await waitPastStaleReads(app);
    await drain(ctx, PROCESSORS, { reason: "test" });
    const parents = await history(app, channel);
    assert.equal(parents.length, 1, "one thread: the attendee who chatted");
    assert.match(visibleText(parents[0]!), /started chatting|chat/i);
    assert.deepEqual(await thread(app, channel, parents[0]!.ts), [
      "webinar:zzz_first#parent",
      "webinar:zzz_first#first",
      "webinar:aaa_second",
    ]);
    // One invocation delivers what its minute allows (the drainer's datastore pace), oldest attendee
    // first (an attendee's rows go together, after their first): whatever it left for the next one
    // is later than the first row of every attendee it delivered.
    const left = new Set((await outboxLeft(app.fake)).map((r) => r.id));
    const rows = stored.sort((a, b) => a.order_key.localeCompare(b.order_key));
    const heads = rows.filter((r, i) => rows.findIndex((o) => o.subject === r.subject) === i);
    const deliveredHeads = heads.filter((r) => !left.has(r.id));
    assert.ok(deliveredHeads.length >= 70, `${deliveredHeads.length} attendees delivered`);
    assert.deepEqual(
      deliveredHeads,
      heads.slice(0, deliveredHeads.length),
      "the oldest attendees went first",
    );
    assert.ok(
      rows.every((r) => !left.has(r.id) || !deliveredHeads.some((h) => h.subject === r.subject)),
    );
  }));

/** Makes a drainer believe it holds the lease whoever holds it (a forced overlap). */
function ignoresLease(): CallHook {
  let claimed = "";
  return async (method, args, call) => {
    const claim = statePut(method, args, "lease:drain") as { holder?: string } | undefined;
    if (claim?.holder) claimed = claim.holder;
    if (method === "apps.datastore.get" && args.id === "state:lease:drain") {
      await call();
      // The lease looks free before our claim, and ours after it.
      return {
        ok: true,
        item: claimed
          ? {
            id: "state:lease:drain",
            value_json: JSON.stringify({
              holder: claimed,
              expires_at: Date.now() + 60_000,
              released: false,
            }),
            at: Date.now(),
          }
          : {},
      };
    }
    return await call();
  };
}

Deno.test("drain(): two drainers that overlap (the lease forced for both) post every row once", () =>
  withChannel(async (app) => {
    const events = Array.from({ length: 6 }, (_, i) => registered(attendee(i)));
    await writeOutbox(botContext(app.fake), events.map((e) => rowFor(e)));
    await waitPastStaleReads(app);
    const [a, b] = await Promise.all([
      drain(botContext(app.fake, { hook: ignoresLease() }), PROCESSORS, { reason: "a" }),
      drain(botContext(app.fake, { hook: ignoresLease() }), PROCESSORS, { reason: "b" }),
    ]);
    assert.notEqual(a.status, "busy");
    assert.notEqual(b.status, "busy");
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    for (const e of events) assert.equal(counted.byId.get(`webinar:${e.id}#parent`), 1);
    assert.equal(a.delivered + b.delivered, 6);
  }));

Deno.test("drain(): a drainer that dies between a post and its marker leaves a row the next one does not post again", () =>
  withChannel(async (app) => {
    const event = registered(attendee(7));
    await writeOutbox(botContext(app.fake), [rowFor(event)]);
    await waitPastStaleReads(app);
    // After its post lands, the first drainer gets nothing more done: it died.
    let dead = false;
    const dies: CallHook = async (method, _args, call) => {
      if (dead) return { ok: false, error: "invalid_auth" };
      const out = await call();
      if (method === "chat.postMessage") dead = true;
      return out;
    };
    await drain(botContext(app.fake, { hook: dies }), PROCESSORS, { reason: "dies" }).catch(() =>
      undefined
    );
    assert.ok(dead);
    const [left] = await outboxLeft(app.fake) as unknown as OutboxRow[];
    assert.ok(left && left.owner.startsWith("drain:"), "the row is still the dead drainer's");
    // Its hold runs out (a minute later).
    await app.api("apps.datastore.update", {
      datastore: "outbox",
      item: { id: left.id, not_before: Date.now() - 1 },
    });
    await app.api("apps.datastore.put", {
      datastore: "ledger",
      item: {
        id: "state:lease:drain",
        value_json: JSON.stringify({ holder: "dead", expires_at: 0, released: false }),
        at: Date.now(),
      },
    });
    await waitPastStaleReads(app);
    const next = await drain(botContext(app.fake), PROCESSORS, { reason: "next" });
    assert.equal(next.delivered, 1);
    const counted = await countDeliveries(app.fake);
    assert.equal(counted.byId.get(`webinar:${event.id}#parent`), 1, "posted once");
    assert.ok(
      app.fake.calls({ method: "conversations.history" }).length > 0,
      "the next drainer looked before posting",
    );
    assert.deepEqual(await outboxLeft(app.fake), []);
  }));

Deno.test("drain(): a row handed over while the drainer lets go is not left for later", () =>
  withChannel(async (app) => {
    const first = registered(attendee(1));
    const late = registered(attendee(2));
    await writeOutbox(botContext(app.fake), [rowFor(first)]);
    await waitPastStaleReads(app);
    let wrote = false;
    const ctx = botContext(app.fake, {
      hook: async (method, args, call) => {
        const lease = statePut(method, args, "lease:drain") as { released?: boolean } | undefined;
        if (!wrote && lease?.released) {
          // An ingest hands a row over right as the holder releases the lease.
          wrote = true;
          await writeOutbox(botContext(app.fake), [rowFor(late)]);
        }
        return await call();
      },
    });
    const report = await drain(ctx, PROCESSORS, { reason: "test" });
    assert.ok(wrote);
    assert.equal(report.delivered, 1);
    assert.equal(report.status, "continued", "a fresh drain takes the late row at once");
    await app.settle();
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    assert.equal(counted.byId.get(`webinar:${late.id}#parent`), 1);
    assert.deepEqual(await outboxLeft(app.fake), []);
  }));

/** Rows an ingest of more than ten events hands to the drainer (a drain run it wakes). */
async function handOver(app: TestApp, count: number): Promise<Array<Record<string, unknown>>> {
  const events = Array.from({ length: count }, (_, i) => registered(attendee(100 + i)));
  assert.equal((await app.sendWebinar(events)).status, 200);
  return events;
}

async function killedDrainer(
  kill: (app: TestApp) => Promise<void>,
): Promise<void> {
  const app = await startApp({ timeScale: 10 });
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    await waitPastStaleReads(app);
    const posted: number[] = [];
    const off = app.fake.workspace.on("message", ({ message }) => {
      if (message.metadata?.event_type === "session_bridge_delivery") {
        posted.push(app.fake.clock.now());
      }
    });
    const events = await handOver(app, 20);
    await waitFor(() => posted.length >= 3, 30_000);
    const killedAt = app.fake.clock.now();
    await kill(app);
    // No new event: the drain's alarm starts a fresh one.
    await waitFor(async () => {
      await app.settle();
      return (await outboxLeft(app.fake)).length === 0;
    }, 120_000);
    off();
    // The alarm, or the hourly upkeep if its hour happens to come first (its schedule follows the
    // wall clock): either way a drain starts with no new event.
    const resumed = app.engine.runs.find((r) =>
      r.started_at > killedAt &&
      ((r.workflow === "drain_outbox" && r.inputs.reason === "watchdog") ||
        r.workflow === "maintenance")
    );
    assert.ok(resumed, "a fresh drain was started by the alarm");
    assert.ok(
      resumed.started_at - killedAt <= 120_000,
      `replaced ${((resumed.started_at - killedAt) / 1000).toFixed(0)} s after it died`,
    );
    const counted = await countDeliveries(app.fake);
    assert.deepEqual(counted.duplicates, []);
    for (const e of events) assert.equal(counted.byId.get(`webinar:${e.id}#parent`), 1);
  } finally {
    await app.close();
  }
}

Deno.test("drain: a drainer stopped mid-drain is replaced within 2 minutes with no new event, nothing lost or doubled", () =>
  killedDrainer((app) => {
    // Slack stops the function: no cleanup, no hand-over.
    assert.equal(app.engine.stopFunction("drain_outbox"), 1);
    return Promise.resolve();
  }));

Deno.test("drain: a drainer brought down by datastore 429s is replaced within 2 minutes with no new event", () =>
  killedDrainer((app) => {
    // Every datastore call answers 429 for a while, longer than the drainer can wait.
    for (const method of ["get", "put", "query", "bulkGet", "bulkPut", "bulkDelete"]) {
      app.fake.addFault({
        method: `apps.datastore.${method}`,
        status: 429,
        retryAfter: 300,
        remaining: 3,
      });
    }
    return Promise.resolve();
  }));

Deno.test("drain: an attendee whose rows the drainer delivered is not held after: their next event goes out inline", async () => {
  const app = await startApp();
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    await waitPastStaleReads(app);
    const a = attendee(1);
    // The app's first contact with the channel (join, listen for replies) is the drainer's work.
    await app.sendWebinar([registered(a)]);
    await app.settle();
    await waitPastStaleReads(app);
    await app.sendWebinar([chat(a, "hello")]);
    await app.settle();
    const statuses = app.engine.runs.filter((r) => r.workflow === "webinar_events_received")
      .map((r) => r.steps[0]?.outputs?.status);
    assert.deepEqual(statuses, ["accepted:handed_over", "accepted:delivered"]);
  } finally {
    await app.close();
  }
});
