/**
 * Fault tests: 500 events while the fake Slack answers ~10% of calls with 5xx or 429 (some 5xx after
 * the call took effect), its datastore scans in hash order and serves stale reads, and the webinar
 * platform fails ~10% of reply calls. After the drain: nothing lost, nothing doubled, each
 * attendee's events in the order they happened, every failure retried to success or recorded.
 */
import assert from "node:assert/strict";
import { startApp, WEBINAR_SECRET } from "../testing/app.ts";
import { countDeliveries, outboxLeft } from "../testing/deliveries.ts";
import { activity, channelNames, history, replies, waitFor } from "../testing/reads.ts";
import { mirrorInPlatform, SESSION, WEBINAR } from "../testing/webinar_fixtures.ts";
import { sendEvents } from "../sandbox/platforms/webinar.ts";
import { seededRandom } from "../sandbox/fake_slack/mod.ts";

/** Slack's limits, ten times faster (the ratios are what count). */
const SCALE = 10;
/** About 5% server errors (a third of them after the call took effect) and 5% 429s, every method. */
const FAULTS = [
  { method: "*", status: 503, probability: 0.035, when: "before" as const },
  { method: "*", status: 500, probability: 0.015, when: "after" as const },
  { method: "*", status: 429, retryAfter: 1, probability: 0.05 },
];

function buildEvents(random: () => number, platform: Parameters<typeof mirrorInPlatform>[0]) {
  const webinars = Array.from({ length: 5 }, (_, w) => ({
    ...WEBINAR,
    id: `fw${w}`,
    title: `Fault Webinar ${w}`,
  }));
  const events: Array<Record<string, unknown>> = [];
  let n = 0;
  const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 15, 0, s)).toISOString();
  for (const webinar of webinars) {
    const attendees = Array.from({ length: 20 }, (_, i) => ({
      id: `a${i}`,
      name: `Guest ${webinar.id}-${i}`,
      email: `g${i}.${webinar.id}@example.org`,
    }));
    mirrorInPlatform(platform, attendees, webinar);
    for (const a of attendees) {
      platform.setOnline(webinar.id, a.id, random() < 0.5);
      const common = { webinar, session: SESSION };
      const joinedA = { ...a, joined_at: at(2) };
      events.push(
        { ...common, id: `e${++n}`, type: "attendee.registered", occurred_at: at(1), attendee: a },
        {
          ...common,
          id: `e${++n}`,
          type: "attendee.joined",
          occurred_at: at(2),
          attendee: joinedA,
        },
        {
          ...common,
          id: `e${++n}`,
          type: "attendee.chat_message",
          occurred_at: at(3),
          attendee: joinedA,
          message: { id: `m${n}`, text: `hello ${n}` },
        },
        {
          ...common,
          id: `e${++n}`,
          type: "attendee.chat_message",
          occurred_at: at(4),
          attendee: joinedA,
          message: { id: `m${n}`, text: `again ${n}` },
        },
        {
          ...common,
          id: `e${++n}`,
          type: "attendee.interaction_response",
          occurred_at: at(5),
          attendee: joinedA,
          interaction: { id: `p${n}`, kind: "poll", title: "Q", response: "A" },
        },
      );
    }
  }
  return { webinars, events };
}

Deno.test({
  name:
    "faults: 500 events under 10% Slack 5xx/429 and 10% platform failures: zero lost, zero doubled, failures recorded",
  async fn() {
    const app = await startApp({
      timeScale: SCALE,
      fake: { rateLimits: { enabled: true }, faultSeed: 42 },
      // Slack's time limits at half the scale: the app stops itself at its (scaled) budget, while
      // ten workers starting at once on two cores should not be killed for CPU they never had.
      engine: { timeScale: SCALE / 2 },
    });
    try {
      await app.setSettings({ channelMode: "per_webinar", channelPrefix: "f-" });
      const random = seededRandom(7);
      const { webinars, events } = buildEvents(random, app.platform);
      assert.equal(events.length, 500);
      for (const rule of FAULTS) app.fake.addFault(rule);
      app.platform.mode = { kind: "flaky", failRate: 0.1, random: seededRandom(99) };

      // The platform sends them in time order, 50 a request, and retries 429s as it should.
      const ordered = [...events].sort(() => random() - 0.5)
        .sort((a, b) => String(a.occurred_at).localeCompare(String(b.occurred_at)));
      await sendEvents(
        String(app.triggers.webinar_events_webhook!.webhook_url),
        WEBINAR_SECRET,
        ordered,
        { batchSize: 50, timeScale: SCALE },
      );
      // The app continues by itself; the hourly upkeep (run here directly) picks up what a failed
      // run left behind.
      for (let i = 0; i < 60; i++) {
        await app.settle();
        if ((await outboxLeft(app.fake)).length === 0) break;
        await app.engine.startWorkflow("#/workflows/maintenance", {}, null).done;
      }
      assert.deepEqual(await outboxLeft(app.fake), [], "nothing waits in the outbox");
      // An hour later the upkeep also retries moderator invitations a fault left undone.
      await app.engine.startWorkflow("#/workflows/maintenance", {}, null).done;
      // Check what landed with no faults or limits on the test's own reads.
      app.fake.clearFaults();
      app.fake.limiter.configure({ enabled: false });
      const counted = await countDeliveries(app.fake);
      assert.deepEqual(counted.duplicates, [], "no delivery posted twice");
      // Each event reaches Slack once: as the attendee's parent message if it was the first delivered
      // for them, else in their thread (a chat message that opens a thread also adds a "#first" reply
      // with its text). Concurrent webhook runs may reorder events sent in separate requests.
      const wrong: string[] = [];
      let firsts = 0;
      for (const e of events) {
        const id = `webinar:${e.id}`;
        const asParent = counted.byId.get(`${id}#parent`) ?? 0;
        const inThread = counted.byId.get(id) ?? 0;
        if (asParent + inThread !== 1) wrong.push(`${id} (parent ${asParent}, thread ${inThread})`);
        firsts += counted.byId.get(`${id}#first`) ?? 0;
      }
      assert.deepEqual(wrong, [], "every event reached Slack exactly once");
      assert.equal(counted.total, 500 + firsts);
      const parentsByChannel = new Map<string, string[]>();
      const outOfOrder: string[] = [];
      const deliveryId = (m: { metadata?: { event_payload?: { delivery_id?: unknown } } }) =>
        String(m.metadata?.event_payload?.delivery_id ?? "");
      // When each event was first in the outbox (the start of the first answered write of its row).
      const storedAt = new Map<string, number>();
      for (const call of app.fake.calls({ method: "apps.datastore.bulkPut" })) {
        if (!call.ok || call.args.datastore !== "outbox") continue;
        const items = typeof call.args.items === "string"
          ? JSON.parse(call.args.items)
          : call.args.items;
        for (const item of items as Array<{ id: string }>) {
          if (!storedAt.has(item.id)) storedAt.set(item.id, call.at);
        }
      }
      // One channel per webinar, even when two runs set it up at once or a creation's answer was lost.
      assert.deepEqual(
        (await channelNames(app)).filter((n) => n.startsWith("f-")),
        webinars.map((w) => `f-fault-webinar-${w.id.slice(2)}`),
      );
      for (const w of webinars) {
        const c = await app.fake.workspace.channelByName(`f-fault-webinar-${w.id.slice(2)}`);
        assert.ok(c, `channel for ${w.id}`);
        const parents = await history(app, c.id);
        assert.equal(parents.length, 20, "one parent per attendee");
        parentsByChannel.set(c.id, parents.slice(0, 4).map((m) => m.ts));
        // Each attendee's thread tells their events in the order they happened: opened by the
        // registration, then the join, both chat messages, the poll. The one exception is the limit
        // docs/reliability.md states: an event whose request was stored late (its run waited out
        // 429s) cannot wait for what it never saw; it goes behind a later event that was already
        // posted when it reached the outbox, or within a second before.
        for (const parent of parents) {
          const posts: Array<{ n: number; at: number }> = [
            parent,
            ...await replies(app, c.id, parent.ts),
          ].map((m) => ({
            n: Number(/^webinar:e(\d+)/.exec(deliveryId(m))?.[1]),
            at: Number(m.ts) * 1000,
          }));
          for (const [i, late] of posts.entries()) {
            for (const early of posts.slice(0, i)) {
              if (early.n < late.n) continue;
              const stored = storedAt.get(`webinar:e${late.n}`) ?? Infinity;
              if (stored < early.at - 1_000) {
                outOfOrder.push(`e${late.n} after e${early.n}: ${posts.map((p) => p.n).join(",")}`);
              }
            }
          }
          assert.deepEqual(
            posts.map((p) => p.n).sort((a, b) => a - b),
            Array.from({ length: 5 }, (_, k) => posts[0]!.n - (posts[0]!.n - 1) % 5 + k),
            "the attendee's five events in their thread",
          );
        }
      }
      assert.deepEqual(outOfOrder, [], "every attendee's events in order");
      // Moderators reply in 20 threads while the faults go on.
      app.fake.limiter.configure({ enabled: true });
      for (const rule of FAULTS) app.fake.addFault(rule);
      const moToken = await app.userToken("mo");
      const sent: Array<{ channel: string; ts: string }> = [];
      for (const [channel, parents] of parentsByChannel) {
        for (const parentTs of parents) {
          for (let attempt = 1;; attempt++) {
            const r = await app.api("chat.postMessage", {
              channel,
              thread_ts: parentTs,
              text: `answer to ${parentTs}`,
            }, moToken);
            if (r.ok) {
              sent.push({ channel, ts: String(r.ts) });
              break;
            }
            // Faults and 429s are expected; anything else (not_in_channel...) is a real failure.
            assert.ok(
              attempt < 50 && ["fatal_error", "ratelimited"].includes(String(r.error)),
              `mo cannot reply: ${r.error}`,
            );
            await new Promise((res) => setTimeout(res, 20));
          }
        }
      }
      await waitFor(async () => {
        await app.settle();
        let done = true;
        for (const r of sent) {
          const m = await app.fake.workspace.getMessage(r.channel, r.ts);
          if (m?.reactions?.length) continue;
          done = false;
          // A relay run Slack itself stopped (its time limit) before it marked the reply (a run
          // that fails on a fault marks it ⚠️ and says so): started again the same way.
          await app.engine.startWorkflow("#/workflows/moderator_replied", {
            channel_id: r.channel,
            message_ts: r.ts,
            thread_ts: m?.thread_ts,
            user_id: app.users.mo,
            text: m?.text,
          }, null).done;
        }
        return done;
      }, 240_000);
      app.fake.clearFaults();
      app.fake.limiter.configure({ enabled: false });
      const byReply = new Map<string, number>();
      for (const got of app.platform.replies) {
        byReply.set(got.reply_id, (byReply.get(got.reply_id) ?? 0) + 1);
      }
      assert.ok([...byReply.values()].every((n) => n === 1), "no reply delivered twice");
      let failed = 0;
      for (const r of sent) {
        const m = await app.fake.workspace.getMessage(r.channel, r.ts);
        const names = (m?.reactions ?? []).map((x) => x.name);
        assert.equal(names.length, 1, "exactly one outcome mark per reply");
        if (names[0] === "warning") failed++;
        else {assert.ok(
            byReply.has(`${r.channel}-${r.ts}`),
            "marked delivered only when the platform has it",
          );}
      }
      // Only the replies the test knows it sent: a moderator's post that took effect but answered 5xx
      // was sent again, and its first copy is relayed (and may fail) too.
      const sentTs = new Set(sent.map((r) => r.ts));
      const recorded = (await activity(app)).filter((a) =>
        a.kind === "error" && /^(platform|reply)_/.test(String(a.code)) &&
        sentTs.has(JSON.parse(String(a.context_json)).message)
      );
      assert.equal(
        recorded.length,
        failed,
        `every reply that failed for good is in the activity log (${
          recorded.map((a) => a.code).join(", ")
        })`,
      );
      assert.ok(app.fake.calls().filter((c) => c.injected).length > 50, "faults were injected");
    } finally {
      await app.close();
    }
  },
});
