/** MethodPace: at most half a method's tier in any minute, a 429's Retry-After, one pace across holders. */
import assert from "node:assert/strict";
import { MethodPace } from "./pace.ts";

/** How long `before()` made each of `n` calls wait, in ms. */
async function waits(pace: MethodPace, method: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await pace.before(method);
    out.push(performance.now() - t);
  }
  return out;
}

Deno.test("MethodPace lets a tenth of a tier through at once, then 40% of the tier a minute", async () => {
  const pace = new MethodPace();
  // apps.datastore.get is tier 4 (100 a minute): 10 at once, then one every 1.5 s.
  const first = await waits(pace, "apps.datastore.get", 11);
  assert.ok(first.slice(0, 10).every((ms) => ms < 100), `burst: ${first.slice(0, 10)}`);
  assert.ok(first[10]! >= 1_400, `the 11th waited ${first[10]} ms`);
  // Methods have their own buckets, and unknown methods are not paced.
  assert.ok((await waits(pace, "apps.datastore.put", 1))[0]! < 100);
  assert.ok((await waits(pace, "chat.postMessage", 3)).every((ms) => ms < 100));
});

Deno.test("MethodPace waits out a 429's Retry-After on that method, then starts from an empty bucket", async () => {
  const pace = new MethodPace();
  pace.limited("users.lookupByEmail", 1);
  const [afterLimit] = await waits(pace, "users.lookupByEmail", 1);
  assert.ok(afterLimit! >= 950, `waited ${afterLimit} ms after Retry-After 1`);
  // Tier 3 (50 a minute) at 40%: the next call a token later (3 s), not in a burst.
  const t = performance.now();
  await Promise.race([
    pace.before("users.lookupByEmail"),
    new Promise((r) => setTimeout(r, 1_000)),
  ]);
  assert.ok(performance.now() - t >= 950, "no burst after a 429");
});

Deno.test("MethodPace state carries the pace to the next holder", async () => {
  const first = new MethodPace();
  await waits(first, "conversations.create", 2); // tier 2 (20 a minute): a bucket of 2
  const next = new MethodPace(first.state());
  const t = performance.now();
  await Promise.race([
    next.before("conversations.create"),
    new Promise((r) => setTimeout(r, 1_000)),
  ]);
  assert.ok(performance.now() - t >= 950, "the next holder found the bucket empty");
  // Garbage in the stored state is ignored, not trusted.
  const fresh = new MethodPace({ "conversations.create": { tokens: Number.NaN, at: 0 } });
  assert.ok((await waits(fresh, "conversations.create", 1))[0]! < 100);
});
