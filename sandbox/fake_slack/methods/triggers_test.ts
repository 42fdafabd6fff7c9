import assert from "node:assert/strict";
import { type TestSlackOptions, withSlack } from "../test_helpers.ts";

const APP: TestSlackOptions = { workflows: { announce: {}, digest: {} } };

type Trigger = {
  id: string;
  type: string;
  name: string;
  description?: string;
  webhook_url?: string;
  shortcut_url?: string;
  channel_ids?: string[];
  inputs: Record<string, unknown>;
  owners: Array<{ id: string }>;
};
type Created = { trigger: Trigger };

const FILTER = { version: 1, root: { statement: "{{data.text}} CONTAINS 'webinar'" } };

const messagePosted = (channels: string[], extra: Record<string, unknown> = {}) => ({
  type: "event",
  name: "On webinar messages",
  workflow: "#/workflows/announce",
  event: {
    event_type: "slack#/events/message_posted",
    channel_ids: channels,
    filter: FILTER,
    ...extra,
  },
  inputs: { channel: { value: "{{data.channel_id}}" } },
});

Deno.test("workflows.triggers.create() makes a webhook trigger with a webhook_url", async () => {
  await withSlack(APP, async (s) => {
    const body = await s.ok<Created>("workflows.triggers.create", {
      type: "webhook",
      name: "Webinar platform",
      workflow: "#/workflows/announce",
      inputs: { title: { value: "{{data.title}}" } },
    });
    assert.match(body.trigger.id, /^Ft/);
    assert.ok(body.trigger.webhook_url?.startsWith(`${s.fake.url}/triggers/`));
    assert.equal(body.trigger.owners[0]?.id, s.botUserId);
  });
});

Deno.test("workflows.triggers.create() makes a shortcut trigger with a shortcut_url", async () => {
  await withSlack(APP, async (s) => {
    const body = await s.ok<Created>("workflows.triggers.create", {
      type: "shortcut",
      name: "Announce",
      workflow: "#/workflows/announce",
    });
    assert.ok(body.trigger.shortcut_url?.startsWith(`${s.fake.url}/shortcuts/`));
    assert.equal(body.trigger.webhook_url, undefined);
  });
});

Deno.test("workflows.triggers.create() answers invalid_workflow_id for a workflow the app lacks", async () => {
  await withSlack(APP, async (s) => {
    await s.fails("workflows.triggers.create", {
      type: "webhook",
      name: "x",
      workflow: "#/workflows/nope",
    }, "invalid_workflow_id");
  });
});

Deno.test("workflows.triggers.create() needs a filter and 1 to 20 channel_ids for message_posted", async () => {
  await withSlack(APP, async (s) => {
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `C${1000 + i}`);
    await s.ok("workflows.triggers.create", messagePosted(channels(20)));
    const tooMany = await s.fails(
      "workflows.triggers.create",
      messagePosted(channels(21)),
      "invalid_arguments",
    );
    assert.deepEqual(tooMany.response_metadata?.messages, [
      "[ERROR] event/channel_ids must list at most 20 channels",
    ]);
    await s.fails("workflows.triggers.create", messagePosted([]), "invalid_arguments");
    const noFilter = messagePosted(channels(1));
    delete (noFilter.event as { filter?: unknown }).filter;
    const body = await s.fails("workflows.triggers.create", noFilter, "invalid_arguments");
    assert.deepEqual(body.response_metadata?.messages, [
      "[ERROR] event/filter is required for message_posted",
    ]);
    await s.fails(
      "workflows.triggers.create",
      messagePosted(channels(1), { filter: { version: 2, root: FILTER.root } }),
      "invalid_arguments",
    );
  });
});

Deno.test("workflows.triggers.update() replaces the whole trigger", async () => {
  await withSlack(APP, async (s) => {
    const created = await s.ok<Created>("workflows.triggers.create", {
      type: "webhook",
      name: "Platform",
      description: "From the webinar platform",
      workflow: "#/workflows/announce",
      inputs: { title: { value: "{{data.title}}" } },
    });
    const updated = await s.ok<Created>("workflows.triggers.update", {
      trigger_id: created.trigger.id,
      type: "webhook",
      name: "Platform v2",
      workflow: "#/workflows/digest",
    });
    assert.equal(updated.trigger.name, "Platform v2");
    assert.equal(updated.trigger.description, undefined, "fields left out are gone");
    assert.deepEqual(updated.trigger.inputs, {});
    assert.equal(updated.trigger.webhook_url, created.trigger.webhook_url, "the URL stays");
    await s.fails("workflows.triggers.update", {
      trigger_id: created.trigger.id,
      type: "shortcut",
      name: "x",
      workflow: "#/workflows/digest",
    }, "invalid_arguments");
    await s.fails("workflows.triggers.update", {
      trigger_id: "Ft0NOPE",
      type: "webhook",
      name: "x",
      workflow: "#/workflows/digest",
    }, "trigger_not_found");
  });
});

Deno.test("workflows.triggers.list() with is_owner lists only the caller's triggers", async () => {
  await withSlack(APP, async (s) => {
    const def = { type: "shortcut", workflow: "#/workflows/announce" };
    await s.ok("workflows.triggers.create", { ...def, name: "by the app" });
    await s.ok("workflows.triggers.create", { ...def, name: "by alice" }, {
      token: await s.userToken("alice"),
    });
    type List = { triggers: Trigger[] };
    const all = await s.ok<List>("workflows.triggers.list", {});
    assert.deepEqual(all.triggers.map((t) => t.name).sort(), ["by alice", "by the app"]);
    const mine = await s.ok<List>("workflows.triggers.list", { is_owner: true });
    assert.deepEqual(mine.triggers.map((t) => t.name), ["by the app"]);
  });
});

Deno.test("workflows.triggers.delete() removes a trigger; only its owner may", async () => {
  await withSlack(APP, async (s) => {
    const created = await s.ok<Created>("workflows.triggers.create", {
      type: "shortcut",
      name: "Announce",
      workflow: "#/workflows/announce",
    });
    await s.fails(
      "workflows.triggers.delete",
      { trigger_id: created.trigger.id },
      "access_denied",
      {
        token: await s.userToken("alice"),
      },
    );
    await s.ok("workflows.triggers.delete", { trigger_id: created.trigger.id });
    await s.fails(
      "workflows.triggers.delete",
      { trigger_id: created.trigger.id },
      "trigger_not_found",
    );
    const list = await s.ok<{ triggers: Trigger[] }>("workflows.triggers.list", {});
    assert.deepEqual(list.triggers, []);
  });
});

Deno.test("workflows.triggers.create() needs a future start_time for a scheduled trigger", async () => {
  await withSlack(APP, async (s) => {
    const schedule = (start: number) => ({
      type: "scheduled",
      name: "Daily digest",
      workflow: "#/workflows/digest",
      schedule: { start_time: new Date(start).toISOString(), frequency: { type: "daily" } },
    });
    await s.ok("workflows.triggers.create", schedule(s.fake.clock.now() + 3_600_000));
    await s.fails(
      "workflows.triggers.create",
      schedule(s.fake.clock.now() - 3_600_000),
      "invalid_arguments",
    );
  });
});
