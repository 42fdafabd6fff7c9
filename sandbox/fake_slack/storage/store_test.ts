import assert from "node:assert/strict";
import { PIECE_BYTES, Store } from "./store.ts";

const big = (n: number) => ({
  text: "é✉️".repeat(n),
  nested: { list: Array.from({ length: 50 }, (_, i) => i) },
});

Deno.test("Store keeps values beyond Deno KV's 64 KiB in pieces and gives them back whole", async () => {
  const store = await Store.open();
  try {
    const value = big(40_000); // about 280 KB of JSON
    assert.ok(JSON.stringify(value).length * 2 > 65_536, "the value is larger than one KV value");
    await store.set(["run", "R1"], value);
    assert.deepEqual(await store.get(["run", "R1"]), value);
    assert.deepEqual(await store.list(["run"]), [value], "list() joins the pieces too");
    const pieces = [];
    for await (const e of store.kv.list({ prefix: ["piece"] })) pieces.push(e);
    assert.ok(pieces.length >= 2, `stored in ${pieces.length} pieces`);
    assert.ok(pieces.every((p) => (p.value as Uint8Array).length <= PIECE_BYTES));

    // Replacing it (small or large) leaves no stale pieces behind.
    await store.set(["run", "R1"], big(30_000));
    assert.deepEqual(await store.get(["run", "R1"]), big(30_000));
    await store.set(["run", "R1"], { small: true });
    assert.deepEqual(await store.get(["run", "R1"]), { small: true });
    for await (const _ of store.kv.list({ prefix: ["piece"] })) assert.fail("a piece was left");

    await store.set(["run", "R2"], value);
    await store.delete(["run", "R2"]);
    assert.equal(await store.get(["run", "R2"]), null);
    for await (const _ of store.kv.list({ prefix: ["piece"] })) assert.fail("a piece was left");
  } finally {
    store.close();
  }
});

Deno.test("Store still refuses an oversized app datastore item, whose cap the fake documents", async () => {
  const store = await Store.open();
  try {
    await assert.rejects(
      () => store.set(["ds", "outbox", "x"], big(40_000)),
      (err: unknown) => err instanceof TypeError && /too large/i.test(err.message),
    );
  } finally {
    store.close();
  }
});
