/** The drain's alarm: one scheduled trigger, moved or removed, and recreated if someone deleted it. */
import assert from "node:assert/strict";
import { startHarness } from "../../testing/harness.ts";
import { botContext } from "../../testing/contexts.ts";
import { waitPastStaleReads } from "../../testing/reads.ts";
import { armWatchdog, disarmWatchdog, pruneWatchdogs, watchdogDefinition } from "./watchdog.ts";

const MANIFEST = new URL("../../manifest.ts", import.meta.url);

Deno.test("armWatchdog() keeps one scheduled drain trigger and moves it; disarmWatchdog() removes it", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    const scheduled = async () => (await h.engine.triggers()).filter((t) => t.type === "scheduled");
    const first = await armWatchdog(ctx, Date.now() + 60_000);
    await waitPastStaleReads(h);
    const second = await armWatchdog(ctx, Date.now() + 90_000);
    await waitPastStaleReads(h);
    const triggers = await scheduled();
    assert.equal(triggers.length, 1, "moved, not added");
    assert.equal(triggers[0]!.workflow, "#/workflows/drain_outbox");
    assert.equal(triggers[0]!.next_run_at, second);
    assert.ok(second > first);
    // Never in the past: Slack refuses a start time that has passed.
    assert.ok((await armWatchdog(ctx, 0)) > Date.now());
    await waitPastStaleReads(h);
    await disarmWatchdog(ctx);
    assert.deepEqual(await scheduled(), []);
  } finally {
    await h.close();
  }
});

Deno.test("armWatchdog() makes a new trigger when its old one was deleted", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    await armWatchdog(ctx, Date.now() + 60_000);
    const [old] = (await h.engine.triggers()).filter((t) => t.type === "scheduled");
    const deleted = await h.api("workflows.triggers.delete", { trigger_id: old!.id });
    assert.equal(deleted.ok, true);
    await waitPastStaleReads(h);
    await armWatchdog(ctx, Date.now() + 60_000);
    const now = (await h.engine.triggers()).filter((t) => t.type === "scheduled");
    assert.equal(now.length, 1);
    assert.notEqual(now[0]!.id, old!.id);
  } finally {
    await h.close();
  }
});

Deno.test("pruneWatchdogs() removes spare alarms and keeps the one the app knows", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    await armWatchdog(ctx, Date.now() + 60_000);
    // A spare: made while the datastore could not say which alarm was current.
    const spare = await h.api("workflows.triggers.create", {
      ...watchdogDefinition(Date.now() + 60_000),
    });
    assert.equal(spare.ok, true);
    await waitPastStaleReads(h);
    assert.equal(await pruneWatchdogs(ctx), 1);
    const left = (await h.engine.triggers()).filter((t) => t.type === "scheduled");
    assert.equal(left.length, 1);
    assert.notEqual(left[0]!.id, (spare.trigger as { id: string }).id);
  } finally {
    await h.close();
  }
});
