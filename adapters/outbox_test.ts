/** Outbox rows: their order within a subject, who holds them, and finding a subject's rows. */
import assert from "node:assert/strict";
import { startHarness } from "../testing/harness.ts";
import { botContext } from "../testing/contexts.ts";
import { waitPastStaleReads } from "../testing/reads.ts";
import {
  bySubject,
  orderKey,
  orphaned,
  outboxRow,
  rowsOfSubjects,
  takeable,
  writeOutbox,
} from "./outbox.ts";

const row = (eventId: string, occurredAt: number, position: number, receivedAt = Date.now()) =>
  outboxRow({
    lane: "webinar",
    eventId,
    occurredAt,
    position,
    subject: "w:web:att",
    event: { id: eventId },
    owner: "",
    notBefore: 0,
  }, receivedAt);

Deno.test("orderKey(): by time, then arrival, then place in the request, whatever the event ids", () => {
  const t = Date.UTC(2026, 10, 22, 15, 0, 1);
  // Same second, in one request: the request's order, not the ids'.
  assert.ok(orderKey(t, 5, 0, "zzz") < orderKey(t, 5, 1, "aaa"));
  assert.ok(orderKey(t, 5, 9, "a") < orderKey(t, 5, 10, "a"), "positions compare as numbers");
  // Same second, two requests: the earlier arrival first.
  assert.ok(orderKey(t, 5, 7, "b") < orderKey(t, 6, 0, "a"));
  // An earlier event always first.
  assert.ok(orderKey(t - 1000, 9, 99, "z") < orderKey(t, 1, 0, "a"));
});

Deno.test("bySubject(): each subject's rows in delivery order, from rows in any order", () => {
  const t = 1_800_000_000_000;
  // One request: the same arrival time, positions 0, 1, 2.
  const a = row("poll", t, 2, t);
  const b = row("chat", t, 1, t);
  const c = row("join", t, 0, t);
  const other = { ...row("x", t - 5, 0, t), subject: "w:web:other" };
  const grouped = bySubject([a, other, b, c]);
  assert.deepEqual(grouped.get("w:web:att")!.map((r) => r.id), [
    "webinar:join",
    "webinar:chat",
    "webinar:poll",
  ]);
  assert.deepEqual(grouped.get("w:web:other")!.map((r) => r.id), ["webinar:x"]);
});

Deno.test("takeable() and orphaned(): a row is free once its hold ends; a held row left is suspect", () => {
  const now = 10_000;
  assert.equal(takeable({ not_before: now }, now), true);
  assert.equal(takeable({ not_before: now + 1 }, now), false);
  assert.equal(orphaned({ owner: "", not_before: now - 1 }, now), false, "the drainer's own");
  assert.equal(orphaned({ owner: "ingest:r", not_before: now - 1 }, now), true);
  assert.equal(orphaned({ owner: "ingest:r", not_before: now + 1 }, now), false);
});

Deno.test("rowsOfSubjects() finds every row of 150 subjects, across its 100-operand chunks", async () => {
  const h = await startHarness({ manifestUrl: new URL("../manifest.ts", import.meta.url) });
  try {
    const ctx = botContext(h.fake);
    const rows = Array.from({ length: 150 }, (_, i) => ({
      ...row(`e${i}`, 1_000 + i, 0),
      subject: `w:web:a${i}`,
    }));
    const noise = Array.from({ length: 30 }, (_, i) => ({
      ...row(`n${i}`, 1, 0),
      subject: `w:web:z${i}`,
    }));
    await writeOutbox(ctx, [...rows, ...noise]);
    await waitPastStaleReads(h);
    const found = await rowsOfSubjects(ctx, rows.map((r) => r.subject));
    assert.deepEqual(found.map((r) => r.id).sort(), rows.map((r) => r.id).sort());
  } finally {
    await h.close();
  }
});
