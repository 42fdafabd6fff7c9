import assert from "node:assert/strict";
import { type TestSlack, withSlack } from "../test_helpers.ts";

type ViewAnswer = {
  view: {
    id: string;
    hash: string;
    root_view_id: string;
    previous_view_id: string | null;
    blocks: Array<{ block_id: string; element?: { action_id: string } }>;
    state: { values: Record<string, Record<string, { value?: string | null }>> };
  };
};

const modal = (title = "Session settings", extra: Record<string, unknown> = {}) => ({
  type: "modal",
  callback_id: "settings",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Save" },
  blocks: [{
    type: "input",
    label: { type: "plain_text", text: "Title" },
    element: { type: "plain_text_input", initial_value: "Intro" },
  }],
  ...extra,
});

async function pointer(s: TestSlack, user = "alice"): Promise<string> {
  return (await s.fake.workspace.createPointer(s.users[user]!)).id;
}

Deno.test("views.open() opens a modal with a fresh pointer and fills in ids and state", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<ViewAnswer>("views.open", {
      trigger_id: await pointer(s),
      view: modal(),
    });
    assert.match(body.view.id, /^V/);
    assert.equal(body.view.root_view_id, body.view.id);
    const block = body.view.blocks[0]!;
    assert.ok(block.block_id && block.element?.action_id, "Slack fills in block and action ids");
    assert.deepEqual(
      body.view.state.values[block.block_id]?.[block.element!.action_id]?.value,
      "Intro",
    );
  });
});

Deno.test("views.open() answers exchanged_trigger_id when a pointer is used twice", async () => {
  await withSlack({}, async (s) => {
    const id = await pointer(s);
    await s.ok("views.open", { trigger_id: id, view: modal() });
    await s.fails("views.open", { trigger_id: id, view: modal() }, "exchanged_trigger_id");
  });
});

Deno.test("views.open() answers expired_trigger_id once pointerTtlMs has passed", async () => {
  await withSlack({ fake: { pointerTtlMs: 3_000 } }, async (s) => {
    const id = await pointer(s);
    s.fake.clock.advance(3_001);
    await s.fails("views.open", { trigger_id: id, view: modal() }, "expired_trigger_id");
  });
});

Deno.test("views.open() answers invalid_trigger_id for a pointer Slack never issued", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "views.open",
      { trigger_id: "1700000000.nope", view: modal() },
      "invalid_trigger_id",
    );
    const body = await s.fails("views.open", { view: modal() }, "invalid_arguments");
    assert.deepEqual(body.response_metadata?.messages, [
      "[ERROR] missing required field: trigger_id",
    ]);
  });
});

Deno.test("views.open() accepts interactivity_pointer, the Run-on-Slack name for trigger_id", async () => {
  await withSlack({}, async (s) => {
    await s.ok("views.open", { interactivity_pointer: await pointer(s), view: modal() });
  });
});

Deno.test("views.open() answers invalid_arguments for a title over 24 characters, keeping the pointer", async () => {
  await withSlack({}, async (s) => {
    const id = await pointer(s);
    const body = await s.fails(
      "views.open",
      { trigger_id: id, view: modal("A title that is far too long") },
      "invalid_arguments",
    );
    assert.deepEqual(body.response_metadata?.messages, [
      "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
    ]);
    await s.ok("views.open", { trigger_id: id, view: modal() });
  });
});

Deno.test("views.open() answers invalid_arguments for input blocks without a submit button", async () => {
  await withSlack({}, async (s) => {
    const view = modal();
    delete (view as { submit?: unknown }).submit;
    const body = await s.fails(
      "views.open",
      { trigger_id: await pointer(s), view },
      "invalid_arguments",
    );
    assert.match(body.response_metadata?.messages?.[0] ?? "", /submit/);
  });
});

Deno.test("views.push() stacks up to three views, then answers push_limit_reached", async () => {
  await withSlack({}, async (s) => {
    const root = await s.ok<ViewAnswer>("views.open", {
      trigger_id: await pointer(s),
      view: modal(),
    });
    const second = await s.ok<ViewAnswer>("views.push", {
      trigger_id: await pointer(s),
      view: modal("Second"),
    });
    assert.equal(second.view.root_view_id, root.view.id);
    assert.equal(second.view.previous_view_id, root.view.id);
    await s.ok("views.push", { trigger_id: await pointer(s), view: modal("Third") });
    await s.fails(
      "views.push",
      { trigger_id: await pointer(s), view: modal("Fourth") },
      "push_limit_reached",
    );
  });
});

Deno.test("views.push() answers not_found when the person has no modal open", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "views.push",
      { trigger_id: await pointer(s, "bob"), view: modal() },
      "not_found",
    );
  });
});

Deno.test("views.update() answers hash_conflict for a stale hash", async () => {
  await withSlack({}, async (s) => {
    const opened = await s.ok<ViewAnswer>("views.open", {
      trigger_id: await pointer(s),
      view: modal(),
    });
    const updated = await s.ok<ViewAnswer>("views.update", {
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: modal("Updated"),
    });
    assert.equal(updated.view.id, opened.view.id);
    assert.notEqual(updated.view.hash, opened.view.hash);
    await s.fails("views.update", {
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: modal("Stale"),
    }, "hash_conflict");
    // Without a hash, the update always goes through.
    await s.ok("views.update", { view_id: opened.view.id, view: modal("Last") });
  });
});

Deno.test("views.update() finds a view by external_id and answers not_found for an unknown one", async () => {
  await withSlack({}, async (s) => {
    await s.ok("views.open", {
      trigger_id: await pointer(s),
      view: modal("Ext", { external_id: "session-42" }),
    });
    await s.ok("views.update", { external_id: "session-42", view: modal("Ext 2") });
    await s.fails("views.update", { external_id: "nope", view: modal() }, "not_found");
    await s.fails("views.update", { view_id: "V0NOPE", view: modal() }, "not_found");
    await s.fails("views.update", { view: modal() }, "invalid_arguments");
  });
});
