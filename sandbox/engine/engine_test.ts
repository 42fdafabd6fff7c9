import assert from "node:assert/strict";
import { seed } from "../fake_slack/mod.ts";
import { startHarness } from "../../testing/harness.ts";
import type { Message } from "../fake_slack/model.ts";

const FIXTURE = new URL("./testdata/fixture_app/manifest.ts", import.meta.url);

Deno.test("Engine runs a webhook-triggered workflow whose steps pass outputs along", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { channels } = await seed(h.fake, { channels: [{ name: "general", app_member: true }] });
    const trigger = await h.engine.createTrigger({
      type: "webhook",
      name: "Post",
      workflow: "#/workflows/post_and_reply",
      inputs: { channel: { value: "{{data.channel}}" }, text: { value: "{{data.text}}" } },
    });
    const res = await h.post(String(trigger.webhook_url), {
      channel: channels.general,
      text: "hello",
    });
    assert.deepEqual(res, { status: 200, body: { ok: true } });
    await h.engine.idle();
    const history = await h.api("conversations.history", { channel: channels.general });
    const messages = history.messages as Message[];
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.text, "hello");
    const replies = await h.api("conversations.replies", {
      channel: channels.general,
      ts: messages[0]!.ts,
    });
    assert.deepEqual((replies.messages as Message[]).map((m) => m.text), [
      "hello",
      "reply to hello",
    ]);
    assert.equal(h.engine.runs.at(-1)?.status, "completed");
  } finally {
    await h.close();
  }
});

Deno.test("Engine rejects a webhook whose data does not fit the workflow's inputs, and runs nothing", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const trigger = await h.engine.createTrigger({
      type: "webhook",
      name: "Post",
      workflow: "#/workflows/post_and_reply",
      inputs: { channel: { value: "{{data.channel}}" }, text: { value: "{{data.text}}" } },
    });
    const res = await h.post(String(trigger.webhook_url), { channel: "C1", text: 42 });
    assert.equal(res.status, 400);
    assert.match(String(res.body.detail), /input "text" must be of type string/);
    const bad = await fetch(String(trigger.webhook_url), { method: "POST", body: "{not json" });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    assert.equal(h.engine.runs.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("Engine gives each invocation a fresh module, no file access, and the sandbox clock", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    h.fake.clock.advance(200 * 86_400_000);
    for (let i = 0; i < 2; i++) {
      const { done } = h.engine.startWorkflow("#/workflows/probe_workflow", {}, null);
      const run = await done;
      assert.equal(run.status, "completed", run.error ?? "");
      const out = run.steps[0]!.outputs!;
      assert.equal(out.calls, 1, "module state must not survive between invocations");
      assert.match(String(out.fs), /^denied/);
      assert.ok(
        Math.abs(Number(out.now) - h.fake.clock.now()) < 5_000,
        "Date.now() follows the sandbox clock",
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("Engine fails a step that throws or runs past its time limit, without hanging", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE, engine: { functionTimeoutMs: 500 } });
  try {
    const thrown = await h.engine.startWorkflow("#/workflows/probe_workflow", { throw: true }, null)
      .done;
    assert.equal(thrown.status, "failed");
    assert.match(
      String(thrown.error),
      /Caught error from user supplied module: Error: probe asked to throw/,
    );
    const slow = await h.engine.startWorkflow(
      "#/workflows/probe_workflow",
      { sleep_ms: 5_000 },
      null,
    ).done;
    assert.equal(slow.status, "failed");
    assert.match(String(slow.error), /function_timed_out/);
  } finally {
    await h.close();
  }
});

Deno.test("Engine routes a link trigger's modal: inline errors, then submission completes the function", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { users } = await seed(h.fake, { users: [{ name: "ann" }] });
    const ann = users.ann!;
    const trigger = await h.engine.createTrigger({
      type: "shortcut",
      name: "Ask",
      workflow: "#/workflows/ask_workflow",
      inputs: { interactivity: { value: "{{data.interactivity}}" } },
    });
    assert.match(String(trigger.shortcut_url), /\/shortcuts\//);
    const run = await h.engine.runShortcut(trigger.id, ann);
    await waitFor(async () => (await h.engine.viewStack(ann)).length === 1);
    const [view] = await h.engine.viewStack(ann);
    const empty = await h.engine.submitView(ann, view!.id, {
      name: { value: { type: "plain_text_input", value: null } },
    });
    assert.deepEqual(empty.errors, { name: "Please type a name" });
    assert.equal((await h.engine.viewStack(ann)).length, 1, "the modal stays open on errors");
    const ok = await h.engine.submitView(ann, view!.id, {
      name: { value: { type: "plain_text_input", value: "Ann" } },
    });
    assert.equal(ok.ok, true);
    await h.engine.idle();
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { name: "Ann" });
    assert.equal((await h.engine.viewStack(ann)).length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("Engine sends view_closed when a modal with notify_on_close is cancelled", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { users } = await seed(h.fake, { users: [{ name: "ann" }] });
    const trigger = await h.engine.createTrigger({
      type: "shortcut",
      name: "Ask",
      workflow: "#/workflows/ask_workflow",
      inputs: { interactivity: { value: "{{data.interactivity}}" } },
    });
    const run = await h.engine.runShortcut(trigger.id, users.ann!);
    await waitFor(async () => (await h.engine.viewStack(users.ann!)).length === 1);
    const [view] = await h.engine.viewStack(users.ann!);
    assert.equal((await h.engine.closeView(users.ann!, view!.id)).ok, true);
    await h.engine.idle();
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { name: "(closed)" });
  } finally {
    await h.close();
  }
});

Deno.test("Engine fires message_posted triggers only for channels listed and messages the filter lets through", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { users, channels } = await seed(h.fake, {
      users: [{ name: "ann" }],
      channels: [{ name: "watched", members: ["ann"], app_member: true }, {
        name: "other",
        members: ["ann"],
        app_member: true,
      }],
    });
    await h.engine.createTrigger({
      type: "event",
      name: "Thread replies",
      workflow: "#/workflows/probe_workflow",
      event: {
        event_type: "slack#/events/message_posted",
        channel_ids: [channels.watched],
        filter: {
          version: 1,
          root: {
            operator: "AND",
            inputs: [
              { operator: "NOT", inputs: [{ statement: "{{data.thread_ts}} == null" }] },
              { operator: "NOT", inputs: [{ statement: "{{data.user_id}} == null" }] },
            ],
          },
        },
      },
      inputs: {},
    });
    const annToken = await h.fake.userToken(users.ann!);
    const parent = await h.api(
      "chat.postMessage",
      { channel: channels.watched, text: "parent" },
      annToken,
    );
    await h.api("chat.postMessage", {
      channel: channels.watched,
      text: "bot reply",
      thread_ts: parent.ts,
    });
    await h.api("chat.postMessage", { channel: channels.other, text: "elsewhere" }, annToken);
    assert.equal(h.engine.runs.length, 0, "top-level, bot and unwatched messages do not fire");
    await h.api("chat.postMessage", {
      channel: channels.watched,
      text: "human reply",
      thread_ts: parent.ts,
    }, annToken);
    await waitFor(() => h.engine.runs.length === 1);
    await h.engine.idle();
  } finally {
    await h.close();
  }
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
