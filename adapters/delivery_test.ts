/** A round's thread anchors: written before a thread's next post, shared by queues side by side. */
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { type Harness, startHarness } from "../testing/harness.ts";
import { botContext, type RecordedCall, recordingContext } from "../testing/contexts.ts";
import { waitPastStaleReads } from "../testing/reads.ts";
import { stateRow } from "./datastore/app_state.ts";
import { LedgerView, readLedger } from "./datastore/ledger.ts";
import { newRound } from "./delivery.ts";
import { Pacer } from "./slack/pacer.ts";

const MANIFEST = new URL("../manifest.ts", import.meta.url);

function ledgerWrites(calls: RecordedCall[]): number {
  return calls.filter((c) =>
    (c.method === "apps.datastore.put" || c.method === "apps.datastore.bulkPut") &&
    String(c.args.datastore).includes("ledger")
  ).length;
}

/** A round on a fresh fake Slack, and the Web API calls it makes. */
async function withRound(
  fn: (round: ReturnType<typeof newRound>, calls: RecordedCall[], h: Harness) => Promise<void>,
): Promise<void> {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const { ctx, calls } = recordingContext(h.fake);
    const round = newRound(ctx, {
      settings: DEFAULT_SETTINGS,
      pacer: new Pacer(1000),
      view: new LedgerView(),
      canPrepare: false,
    });
    await fn(round, calls, h);
  } finally {
    await h.close();
  }
}

Deno.test("Round.ready(): anchors pending side by side go out in one write, before either thread's next post", async () => {
  await withRound(async (round, calls, h) => {
    round.anchor("C1:1.1", [stateRow("anchor_a", { n: 1 })]);
    round.anchor("C2:2.2", [stateRow("anchor_b", { n: 2 })]);
    // Two queues, each about to post in its own new thread.
    await Promise.all([round.ready("C1:1.1"), round.ready("C2:2.2")]);
    assert.equal(ledgerWrites(calls), 1, "one write for both anchors");
    await round.ready("C1:1.1");
    assert.equal(ledgerWrites(calls), 1, "an anchor written once is not written again");
    assert.deepEqual(round.drain().ledger, [], "nothing left for the run's batch");
    await waitPastStaleReads(h);
    const view = await readLedger(botContext(h.fake), ["state:anchor_a", "state:anchor_b"]);
    assert.ok(view.get("state:anchor_a") && view.get("state:anchor_b"), "both are durable");
  });
});

Deno.test("Round.ready(): a failed anchor write fails each waiting thread and leaves the anchors for the run's batch", async () => {
  await withRound(async (round, _calls, h) => {
    h.fake.addFault({ method: "apps.datastore.bulkPut", status: 200, error: "internal_error" });
    round.anchor("C1:1.1", [stateRow("anchor_a", { n: 1 })]);
    round.anchor("C2:2.2", [stateRow("anchor_b", { n: 2 })]);
    const results = await Promise.allSettled([round.ready("C1:1.1"), round.ready("C2:2.2")]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    assert.deepEqual(round.drain().ledger.map((r) => r.id).sort(), [
      "state:anchor_a",
      "state:anchor_b",
    ]);
  });
});

Deno.test("Round.ready(): a queue waits for the queues opening threads beside it, briefly", async () => {
  await withRound(async (round, calls) => {
    round.queues.started();
    round.queues.started();
    round.queues.started();
    // Nobody else opening a thread: no wait.
    round.anchor("C0:0.0", [stateRow("anchor_0", { n: 0 })]);
    const t0 = Date.now();
    await round.ready("C0:0.0");
    assert.ok(Date.now() - t0 < 300, "written at once");
    assert.equal(ledgerWrites(calls), 1);

    // A second queue is posting its thread's parent: the first waits for that anchor.
    const opened = round.opening();
    round.anchor("C1:1.1", [stateRow("anchor_a", { n: 1 })]);
    const a = round.ready("C1:1.1");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(ledgerWrites(calls), 1, "waiting for the other queue's anchor");
    round.anchor("C2:2.2", [stateRow("anchor_b", { n: 2 })]);
    opened();
    await a;
    assert.equal(ledgerWrites(calls), 2, "one write for both");
    await round.ready("C2:2.2");
    assert.equal(ledgerWrites(calls), 2, "the second queue's anchor went in that write");

    // The other queue's parent takes long (a 429, say): the wait ends after two seconds.
    const slow = round.opening();
    round.anchor("C3:3.3", [stateRow("anchor_c", { n: 3 })]);
    const started = Date.now();
    await round.ready("C3:3.3");
    const waited = Date.now() - started;
    assert.ok(waited >= 1_500 && waited < 5_000, `waited ${waited} ms`);
    assert.equal(ledgerWrites(calls), 3);
    slow();
  });
});
