/** Handing the drain to a fresh invocation through the app's own webhook trigger. */
import assert from "node:assert/strict";
import { startHarness } from "../../testing/harness.ts";
import { botContext } from "../../testing/contexts.ts";
import { waitPastStaleReads } from "../../testing/reads.ts";
import { kickContinuation } from "./continuation.ts";

const MANIFEST = new URL("../../manifest.ts", import.meta.url);

Deno.test("kickContinuation() makes its webhook trigger once and starts a drain run each time", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    assert.equal(await kickContinuation(ctx, "test"), true);
    await waitPastStaleReads(h);
    assert.equal(await kickContinuation(ctx, "again"), true);
    // A continuation that continues: the reason names the start of the chain once.
    assert.equal(await kickContinuation(ctx, "continue:again"), true);
    await h.engine.idle();
    const webhooks = (await h.engine.triggers()).filter((t) => t.type === "webhook");
    assert.equal(webhooks.length, 1);
    const runs = h.engine.runs.filter((r) => r.workflow === "drain_outbox");
    assert.deepEqual(runs.map((r) => r.inputs.reason), [
      "continue:test",
      "continue:again",
      "continue:again",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("kickContinuation() replaces a webhook trigger someone deleted", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    assert.equal(await kickContinuation(ctx, "first"), true);
    const [old] = (await h.engine.triggers()).filter((t) => t.type === "webhook");
    assert.equal((await h.api("workflows.triggers.delete", { trigger_id: old!.id })).ok, true);
    await waitPastStaleReads(h);
    assert.equal(await kickContinuation(ctx, "second"), true);
    await h.engine.idle();
    const now = (await h.engine.triggers()).filter((t) => t.type === "webhook");
    assert.equal(now.length, 1);
    assert.notEqual(now[0]!.id, old!.id);
    assert.equal(h.engine.runs.filter((r) => r.workflow === "drain_outbox").length, 2);
  } finally {
    await h.close();
  }
});
