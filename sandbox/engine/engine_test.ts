import assert from "node:assert/strict";
import { seed } from "../fake_slack/mod.ts";
import { startHarness } from "../../testing/harness.ts";
import type { Message } from "../fake_slack/mod.ts";
import { jsonDepth, WEBHOOK_LIMITS, type WorkflowRun } from "./mod.ts";

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
    const annToken = await h.fake.workspace.userToken(users.ann!);
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

Deno.test("Engine fires user_joined_channel triggers when a listed channel gains the member the filter names", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { users, channels } = await seed(h.fake, {
      users: [{ name: "ann" }, { name: "bob" }],
      channels: [{ name: "watched", members: ["ann"] }, { name: "other", members: ["ann"] }],
    });
    const bot = h.fake.workspace.requireApp().bot_user_id;
    await h.engine.createTrigger({
      type: "event",
      name: "App added",
      workflow: "#/workflows/probe_workflow",
      event: {
        event_type: "slack#/events/user_joined_channel",
        channel_ids: [channels.watched],
        filter: { version: 1, root: { statement: `{{data.user_id}} == ${bot}` } },
      },
      inputs: {},
    });
    const annToken = await h.fake.workspace.userToken(users.ann!);
    const invite = (channel: string, user: string) =>
      h.api("conversations.invite", { channel, users: user }, annToken);
    assert.equal((await invite(channels.watched!, users.bob!)).ok, true);
    assert.equal((await invite(channels.other!, bot)).ok, true);
    assert.equal(h.engine.runs.length, 0, "another person, or another channel, fires nothing");
    assert.equal((await invite(channels.watched!, bot)).ok, true);
    await waitFor(() => h.engine.runs.length === 1);
    await h.engine.idle();
    // The app's join is told once: a later write of the channel adds nobody.
    assert.equal((await invite(channels.watched!, users.bob!)).error, "already_in_channel");
    await h.engine.idle();
    assert.equal(h.engine.runs.length, 1);
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

async function postTrigger(h: Awaited<ReturnType<typeof startHarness>>) {
  return await h.engine.createTrigger({
    type: "webhook",
    name: "Post",
    workflow: "#/workflows/post_and_reply",
    inputs: { channel: { value: "{{data.channel}}" }, text: { value: "{{data.text}}" } },
  });
}

Deno.test("Engine keeps inputs larger than a KV value: a 78 KB text in a 900 KB body reaches Slack whole", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { channels } = await seed(h.fake, { channels: [{ name: "general", app_member: true }] });
    const trigger = await postTrigger(h);
    // Far beyond one Deno KV value (64 KiB); chat.postMessage keeps text up to 40,000 characters.
    const text = "✉".repeat(39_000); // 78 KB as Deno KV encodes it (two bytes a character)
    const padding = "x".repeat(800_000);
    const res = await h.post(String(trigger.webhook_url), {
      channel: channels.general,
      text,
      padding,
    });
    assert.deepEqual(res, { status: 200, body: { ok: true } });
    await h.engine.idle();
    assert.equal(h.engine.runs.at(-1)?.status, "completed", h.engine.runs.at(-1)?.error ?? "");
    const history = await h.api("conversations.history", { channel: channels.general });
    assert.equal((history.messages as Message[])[0]?.text, text);
  } finally {
    await h.close();
  }
});

Deno.test("Engine stores a webhook's run, with its inputs, before it answers", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const { channels } = await seed(h.fake, { channels: [{ name: "general", app_member: true }] });
    const trigger = await postTrigger(h);
    const res = await h.post(String(trigger.webhook_url), {
      channel: channels.general,
      text: "hi",
    });
    assert.equal(res.status, 200);
    // Read at once, before the run had time to finish: it is in the KV file already.
    const stored = await h.fake.workspace.records.runs<WorkflowRun>();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.trigger_id, trigger.id);
    assert.equal(stored[0]!.status, "running");
    assert.deepEqual(await h.fake.workspace.records.runInputs(stored[0]!.id), {
      channel: channels.general,
      text: "hi",
    });
    await h.engine.idle();
    const done = (await h.fake.workspace.records.runs<WorkflowRun>()).find((r) =>
      r.id === stored[0]!.id
    );
    assert.equal(done?.status, "completed");
    assert.deepEqual(done?.steps.map((s) => s.status), ["completed", "completed"]);
    assert.equal(
      await h.fake.workspace.records.runInputs(stored[0]!.id),
      null,
      "dropped once done",
    );
  } finally {
    await h.close();
  }
});

Deno.test("Engine refuses webhook bodies over its size limit and deeper than its nesting limit, running nothing", async () => {
  const h = await startHarness({ manifestUrl: FIXTURE });
  try {
    const trigger = await postTrigger(h);
    const url = String(trigger.webhook_url);
    const huge = JSON.stringify({ channel: "C1", text: "x".repeat(WEBHOOK_LIMITS.maxBodyBytes) });
    const tooBig = await fetch(url, { method: "POST", body: huge });
    assert.equal(tooBig.status, 413);
    assert.deepEqual((await tooBig.json()).error, "request_too_large");

    // Streamed without a length: refused once the limit is passed, not read to the end.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 8 * WEBHOOK_LIMITS.maxBodyBytes) return c.close();
        sent += 65_536;
        c.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    const streamed = await fetch(url, { method: "POST", body: stream });
    assert.equal(streamed.status, 413);
    await streamed.body?.cancel();

    const depth = WEBHOOK_LIMITS.maxDepth + 1;
    const deep = `{"channel":"C1","text":"t","x":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
    assert.equal(jsonDepth(deep), depth);
    const tooDeep = await fetch(url, { method: "POST", body: deep });
    assert.equal(tooDeep.status, 400);
    const body = await tooDeep.json();
    assert.equal(body.error, "invalid_json");
    assert.match(
      body.detail,
      new RegExp(`${depth} levels deep, more than ${WEBHOOK_LIMITS.maxDepth}`),
    );
    const veryDeep = await fetch(url, {
      method: "POST",
      body: `{"x":${"[".repeat(3_000)}${"]".repeat(3_000)}}`,
    });
    assert.equal(veryDeep.status, 400);
    await veryDeep.body?.cancel();
    assert.equal(h.engine.runs.length, 0);
    assert.deepEqual(await h.fake.workspace.records.runs(), []);

    // At the limit itself, it is accepted.
    const atLimit = `{"channel":"C1","text":"t","x":${"[".repeat(WEBHOOK_LIMITS.maxDepth - 1)}${
      "]".repeat(WEBHOOK_LIMITS.maxDepth - 1)
    }}`;
    const ok = await fetch(url, { method: "POST", body: atLimit });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    await h.engine.idle();
  } finally {
    await h.close();
  }
});

Deno.test("jsonDepth() counts brackets outside strings only", () => {
  assert.equal(jsonDepth("1"), 0);
  assert.equal(jsonDepth("{}"), 1);
  assert.equal(jsonDepth('{"a":[{"b":"[[[["}]}'), 3);
  assert.equal(jsonDepth('{"a":"\\"[[["}'), 1);
});
