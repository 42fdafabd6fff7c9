/** The learning lane of the drain: order per learner, bots, unreadable rows (end to end). */
import assert from "node:assert/strict";
import OutboxDatastore from "../../datastores/outbox.ts";
import { learnerSubject } from "../../domain/learning/event.ts";
import {
  activityRows,
  assignment,
  dmMessages,
  information,
  outcomeOf,
  runMaintenance,
  sendAndSettle as send,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";
import { outboxRow } from "../outbox.ts";

Deno.test("a learner's notifications arrive in the order they happened, whatever the batch order", () =>
  withApp(async (app) => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 9, m)).toISOString();
    const third = information("liam@example.com", { occurred_at: at(30) });
    const first = assignment("liam@example.com", { occurred_at: at(10) });
    const second = information("liam@example.com", { occurred_at: at(20) });
    await send(app, [third, first, second]);

    const order = (await dmMessages(app, "liam")).map((m) =>
      m.metadata?.event_payload?.delivery_id
    );
    assert.deepEqual(order, [first, second, third].map((e) => `learning:${e.id}`));
  }));

Deno.test("a bot's email is not a learner: nothing is sent and it is counted", () =>
  withApp(async (app) => {
    await app.fake.workspace.putUser({
      name: "robot",
      is_bot: true,
      profile: { email: "robot@example.com", real_name: "Robot", display_name: "robot" },
    });
    const event = assignment("robot@example.com");
    await send(app, [event]);
    assert.equal(await outcomeOf(app, event.id), "skipped:unmatched");
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 0);
    const row = (await activityRows(app)).find((r) => r.id === `unmatched:learning:${event.id}`);
    assert.equal(row?.kind, "unmatched_email");
  }));

Deno.test("an unreadable outbox row is set aside and reported, not retried forever", () =>
  withApp(async (app) => {
    const row = outboxRow({
      lane: "learning",
      eventId: "lrn_broken",
      occurredAt: Date.now(),
      position: 0,
      subject: learnerSubject("liam@example.com"),
      event: { id: "lrn_broken", type: "session_assignment" },
      owner: "",
      notBefore: 0,
    });
    const put = await app.api("apps.datastore.put", { datastore: OutboxDatastore.name, item: row });
    assert.equal(put.ok, true);
    await runMaintenance(app);

    assert.equal(await outcomeOf(app, "lrn_broken"), "failed:unreadable_row");
    const gaveUp = (await activityRows(app)).find((r) => r.id === `gaveup:${row.id}`);
    assert.equal(gaveUp?.code, "unreadable_row");
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 0);
  }));
