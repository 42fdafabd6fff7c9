import assert from "node:assert/strict";
import fc from "fast-check";
import { ALL_METHODS } from "./methods/mod.ts";
import type { ArgType } from "./spec.ts";
import { ALL_BOT_SCOPES, withSlack } from "./test_helpers.ts";

const without = (...scopes: string[]) => ALL_BOT_SCOPES.filter((s) => !scopes.includes(s));

Deno.test("the Web API answers not_authed when a call carries no token", async () => {
  await withSlack({}, async (s) => {
    await s.fails("auth.test", {}, "not_authed", { token: null });
  });
});

Deno.test("the Web API answers invalid_auth for a token it never issued", async () => {
  await withSlack({}, async (s) => {
    await s.fails("auth.test", {}, "invalid_auth", { token: "xoxb-not-a-real-token" });
  });
});

Deno.test("the Web API accepts the token as a form field, as Slack still does", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<{ user_id: string }>("auth.test", { token: s.botToken }, {
      token: null,
    });
    assert.equal(body.user_id, s.botUserId);
  });
});

Deno.test("the Web API answers unknown_method for a method it does not know", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "chat.postMessages",
      { channel: s.channels.general, text: "hi" },
      "unknown_method",
    );
    assert.equal(s.fake.calls({ method: "chat.postMessages" }).length, 1, "the call is logged");
  });
});

Deno.test("chat.update() answers invalid_arguments naming the field when ts is missing", async () => {
  await withSlack({}, async (s) => {
    const body = await s.fails(
      "chat.update",
      { channel: s.channels.general, text: "x" },
      "invalid_arguments",
    );
    assert.deepEqual(body.response_metadata?.messages, ["[ERROR] missing required field: ts"]);
  });
});

Deno.test("chat.postMessage() answers invalid_arguments when a boolean argument is not one", async () => {
  await withSlack({}, async (s) => {
    const body = await s.fails(
      "chat.postMessage",
      { channel: s.channels.general, text: "x", unfurl_links: "maybe" },
      "invalid_arguments",
    );
    assert.match(body.response_metadata?.messages?.[0] ?? "", /unfurl_links/);
  });
});

Deno.test("chat.postMessage() answers channel_not_found for a channel that does not exist", async () => {
  await withSlack({}, async (s) => {
    await s.fails("chat.postMessage", { channel: "C0NOSUCHONE", text: "hi" }, "channel_not_found");
  });
});

Deno.test("chat.postMessage() answers channel_not_found for a private channel the bot is not in", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "chat.postMessage",
      { channel: s.channels.secret, text: "hi" },
      "channel_not_found",
    );
  });
});

Deno.test("chat.postMessage() answers not_in_channel when the bot is not a member and lacks chat:write.public", async () => {
  await withSlack({ scopes: without("chat:write.public") }, async (s) => {
    await s.fails("chat.postMessage", { channel: s.channels.random, text: "hi" }, "not_in_channel");
    assert.equal((await s.fake.workspace.topLevelMessages(s.channels.random!)).length, 0);
  });
});

Deno.test("chat.postMessage() posts in a public channel it is not in when it has chat:write.public", async () => {
  await withSlack({}, async (s) => {
    await s.ok("chat.postMessage", { channel: s.channels.random, text: "hi" });
    assert.equal((await s.fake.workspace.topLevelMessages(s.channels.random!)).length, 1);
  });
});

Deno.test("chat.postMessage() answers missing_scope with needed and provided without chat:write", async () => {
  const scopes = without("chat:write");
  await withSlack({ scopes }, async (s) => {
    const body = await s.fails(
      "chat.postMessage",
      { channel: s.channels.general, text: "hi" },
      "missing_scope",
    );
    assert.equal(body.needed, "chat:write");
    assert.equal(body.provided, scopes.join(","));
  });
});

Deno.test("the Web API answers invalid_json for a JSON body that does not parse", async () => {
  await withSlack({}, async (s) => {
    const res = await fetch(`${s.fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${s.botToken}`, "Content-Type": "application/json" },
      body: '{"channel": "C1", "text": ',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: false, error: "invalid_json" });
  });
});

Deno.test("the Web API answers json_not_object for a JSON body that is an array", async () => {
  await withSlack({}, async (s) => {
    const res = await fetch(`${s.fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${s.botToken}`, "Content-Type": "application/json" },
      body: "[1, 2]",
    });
    assert.deepEqual(await res.json(), { ok: false, error: "json_not_object" });
  });
});

Deno.test("chat.postMessage() accepts a JSON body with real JSON blocks", async () => {
  await withSlack({}, async (s) => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }];
    const body = await s.ok<{ message: { blocks: unknown[] } }>(
      "chat.postMessage",
      { channel: s.channels.general, text: "hi", blocks },
      { json: true },
    );
    assert.deepEqual(body.message.blocks, blocks);
  });
});

Deno.test("chat.postMessage() answers invalid_blocks with Slack's messages for a malformed block", async () => {
  await withSlack({}, async (s) => {
    const body = await s.fails(
      "chat.postMessage",
      {
        channel: s.channels.general,
        text: "hi",
        blocks: [{ type: "section" }, { type: "header", text: { type: "mrkdwn", text: "x" } }],
      },
      "invalid_blocks",
    );
    assert.deepEqual(body.response_metadata?.messages, [
      "[ERROR] must have text or fields [json-pointer:/blocks/0]",
      "[ERROR] must be plain_text [json-pointer:/blocks/1/text/type]",
    ]);
  });
});

Deno.test("chat.postMessage() answers invalid_blocks_format when blocks is not an array", async () => {
  await withSlack({}, async (s) => {
    await s.fails(
      "chat.postMessage",
      { channel: s.channels.general, text: "hi", blocks: { type: "divider" } },
      "invalid_blocks_format",
    );
  });
});

Deno.test("chat.postMessage() answers is_archived in an archived channel", async () => {
  await withSlack({}, async (s) => {
    const channel = (await s.fake.workspace.getChannel(s.channels.general!))!;
    await s.fake.workspace.putChannel({ ...channel, is_archived: true });
    await s.fails("chat.postMessage", { channel: channel.id, text: "hi" }, "is_archived");
  });
});

Deno.test("the Web API answers a GET with query-string arguments", async () => {
  await withSlack({}, async (s) => {
    const url = `${s.fake.apiUrl}users.info?user=${s.users.alice}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${s.botToken}` } });
    const body = await res.json();
    assert.equal(body.ok, true);
    assert.equal(body.user.id, s.users.alice);
  });
});

Deno.test("any garbage sent to any method gets Slack's envelope with HTTP 200 or 429, never a crash", async () => {
  await withSlack({
    fake: { rateLimits: {} },
    datastores: {
      sessions: {
        primary_key: "id",
        attributes: { id: { type: "string" }, n: { type: "number" }, tags: { type: "array" } },
      },
    },
    workflows: { wf: {} },
  }, async (s) => {
    const posted = await s.ok<{ ts: string }>("chat.postMessage", {
      channel: s.channels.general,
      text: "seed",
    });
    const userToken = await s.userToken("alice");
    const methods = [...Object.keys(ALL_METHODS), "chat.nope", "apps.datastore"];
    const plausible = fc.constantFrom(
      s.channels.general!,
      s.channels.secret!,
      s.users.alice!,
      posted.ts,
      "sessions",
      "#general",
      "C0NOPE",
      "1.000001",
      '{"id":"a","n":1}',
      '[{"id":"b"}]',
      '{"version":1,"root":{"statement":"1 == 1"}}',
      '{"type":"modal","title":{"type":"plain_text","text":"T"},"blocks":[]}',
      "#/workflows/wf",
      "#n = :n",
      "null",
      "[]",
      "true",
      "-1",
      "1e309",
      "%ZZ",
      "\u0000",
    );
    const garbage = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const future = Math.floor(Date.now() / 1000) + 3600;
    const byType: Record<ArgType, fc.Arbitrary<unknown>> = {
      string: fc.oneof(plausible, fc.string({ maxLength: 12 })),
      boolean: fc.constantFrom(true, false, "true", "0", "yes"),
      number: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(future, "12", "x")),
      json: fc.oneof(
        fc.constantFrom(
          { id: "a", n: 1, tags: ["x"] },
          [{ id: "b" }, { id: "c", n: "wrong" }],
          ["a", "b"],
          { "#n": "n" },
          { ":n": 1 },
          ":n",
          { a: { value: 1 } },
          { event_type: "slack#/events/message_posted", channel_ids: ["C1"] },
          { type: "modal", title: { type: "plain_text", text: "T" }, blocks: [] },
          [{ type: "section", text: { type: "mrkdwn", text: "hi" } }],
          { event_type: "x", event_payload: { a: 1 } },
        ),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      csv: fc.oneof(
        fc.constantFrom(s.users.alice!, `${s.users.bob},${s.users.carol}`, s.botUserId, "U0NOPE"),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      ),
    };
    const value = fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: garbage, weight: 1 });
    const call = fc.constantFrom(...methods).chain((method) => {
      const declared = Object.entries(ALL_METHODS[method]?.args ?? {});
      return fc.record({
        method: fc.constant(method),
        // Mostly well-typed values of the method's own arguments, so calls reach the handlers.
        args: fc.record(
          Object.fromEntries(
            declared.map(([name, spec]) => [
              name,
              fc.oneof({ arbitrary: byType[spec.type], weight: 12 }, {
                arbitrary: garbage,
                weight: 1,
              }),
            ]),
          ),
          { requiredKeys: declared.filter(([, spec]) => spec.required).map(([name]) => name) },
        ),
        extra: fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 2 }),
        encoding: fc.constantFrom("form", "form", "json", "json", "raw"),
        raw: fc.string({ maxLength: 40 }),
        contentType: fc.constantFrom(
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "multipart/form-data; boundary=x",
        ),
        token: fc.constantFrom("bot", "bot", "bot", "user", "user", "none", "bogus"),
      });
    });
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const headers: Record<string, string> = {};
        if (c.token === "bot") headers.Authorization = `Bearer ${s.botToken}`;
        if (c.token === "user") headers.Authorization = `Bearer ${userToken}`;
        if (c.token === "bogus") headers.Authorization = "Bearer xoxb-bogus";
        const args: Record<string, unknown> = { ...c.extra, ...c.args };
        let body: string;
        if (c.encoding === "json") {
          headers["Content-Type"] = "application/json";
          body = JSON.stringify(args);
        } else if (c.encoding === "form") {
          headers["Content-Type"] = "application/x-www-form-urlencoded";
          const form = new URLSearchParams();
          for (const [k, v] of Object.entries(args)) {
            form.set(k, typeof v === "string" ? v : JSON.stringify(v));
          }
          body = form.toString();
        } else {
          headers["Content-Type"] = c.contentType;
          body = c.raw;
        }
        const res = await fetch(`${s.fake.apiUrl}${c.method}`, { method: "POST", headers, body });
        const text = await res.text();
        assert.ok(res.status === 200 || res.status === 429, `HTTP ${res.status}: ${text}`);
        const answer = JSON.parse(text);
        assert.equal(typeof answer.ok, "boolean", text);
        if (!answer.ok) {
          assert.equal(typeof answer.error, "string", text);
          assert.notEqual(answer.error, "internal_error", `${c.method} crashed on ${body}`);
        }
        if (res.status === 429) {
          assert.equal(answer.error, "ratelimited");
          assert.ok(Number(res.headers.get("retry-after")) >= 1);
        }
      }),
      { seed: 20_260_101, numRuns: 600 },
    );
    // The run only means something if calls got past the pipeline into the handlers.
    const pipeline = ["invalid_arguments", "not_authed", "invalid_auth", "invalid_json"];
    const reached = new Set(
      s.fake.calls().map((c) => c.error ?? "ok").filter((e) => !pipeline.includes(e)),
    );
    assert.ok(reached.has("ok") && reached.size >= 15, `handlers reached: ${[...reached]}`);
  });
});

Deno.test("startExecution() runs a function outside the engine: its token completes it, and execution() reads the outcome", async () => {
  await withSlack(
    { functions: { probe: { output_parameters: { required: ["n"] } } } },
    async (s) => {
      const { execution, token } = await s.fake.workspace.startExecution("probe", { a: 1 });
      assert.equal((await s.fake.workspace.records.execution(execution.id))?.status, "running");
      assert.deepEqual(execution.inputs, { a: 1 });
      await s.ok("functions.completeSuccess", {
        function_execution_id: execution.id,
        outputs: { n: 2 },
      }, { token });
      const done = await s.fake.workspace.records.execution(execution.id);
      assert.equal(done?.status, "completed");
      assert.deepEqual(done?.outputs, { n: 2 });
      await s.fails("auth.test", {}, "token_revoked", { token });
      await assert.rejects(
        () => s.fake.workspace.startExecution("nope", {}),
        /Cannot start "nope": the installed app has no such function/,
      );
    },
  );
});
