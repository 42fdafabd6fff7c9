/**
 * A person's token is held to Slack's rules: it cannot read or write the app's datastores (it
 * could otherwise have made its owner an admin, past W10), and it cannot update a modal.
 */
import assert from "node:assert/strict";
import { withSlack } from "./test_helpers.ts";
import type { View } from "./model.ts";

const DATASTORES = {
  settings: {
    primary_key: "id",
    attributes: { id: { type: "string" }, admins: { type: "string" } },
  },
};

Deno.test("a person's token is refused on the app's datastores, with Slack's codes, and changes nothing", async () => {
  await withSlack({ datastores: DATASTORES }, async (s) => {
    await s.ok("apps.datastore.put", { datastore: "settings", item: { id: "main", admins: "" } });
    const alice = await s.userToken("alice");
    const appId = s.fake.workspace.requireApp().app_id;
    const put = { datastore: "settings", item: { id: "main", admins: s.users.alice } };
    const noAppId = await s.fails("apps.datastore.put", put, "invalid_arguments", { token: alice });
    assert.match(JSON.stringify(noAppId.response_metadata), /app_id is required/);
    await s.fails("apps.datastore.put", { ...put, app_id: "A0OTHER" }, "invalid_app_id", {
      token: alice,
    });
    const scoped = await s.fails("apps.datastore.put", { ...put, app_id: appId }, "missing_scope", {
      token: alice,
    });
    assert.equal(scoped.needed, "datastore:write");
    for (const method of ["apps.datastore.get", "apps.datastore.query", "apps.datastore.count"]) {
      const read = await s.fails(
        method,
        { datastore: "settings", id: "main", app_id: appId },
        "missing_scope",
        {
          token: alice,
        },
      );
      assert.equal(read.needed, "datastore:read", method);
    }
    for (
      const method of ["apps.datastore.update", "apps.datastore.delete", "apps.datastore.bulkPut"]
    ) {
      await s.fails(
        method,
        { datastore: "settings", id: "main", item: put.item, items: [put.item], app_id: appId },
        "missing_scope",
        {
          token: alice,
        },
      );
    }
    // Past the datastore's stale-read window, so the read sees every write that went through.
    await new Promise((r) =>
      setTimeout(r, s.fake.clock.realMs(s.fake.workspace.datastores.staleReadMs) + 5)
    );
    const kept = await s.ok<{ item: Record<string, unknown> }>("apps.datastore.get", {
      datastore: "settings",
      id: "main",
    });
    assert.deepEqual(kept.item, { id: "main", admins: "" }, "the bot still reads it unchanged");
    // The same person's token still works where Slack lets people act.
    await s.ok("chat.postMessage", { channel: s.channels.general, text: "hi" }, { token: alice });
  });
});

Deno.test("a person's token cannot views.update a modal, theirs or another person's", async () => {
  await withSlack({}, async (s) => {
    const view = { type: "modal", title: { type: "plain_text", text: "Settings" }, blocks: [] };
    const opened: View[] = [];
    for (const who of ["alice", "bob"]) {
      const pointer = await s.fake.workspace.createPointer(s.users[who]!);
      const res = await s.ok<{ view: View }>("views.open", { trigger_id: pointer.id, view });
      opened.push(res.view);
    }
    const changed = { ...view, title: { type: "plain_text", text: "Hacked" } };
    const alice = await s.userToken("alice");
    for (const v of opened) {
      await s.fails("views.update", { view_id: v.id, view: changed }, "not_found", {
        token: alice,
      });
    }
    const stored = await s.fake.workspace.records.view(opened[1]!.id);
    assert.deepEqual(stored?.title, view.title, "bob's modal is unchanged");
    // The app itself still updates them.
    await s.ok("views.update", { view_id: opened[1]!.id, view: changed });
  });
});
