/**
 * The drain with its timing under control: rows of one attendee written newest first within the
 * reorder window go out in occurred_at order; rows an ingest wrote while the lease was still held
 * (the ingest found it busy and left them to the holder) do not wait for the hourly upkeep.
 */
import assert from "node:assert/strict";
import { SlackAPI } from "deno-slack-api/mod.ts";
import { createContext } from "./context.ts";
import { drain } from "./drain.ts";
import { putRow } from "./datastore/records.ts";
import { OUTBOX } from "./datastore/specs.ts";
import { outboxRow, REORDER_WINDOW_MS } from "./outbox.ts";
import { PROCESSORS } from "./processors.ts";
import { webinarSubject } from "./webinar/process.ts";
import { startApp } from "../testing/app.ts";
import { countDeliveries, outboxLeft } from "../testing/deliveries.ts";
import { attendee, chat, registered } from "../testing/webinar_fixtures.ts";
import { history, replies } from "../testing/reads.ts";
import { visibleText } from "../testing/mentions.ts";

function rowFor(event: Record<string, unknown>, notBefore: number) {
  const a = event.attendee as { id: string };
  return outboxRow({
    lane: "webinar",
    eventId: String(event.id),
    occurredAt: Date.parse(String(event.occurred_at)),
    subject: webinarSubject("web_1", a.id),
    event,
    notBefore,
  });
}

Deno.test("drain: a row written just before the lease is released is handed to a fresh invocation", async () => {
  const app = await startApp({ env: { SB_TIME_SCALE: "10" } });
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const first = registered(attendee(1));
    const late = registered(attendee(2));
    const client = SlackAPI(app.fake.requireApp().bot_token, { slackApiUrl: app.fake.apiUrl });
    // Real Slack time (scale 1): the late row's reorder window is a full 500 ms.
    const ctx = createContext({ client, env: {}, step: "test" });
    await putRow(ctx, OUTBOX, rowFor(first, Date.now()));
    // An ingest that runs between the holder's last look at the outbox and its release.
    let wrote = false;
    const apiCall = client.apiCall.bind(client);
    client.apiCall = async (method, args) => {
      const item = typeof args?.item === "object" ? args.item as Record<string, unknown> : null;
      if (
        !wrote && method === "apps.datastore.put" && item?.id === "lease:drain" &&
        JSON.parse(String(item.value_json)).released === true
      ) {
        wrote = true;
        await putRow(ctx, OUTBOX, rowFor(late, Date.now() + REORDER_WINDOW_MS));
      }
      return await apiCall(method, args);
    };

    const report = await drain(ctx, PROCESSORS, { reason: "test" });
    assert.ok(wrote, "the late row was written during the release");
    assert.equal(report.delivered, 1);
    assert.equal(report.status, "continued", "the late row is not left for the hourly upkeep");
    await app.settle();
    const { byId, duplicates } = await countDeliveries(app.fake);
    assert.deepEqual(duplicates, []);
    assert.deepEqual(
      [...byId.keys()].sort(),
      [`webinar:${first.id}#parent`, `webinar:${late.id}#parent`].sort(),
    );
    assert.deepEqual(await outboxLeft(app.fake), []);
  } finally {
    await app.close();
  }
});

Deno.test("drain: one attendee's rows written newest first within the reorder window go out in order", async () => {
  const app = await startApp({ env: { SB_TIME_SCALE: "10" } });
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const a = attendee(30);
    const events = [
      registered(a, { occurred_at: "2026-11-22T15:00:01Z" }),
      chat(a, "first question", { occurred_at: "2026-11-22T15:00:02Z" }),
      chat(a, "second question", { occurred_at: "2026-11-22T15:00:03Z" }),
    ];
    const client = SlackAPI(app.fake.requireApp().bot_token, { slackApiUrl: app.fake.apiUrl });
    const ctx = createContext({ client, env: {}, step: "test" });
    // As three concurrent ingests would leave them: the newest written first, each still inside
    // its reorder window when the drain starts.
    for (const e of [...events].reverse()) {
      await putRow(ctx, OUTBOX, rowFor(e, Date.now() + REORDER_WINDOW_MS));
    }
    const report = await drain(ctx, PROCESSORS, { reason: "test" });
    assert.equal(report.delivered, 3);
    const top = await history(app, channel);
    assert.equal(top.length, 1, "one thread");
    assert.match(top[0]!.text, /registered/);
    const thread = await replies(app, channel, top[0]!.ts);
    assert.deepEqual(thread.map((m) => visibleText(m).split("\n").pop()), [
      "first question",
      "second question",
    ]);
  } finally {
    await app.close();
  }
});
