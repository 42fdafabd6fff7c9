/** Delivering a learning DM when Slack refuses part of it or the cached DM id went stale. */
import assert from "node:assert/strict";
import LedgerDatastore from "../../datastores/ledger.ts";
import { BLOCKS } from "../../domain/learning/messages.ts";
import {
  assignment,
  block,
  dmChannel,
  dmMessages,
  GROUP,
  outcomeOf,
  sendAndSettle as send,
  waitPastStaleReads,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";
import { personKey } from "../people.ts";

Deno.test("a DM whose cover Slack cannot fetch goes out without the image", () =>
  withApp(async (app) => {
    // Slack answers invalid_blocks when it cannot download an image block's URL.
    app.fake.addFault({ method: "chat.postMessage", error: "invalid_blocks", remaining: 1 });
    const event = assignment("liam@example.com");
    await send(app, [event]);

    const messages = await dmMessages(app, "liam");
    assert.equal(messages.length, 1);
    assert.equal(block(messages[0]!, BLOCKS.cover), undefined);
    assert.notEqual(block(messages[0]!, BLOCKS.title), undefined);
    assert.equal(messages[0]!.username, GROUP.name);
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 2);
    assert.equal(await outcomeOf(app, event.id), "posted");
  }));

Deno.test("a stale cached DM id is replaced by opening the DM again", () =>
  withApp(async (app) => {
    const put = await app.api("apps.datastore.put", {
      datastore: LedgerDatastore.name,
      item: {
        id: await personKey("liam@example.com"),
        user_id: app.users.liam,
        locale: "en-US",
        dm_channel_id: "D0GONE0000",
        at: Date.now(),
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    assert.equal(put.ok, true);
    await waitPastStaleReads(app);
    const event = assignment("liam@example.com");
    await send(app, [event]);

    assert.equal((await dmMessages(app, "liam")).length, 1);
    const posts = app.fake.calls({ method: "chat.postMessage" });
    assert.deepEqual(posts.map((c) => [c.args.channel, c.error ?? "ok"]), [
      ["D0GONE0000", "channel_not_found"],
      [await dmChannel(app, "liam"), "ok"],
    ]);
    const row = await app.fake.workspace.datastores.latest<{ dm_channel_id?: string }>(
      LedgerDatastore.name,
      await personKey("liam@example.com"),
    );
    assert.equal(row?.dm_channel_id, await dmChannel(app, "liam"), "the new id is kept");
    assert.equal(await outcomeOf(app, event.id), "posted");
  }));
