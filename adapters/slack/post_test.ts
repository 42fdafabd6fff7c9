/** postOnce(): exactly one post per delivery, and a search only when an answer was lost. */
import assert from "node:assert/strict";
import { seed } from "../../sandbox/fake_slack/mod.ts";
import { startHarness } from "../../testing/harness.ts";
import { botContext } from "../../testing/contexts.ts";
import { countDeliveries } from "../../testing/deliveries.ts";
import { Pacer } from "./pacer.ts";
import { postOnce } from "./post.ts";

async function withChannel(
  fn: (h: Awaited<ReturnType<typeof startHarness>>, channel: string) => Promise<void>,
): Promise<void> {
  const h = await startHarness({ manifestUrl: new URL("../../manifest.ts", import.meta.url) });
  try {
    const { channels } = await seed(h.fake, { channels: [{ name: "c", app_member: true }] });
    await fn(h, channels.c!);
  } finally {
    await h.close();
  }
}

const message = { text: "hello", blocks: [] };
const searches = (h: Awaited<ReturnType<typeof startHarness>>) =>
  h.fake.calls({ method: "conversations.history" }).length +
  h.fake.calls({ method: "conversations.replies" }).length;

Deno.test("postOnce() posts once and searches nothing when no earlier attempt is in doubt", () =>
  withChannel(async (h, channel) => {
    const posted = await postOnce(botContext(h.fake), { channel }, message, {
      deliveryId: "d1",
      pacer: new Pacer(0),
      since: Date.now(),
      payload: { webinar_id: "w1" },
    });
    assert.equal(posted.found, false);
    assert.equal(h.fake.calls({ method: "chat.postMessage" }).length, 1);
    assert.equal(searches(h), 0);
    const stored = await h.fake.workspace.getMessage(channel, posted.ts);
    assert.deepEqual(stored?.metadata?.event_payload, { webinar_id: "w1", delivery_id: "d1" });
  }));

Deno.test("postOnce() with a suspect row finds the earlier post by its metadata and posts nothing", () =>
  withChannel(async (h, channel) => {
    const ctx = botContext(h.fake);
    const options = { deliveryId: "d2", pacer: new Pacer(0), since: Date.now() };
    const first = await postOnce(ctx, { channel }, message, options);
    const again = await postOnce(ctx, { channel }, message, { ...options, suspect: true });
    assert.deepEqual(again, { channel, ts: first.ts, found: true });
    assert.equal((await countDeliveries(h.fake)).byId.get("d2"), 1);
  }));

Deno.test("postOnce() after a lost answer looks before posting again: one message either way", () =>
  withChannel(async (h, channel) => {
    const ctx = botContext(h.fake);
    // The message landed, the answer was lost.
    h.fake.addFault({ method: "chat.postMessage", status: 500, when: "after", remaining: 1 });
    const landed = await postOnce(ctx, { channel }, message, {
      deliveryId: "d3",
      pacer: new Pacer(0),
      since: Date.now(),
    });
    assert.equal(landed.found, true);
    // Nothing landed, the answer was lost.
    h.fake.addFault({ method: "chat.postMessage", status: 503, when: "before", remaining: 1 });
    const retried = await postOnce(ctx, { channel }, message, {
      deliveryId: "d4",
      pacer: new Pacer(0),
      since: Date.now(),
    });
    assert.equal(retried.found, false);
    const counted = await countDeliveries(h.fake);
    assert.equal(counted.byId.get("d3"), 1);
    assert.equal(counted.byId.get("d4"), 1);
    assert.deepEqual(counted.duplicates, []);
  }));

Deno.test("postOnce() does not search after a definite refusal: the error goes to the caller", () =>
  withChannel(async (h, channel) => {
    h.fake.addFault({ method: "chat.postMessage", error: "not_in_channel", remaining: 1 });
    await assert.rejects(
      () =>
        postOnce(botContext(h.fake), { channel }, message, {
          deliveryId: "d5",
          pacer: new Pacer(0),
          since: Date.now(),
        }),
      { name: "SlackCallError", message: 'Cannot call "chat.postMessage": not_in_channel' },
    );
    assert.equal(searches(h), 0);
  }));
