/** The fake datastore is as hard as Slack's: hash-order scans and reads that may miss recent writes. */
import assert from "node:assert/strict";
import { Clock } from "../clock.ts";
import { DatastoreTable, scanPosition } from "./datastore_table.ts";
import { Store } from "./store.ts";

/** A clock the test moves by hand (real time frozen), and a table on it. */
async function table(
  staleReadMs: number,
  draws: number[] = [],
): Promise<{ t: DatastoreTable; tick(ms: number): void; close(): void }> {
  const store = await Store.open();
  const clock = new Clock(0, { scale: 1e-9 }); // effectively frozen: only tick() moves it
  let i = 0;
  const t = new DatastoreTable(store, clock, {
    staleReadMs,
    random: () => (draws.length ? draws[i++ % draws.length]! : 0.999),
  });
  return { t, tick: (ms) => clock.advance(ms), close: () => store.close() };
}

const never = () => false;

Deno.test("DatastoreTable.scan() walks items in a stable order that is not key order", async () => {
  const { t, close } = await table(0);
  try {
    const ids = Array.from({ length: 40 }, (_, i) => `row-${String(i).padStart(3, "0")}`);
    for (const id of ids) await t.put("ds", id, { id });
    const first = (await t.scan("ds", { limit: 1000, expired: never })).items.map((x) => x.id);
    const again = (await t.scan("ds", { limit: 1000, expired: never })).items.map((x) => x.id);
    assert.deepEqual(first, again, "stable");
    assert.deepEqual([...first].sort(), ids, "every item once");
    assert.notDeepEqual(first, ids, "not in primary-key order");
    // A page of the first ten is not the ten smallest keys.
    const page = (await t.scan("ds", { limit: 10, expired: never })).items.map((x) => x.id);
    assert.notDeepEqual(page, ids.slice(0, 10));
  } finally {
    close();
  }
});

Deno.test("DatastoreTable.scan() pages by position: an item written behind the cursor is missed", async () => {
  const { t, close } = await table(0);
  try {
    for (let i = 0; i < 30; i++) await t.put("ds", `k${i}`, { id: `k${i}` });
    const page1 = await t.scan("ds", { limit: 15, expired: never });
    assert.ok(page1.next);
    // An item whose position falls before the cursor, written between the pages.
    const cursorAt = scanPosition("ds", String(page1.items.at(-1)!.id));
    let late = "";
    for (let i = 0; !late; i++) if (scanPosition("ds", `n${i}`) < cursorAt) late = `n${i}`;
    await t.put("ds", late, { id: late });
    const page2 = await t.scan("ds", { after: page1.next!, limit: 1000, expired: never });
    const seen = [...page1.items, ...page2.items].map((x) => x.id);
    assert.equal(seen.length, 30);
    assert.ok(!seen.includes(late));
  } finally {
    close();
  }
});

Deno.test("DatastoreTable.read() may miss a write made less than staleReadMs ago, never an older one", async () => {
  // Draw 0.999: the read sees as of (almost) staleReadMs ago.
  const { t, tick, close } = await table(50);
  try {
    await t.put("ds", "a", { id: "a", v: 1 });
    tick(60);
    assert.deepEqual(await t.read("ds", "a", never), { id: "a", v: 1 });
    await t.put("ds", "a", { id: "a", v: 2 });
    tick(10);
    assert.deepEqual(
      await t.read("ds", "a", never),
      { id: "a", v: 1 },
      "the new value is not seen",
    );
    assert.deepEqual(await t.latest("ds", "a"), { id: "a", v: 2 }, "the server has it");
    await t.put("ds", "b", { id: "b" });
    assert.equal(await t.read("ds", "b", never), null, "a new item may not be seen at all");
    await t.delete("ds", "a");
    assert.deepEqual(await t.read("ds", "a", never), { id: "a", v: 1 }, "a deleted item may be");
    tick(51);
    assert.equal(await t.read("ds", "a", never), null);
    assert.deepEqual(await t.read("ds", "b", never), { id: "b" });
  } finally {
    close();
  }
});

Deno.test("DatastoreTable reads are drawn per read: two reads in a row can disagree", async () => {
  // First read sees the fresh value (draw 0), the second an older one (draw 0.999).
  const { t, tick, close } = await table(50, [0, 0.999]);
  try {
    await t.put("ds", "a", { id: "a", v: 1 });
    tick(60);
    await t.put("ds", "a", { id: "a", v: 2 });
    tick(5);
    assert.equal((await t.read("ds", "a", never))?.v, 2);
    assert.equal((await t.read("ds", "a", never))?.v, 1);
  } finally {
    close();
  }
});

Deno.test("DatastoreTable scans are stale the same way as reads", async () => {
  const { t, tick, close } = await table(50);
  try {
    await t.put("ds", "old", { id: "old" });
    tick(60);
    await t.put("ds", "new", { id: "new" });
    await t.delete("ds", "old");
    const seen = (await t.scan("ds", { limit: 100, expired: never })).items.map((x) => x.id);
    assert.deepEqual(seen, ["old"]);
    tick(60);
    assert.deepEqual(
      (await t.scan("ds", { limit: 100, expired: never })).items.map((x) => x.id),
      ["new"],
    );
  } finally {
    close();
  }
});

Deno.test("DatastoreTable with staleReadMs 0 reads every write at once", async () => {
  const { t, close } = await table(0);
  try {
    await t.put("ds", "a", { id: "a" });
    assert.deepEqual(await t.read("ds", "a", never), { id: "a" });
    await t.delete("ds", "a");
    assert.equal(await t.read("ds", "a", never), null);
  } finally {
    close();
  }
});
