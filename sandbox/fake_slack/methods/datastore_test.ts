import assert from "node:assert/strict";
import {
  ALL_BOT_SCOPES,
  type TestSlack,
  type TestSlackOptions,
  withSlack,
} from "../test_helpers.ts";

type Item = Record<string, unknown>;
type Page = { items: Item[]; response_metadata: { next_cursor: string } };

const SESSIONS: TestSlackOptions["datastores"] = {
  sessions: {
    primary_key: "id",
    time_to_live_attribute: "expires_at",
    attributes: {
      id: { type: "string" },
      title: { type: "string" },
      seats: { type: "number" },
      tags: { type: "array" },
      host: { type: "slack#/types/user_id" },
      expires_at: { type: "slack#/types/timestamp" },
    },
  },
};

const withSessions = (fn: (s: TestSlack) => Promise<void>) =>
  withSlack({ datastores: SESSIONS }, fn);

/** Waits out the fake's stale-read window: a read after this sees every earlier write. */
async function consistent(s: TestSlack): Promise<void> {
  await new Promise((r) =>
    setTimeout(r, s.fake.clock.realMs(s.fake.workspace.datastores.staleReadMs) + 5)
  );
}

async function putAll(s: TestSlack, items: Item[]): Promise<void> {
  for (const item of items) await s.ok("apps.datastore.put", { datastore: "sessions", item });
  await consistent(s);
}

Deno.test("apps.datastore.get() answers ok with an empty item for a missing key", async () => {
  await withSessions(async (s) => {
    const body = await s.ok<{ item: Item }>("apps.datastore.get", {
      datastore: "sessions",
      id: "nope",
    });
    assert.deepEqual(body.item, {});
  });
});

Deno.test("apps.datastore.get() may miss a write made just before; it sees it once the stale window passed", async () => {
  await withSlack({ datastores: SESSIONS, fake: { staleReadMs: 60_000 } }, async (s) => {
    await s.ok("apps.datastore.put", { datastore: "sessions", item: { id: "s1", seats: 1 } });
    const get = async () =>
      (await s.ok<{ item: Item }>("apps.datastore.get", { datastore: "sessions", id: "s1" })).item;
    const page = async () =>
      (await s.ok<Page>("apps.datastore.query", { datastore: "sessions" })).items;
    // A minute of possible staleness: some of twenty reads miss it (each read draws its own lag).
    const reads = await Promise.all(Array.from({ length: 20 }, get));
    assert.ok(reads.some((item) => item.id === undefined), "a read missed the new item");
    assert.ok((await Promise.all(Array.from({ length: 20 }, page))).some((p) => p.length === 0));
    s.fake.clock.advance(60_001);
    assert.deepEqual(await get(), { id: "s1", seats: 1 });
    // update merges into the latest version, whatever a read would see.
    await s.ok("apps.datastore.put", { datastore: "sessions", item: { id: "s1", seats: 2 } });
    const merged = await s.ok<{ item: Item }>("apps.datastore.update", {
      datastore: "sessions",
      item: { id: "s1", title: "Intro" },
    });
    assert.deepEqual(merged.item, { id: "s1", seats: 2, title: "Intro" });
  });
});

Deno.test("apps.datastore.put() replaces the whole item", async () => {
  await withSessions(async (s) => {
    await putAll(s, [{ id: "s1", title: "Intro", seats: 3 }, { id: "s1", title: "Intro 2" }]);
    const body = await s.ok<{ item: Item }>("apps.datastore.get", {
      datastore: "sessions",
      id: "s1",
    });
    assert.deepEqual(body.item, { id: "s1", title: "Intro 2" });
  });
});

Deno.test("apps.datastore.update() merges into an item, and creates it when absent", async () => {
  await withSessions(async (s) => {
    await putAll(s, [{ id: "s1", title: "Intro", seats: 3 }]);
    const merged = await s.ok<{ item: Item }>("apps.datastore.update", {
      datastore: "sessions",
      item: { id: "s1", seats: 4 },
    });
    assert.deepEqual(merged.item, { id: "s1", title: "Intro", seats: 4 });
    const created = await s.ok<{ item: Item }>("apps.datastore.update", {
      datastore: "sessions",
      item: { id: "s2", seats: 1 },
    });
    assert.deepEqual(created.item, { id: "s2", seats: 1 });
    await consistent(s);
    const read = await s.ok<{ item: Item }>("apps.datastore.get", {
      datastore: "sessions",
      id: "s2",
    });
    assert.deepEqual(read.item, { id: "s2", seats: 1 });
  });
});

Deno.test("apps.datastore.delete() removes an item", async () => {
  await withSessions(async (s) => {
    await putAll(s, [{ id: "s1" }]);
    await s.ok("apps.datastore.delete", { datastore: "sessions", id: "s1" });
    await consistent(s);
    const body = await s.ok<{ item: Item }>("apps.datastore.get", {
      datastore: "sessions",
      id: "s1",
    });
    assert.deepEqual(body.item, {});
  });
});

Deno.test("apps.datastore.query() counts scanned items against limit, so a page can be empty yet have a cursor", async () => {
  await withSessions(async (s) => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      id: `s${String(i).padStart(2, "0")}`,
      seats: i === 1 || i === 8 ? 100 : i,
    }));
    await putAll(s, items);
    const query = {
      datastore: "sessions",
      expression: "#seats >= :big",
      expression_attributes: { "#seats": "seats" },
      expression_values: { ":big": 100 },
      limit: 3,
    };
    const pages: Page[] = [];
    let cursor = "";
    do {
      const page = await s.ok<Page>("apps.datastore.query", {
        ...query,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page);
      cursor = page.response_metadata.next_cursor;
    } while (cursor && pages.length < 10);
    // Ten items scanned three a page: four pages, whatever order the scan takes them in.
    assert.equal(pages.length, 4);
    assert.deepEqual(pages.flatMap((p) => p.items.map((i) => i.id)).sort(), ["s01", "s08"]);
    const empty = pages.findIndex((p) => p.items.length === 0);
    assert.ok(empty >= 0 && empty < 3, "a page evaluated items, matched none");
    assert.notEqual(
      pages[empty]!.response_metadata.next_cursor,
      "",
      "an empty page still has a cursor",
    );
    assert.equal(pages.at(-1)!.response_metadata.next_cursor, "");
  });
});

Deno.test("apps.datastore.query() looping on cursors returns every match exactly once", async () => {
  await withSessions(async (s) => {
    const items = Array.from({ length: 23 }, (_, i) => ({ id: `k${i}`, seats: i % 3 }));
    await putAll(s, items);
    const seen: string[] = [];
    let cursor = "";
    let calls = 0;
    do {
      const page = await s.ok<Page>("apps.datastore.query", {
        datastore: "sessions",
        expression: "seats = :one",
        expression_values: { ":one": 1 },
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((i) => String(i.id)));
      cursor = page.response_metadata.next_cursor;
      calls++;
    } while (cursor && calls < 50);
    const expected = items.filter((i) => i.seats === 1).map((i) => i.id);
    assert.deepEqual(seen.toSorted(), expected.toSorted());
    assert.equal(new Set(seen).size, seen.length, "no duplicates");
  });
});

Deno.test("apps.datastore.query() answers invalid_cursor for a cursor it did not issue", async () => {
  await withSessions(async (s) => {
    await s.fails(
      "apps.datastore.query",
      { datastore: "sessions", cursor: "%%%" },
      "invalid_cursor",
    );
  });
});

Deno.test("apps.datastore.count() counts the items an expression matches", async () => {
  await withSessions(async (s) => {
    await putAll(s, [
      { id: "a", tags: ["web"] },
      { id: "b", tags: ["web", "live"] },
      { id: "c", tags: [] },
      { id: "d" },
    ]);
    const all = await s.ok<{ count: number }>("apps.datastore.count", { datastore: "sessions" });
    assert.equal(all.count, 4);
    const web = await s.ok<{ count: number }>("apps.datastore.count", {
      datastore: "sessions",
      expression: "contains(#t, :web) OR attribute_not_exists(#t)",
      expression_attributes: { "#t": "tags" },
      expression_values: { ":web": "web" },
    });
    assert.equal(web.count, 3);
  });
});

Deno.test("apps.datastore.query() answers datastore_error invalid_expression for a bad expression", async () => {
  await withSessions(async (s) => {
    const body = await s.fails("apps.datastore.query", {
      datastore: "sessions",
      expression: "#t = :v",
      expression_values: { ":v": 1 },
    }, "datastore_error");
    assert.deepEqual(body.errors, [{
      code: "invalid_expression",
      message: 'Invalid expression: "#t" is not in expression_attributes',
      pointer: "/expression",
    }]);
  });
});

Deno.test("apps.datastore.count() answers datastore_error, not a crash, when expression_values is not an object", async () => {
  await withSessions(async (s) => {
    const body = await s.fails("apps.datastore.count", {
      datastore: "sessions",
      expression: "seats = :v",
      expression_values: '"abc"',
    }, "datastore_error");
    assert.equal(body.errors?.[0]?.code, "invalid_expression");
  });
});

Deno.test("apps.datastore.bulkPut(), bulkGet() and bulkDelete() reject more than 25 items", async () => {
  await withSessions(async (s) => {
    const items = Array.from({ length: 26 }, (_, i) => ({ id: `b${i}` }));
    const ids = items.map((i) => i.id);
    await s.fails("apps.datastore.bulkPut", { datastore: "sessions", items }, "invalid_arguments");
    await s.fails("apps.datastore.bulkGet", { datastore: "sessions", ids }, "invalid_arguments");
    await s.fails("apps.datastore.bulkDelete", { datastore: "sessions", ids }, "invalid_arguments");
    // 25 is fine.
    await s.ok("apps.datastore.bulkPut", { datastore: "sessions", items: items.slice(0, 25) });
    await consistent(s);
    const got = await s.ok<{ items: Item[] }>("apps.datastore.bulkGet", {
      datastore: "sessions",
      ids: ids.slice(0, 25),
    });
    assert.equal(got.items.length, 25);
    await s.ok("apps.datastore.bulkDelete", { datastore: "sessions", ids: ids.slice(0, 25) });
    await consistent(s);
    const count = await s.ok<{ count: number }>("apps.datastore.count", { datastore: "sessions" });
    assert.equal(count.count, 0);
  });
});

Deno.test("apps.datastore.bulkPut() answers partial_failure with the failed items and stores the rest", async () => {
  await withSessions(async (s) => {
    const body = await s.fails("apps.datastore.bulkPut", {
      datastore: "sessions",
      items: [{ id: "ok1" }, { id: "bad", seats: "many" }, { id: "ok2" }],
    }, "partial_failure");
    const failed = (body as { failed_items?: Array<{ item: Item; error: { code: string } }> })
      .failed_items;
    assert.deepEqual(failed?.map((f) => [f.item.id, f.error.code]), [["bad", "type_mismatch"]]);
    await consistent(s);
    const count = await s.ok<{ count: number }>("apps.datastore.count", { datastore: "sessions" });
    assert.equal(count.count, 2);
  });
});

Deno.test("apps.datastore.put() answers datastore_config_not_found for a datastore the app lacks", async () => {
  await withSessions(async (s) => {
    const body = await s.fails("apps.datastore.put", {
      datastore: "nope",
      item: { id: "x" },
    }, "datastore_error");
    assert.equal(body.errors?.[0]?.code, "datastore_config_not_found");
  });
});

Deno.test("apps.datastore.put() rejects an undeclared attribute, a wrong type and a missing key", async () => {
  await withSessions(async (s) => {
    const code = async (item: Item) =>
      (await s.fails("apps.datastore.put", { datastore: "sessions", item }, "datastore_error"))
        .errors?.[0];
    assert.deepEqual(await code({ id: "x", colour: "red" }), {
      code: "unknown_attribute",
      message: '"colour" is not an attribute of datastore "sessions"',
      pointer: "/item/colour",
    });
    assert.equal((await code({ id: "x", seats: "3" }))?.code, "type_mismatch");
    assert.equal((await code({ id: "x", expires_at: "tomorrow" }))?.code, "type_mismatch");
    assert.equal((await code({ title: "no key" }))?.code, "primary_key_missing");
  });
});

Deno.test("apps.datastore.put() answers item_too_large, not a crash, for items over Deno KV's cap", async () => {
  await withSessions(async (s) => {
    for (
      const item of [
        { id: "ascii", title: "x".repeat(70_000) },
        { id: "cjk", title: "中".repeat(30_000) }, // 30,000 characters, 90 KB in UTF-8
        { id: "doubles", tags: Array(10_000).fill(0.5) }, // 40 KB as JSON, 90 KB in KV
      ]
    ) {
      const body = await s.fails(
        "apps.datastore.put",
        { datastore: "sessions", item },
        "datastore_error",
        {
          json: true,
        },
      );
      assert.equal(body.errors?.[0]?.code, "item_too_large", item.id);
    }
  });
});

Deno.test("apps.datastore.get() keeps expired items readable until the TTL sweep lag has passed", async () => {
  await withSlack({ datastores: SESSIONS, fake: { ttlSweepLagMs: 60_000 } }, async (s) => {
    const nowS = Math.floor(s.fake.clock.now() / 1000);
    await putAll(s, [{ id: "old", expires_at: nowS - 10 }, {
      id: "live",
      expires_at: nowS + 3600,
    }]);
    const get = async (id: string) =>
      (await s.ok<{ item: Item }>("apps.datastore.get", { datastore: "sessions", id })).item;
    assert.equal((await get("old")).id, "old", "expired but not swept yet");
    s.fake.clock.advance(60_000);
    assert.deepEqual(await get("old"), {});
    assert.equal((await get("live")).id, "live");
    const count = await s.ok<{ count: number }>("apps.datastore.count", { datastore: "sessions" });
    assert.equal(count.count, 1);
    const page = await s.ok<Page>("apps.datastore.query", { datastore: "sessions" });
    assert.deepEqual(page.items.map((i) => i.id), ["live"]);
  });
});

Deno.test("apps.datastore.put() answers missing_scope without datastore:write", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "datastore:write");
  await withSlack({ datastores: SESSIONS, scopes }, async (s) => {
    const body = await s.fails("apps.datastore.put", {
      datastore: "sessions",
      item: { id: "x" },
    }, "missing_scope");
    assert.equal(body.needed, "datastore:write");
    await s.ok("apps.datastore.get", { datastore: "sessions", id: "x" });
  });
});
