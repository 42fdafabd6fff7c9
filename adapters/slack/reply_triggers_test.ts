/** The reply listeners: channels added to message_posted triggers, 20 a trigger, never orphaned. */
import assert from "node:assert/strict";
import { startHarness } from "../../testing/harness.ts";
import { botContext } from "../../testing/contexts.ts";
import { waitPastStaleReads } from "../../testing/reads.ts";
import { CHANNELS_PER_TRIGGER, ensureWatched, watchedTriggers } from "./reply_triggers.ts";

const MANIFEST = new URL("../../manifest.ts", import.meta.url);
const channels = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `C${String(from + i).padStart(8, "0")}`);

Deno.test("ensureWatched() fills a trigger up to 20 channels, then starts another", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    await ensureWatched(ctx, channels(CHANNELS_PER_TRIGGER + 3));
    await waitPastStaleReads(h);
    const state = await watchedTriggers(ctx);
    assert.deepEqual(state.map((t) => t.channel_ids.length), [CHANNELS_PER_TRIGGER, 3]);
    const inSlack = (await h.engine.triggers()).filter((t) => t.type === "event");
    assert.deepEqual(
      inSlack.map((t) => (t.event?.channel_ids as string[]).length).sort((a, b) => a - b),
      [3, CHANNELS_PER_TRIGGER],
    );
    // Adding a channel already listened to changes nothing.
    const calls = h.fake.calls().length;
    await ensureWatched(ctx, [channels(1)[0]!]);
    assert.equal(
      h.fake.calls().filter((c) => c.method.startsWith("workflows.")).length,
      h.fake.calls().slice(0, calls).filter((c) => c.method.startsWith("workflows.")).length,
    );
  } finally {
    await h.close();
  }
});

Deno.test("ensureWatched() saves each trigger it creates at once: a failure later orphans nothing", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const ctx = botContext(h.fake);
    await ensureWatched(ctx, channels(CHANNELS_PER_TRIGGER));
    await waitPastStaleReads(h);
    // The next create succeeds, then the run fails on the update that follows it.
    h.fake.addFault({ method: "workflows.triggers.update", error: "internal_error", remaining: 5 });
    await assert.rejects(() => ensureWatched(ctx, channels(2, 100)));
    await waitPastStaleReads(h);
    const created = (await h.engine.triggers()).filter((t) => t.type === "event").map((t) => t.id);
    const remembered = (await watchedTriggers(ctx)).map((t) => t.trigger_id);
    assert.deepEqual(remembered.sort(), created.sort(), "every trigger in Slack is remembered");
  } finally {
    await h.close();
  }
});
