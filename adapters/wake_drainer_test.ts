/** An ingest's waiting rows go to the drainer: left to one at work, else a drain run, else the alarm. */
import assert from "node:assert/strict";
import { startHarness } from "../testing/harness.ts";
import { botContext } from "../testing/contexts.ts";
import { waitPastStaleReads } from "../testing/reads.ts";
import { writeState } from "./datastore/app_state.ts";
import { wakeDrainer } from "./wake_drainer.ts";

const MANIFEST = new URL("../manifest.ts", import.meta.url);

const drainRuns = (h: Awaited<ReturnType<typeof startHarness>>) =>
  h.engine.runs.filter((r) => r.workflow === "drain_outbox");

Deno.test("wakeDrainer(): a drainer at work is left to it; a free lease starts a drain run with the ingest's reason", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    await writeState(ctx, "lease:drain", {
      holder: "someone",
      expires_at: Date.now() + 60_000,
      released: false,
    });
    await waitPastStaleReads(h);
    assert.equal(await wakeDrainer(ctx, "ingest:webinar"), "busy");
    await h.engine.idle();
    assert.equal(drainRuns(h).length, 0, "no drain run beside the holder");

    await writeState(ctx, "lease:drain", { holder: "someone", expires_at: 0, released: true });
    await waitPastStaleReads(h);
    assert.equal(await wakeDrainer(ctx, "ingest:webinar"), "handed_over");
    await h.engine.idle();
    // Not a continuation: the run takes the lease only if it is free at once.
    assert.deepEqual(drainRuns(h).map((r) => r.inputs.reason), ["ingest:webinar"]);
  } finally {
    await h.close();
  }
});

Deno.test("wakeDrainer(): when the webhook trigger stays rate limited past the run's time, the alarm is set", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    h.fake.limiter.configure({ enabled: true, webhookPerTrigger: { perMinute: 1, burst: 1 } });
    assert.equal(await wakeDrainer(botContext(h.fake), "ingest:learning"), "handed_over");
    await h.engine.idle();
    await waitPastStaleReads(h);
    // The trigger's one call a minute is spent; this run has 20 s.
    const short = botContext(h.fake, { limitMs: 20_000 });
    const before = Date.now();
    assert.equal(await wakeDrainer(short, "ingest:learning"), "waiting");
    const alarms = (await h.engine.triggers()).filter((t) => t.type === "scheduled");
    assert.equal(alarms.length, 1, "the alarm");
    const at = Date.parse(
      String((alarms[0] as { schedule?: { start_time?: string } }).schedule?.start_time),
    );
    assert.ok(
      at >= before + 10_000 && at <= Date.now() + 16_000,
      `the alarm rings soon: ${JSON.stringify(alarms[0])}`,
    );
    assert.equal(drainRuns(h).length, 1, "no second run through the trigger");
  } finally {
    await h.close();
  }
});
