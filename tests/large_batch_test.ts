/**
 * Issue 14, item 1: a webhook request as large as the contract allows (docs/events.md: 100 events,
 * at most 1 MiB of JSON) is accepted and every one of its events reaches Slack. Before, a run's
 * inputs were one Deno KV value (at most 64 KiB), so such a request was answered 200 and lost.
 */
import assert from "node:assert/strict";
import { startApp } from "../testing/app.ts";
import { countDeliveries } from "../testing/deliveries.ts";
import { attendee, chat, mirrorInPlatform } from "../testing/webinar_fixtures.ts";
import { WEBHOOK_LIMITS } from "../sandbox/engine/mod.ts";
import { MAX_EVENTS_PER_REQUEST } from "../domain/webinar/event.ts";

Deno.test("a 100-event request of the documented maximum size is accepted and every event reaches Slack", async () => {
  const app = await startApp();
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const attendees = Array.from({ length: 10 }, (_, i) => attendee(i));
    mirrorInPlatform(app.platform, attendees);
    const events = Array.from(
      { length: MAX_EVENTS_PER_REQUEST },
      (_, i) => chat(attendees[i % attendees.length]!, `Question ${i}: `),
    );
    // Fill the request to just under the limit with long texts (each within its 10,000 characters).
    const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
    const budget = Math.floor(
      (WEBHOOK_LIMITS.maxBodyBytes - bytes({ secret: "test-webinar-secret", events }) - 500) /
        events.length,
    );
    const unit = "café, naïve 💬 ";
    for (const e of events) {
      const m = e.message as { text: string };
      while (bytes(m.text + unit) - 2 <= bytes(m.text) - 2 + budget - bytes(unit) + 2) {
        m.text += unit;
        if (bytes(m.text) - 2 >= budget - bytes(unit)) break;
      }
      assert.ok(m.text.length <= 10_000);
    }
    const size = bytes({ secret: "test-webinar-secret", events });
    assert.ok(
      size > 0.95 * WEBHOOK_LIMITS.maxBodyBytes && size <= WEBHOOK_LIMITS.maxBodyBytes,
      `the request is ${size} bytes`,
    );
    const res = await app.sendWebinar(events);
    assert.deepEqual(res, { status: 200, body: { ok: true } });
    await app.settle();
    const run = app.engine.runs.find((r) => r.workflow === "webinar_events_received");
    assert.equal(run?.status, "completed", run?.error ?? "");
    const counted = await countDeliveries(app.fake);
    const missing = events.filter((e) => {
      const id = `webinar:${e.id}`;
      return (counted.byId.get(`${id}#parent`) ?? 0) + (counted.byId.get(id) ?? 0) !== 1;
    });
    assert.deepEqual(missing.map((e) => e.id), [], "every event reached Slack once");
    assert.deepEqual(counted.duplicates, []);
  } finally {
    await app.close();
  }
});
