import assert from "node:assert/strict";
import type { Execution } from "../model.ts";
import { type TestSlack, type TestSlackOptions, withSlack } from "../test_helpers.ts";

const APP: TestSlackOptions = {
  functions: {
    post_session: {
      output_parameters: {
        properties: { message_ts: { type: "string" }, note: { type: "string" } },
        required: ["message_ts"],
      },
    },
  },
};

/** A running execution as the engine records it, with a workflow token minted for it. */
async function startExecution(s: TestSlack): Promise<{ id: string; token: string }> {
  const id = `Fx${crypto.randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase()}`;
  const execution: Execution = {
    id,
    function_callback_id: "post_session",
    inputs: {},
    status: "running",
    started_at: s.fake.clock.now(),
  };
  await s.fake.workspace.records.setExecution(execution);
  return { id, token: await s.fake.workspace.mintWorkflowToken(id) };
}

Deno.test("functions.completeSuccess() completes a running execution with its outputs", async () => {
  await withSlack(APP, async (s) => {
    const { id, token } = await startExecution(s);
    const completed = new Promise<unknown>((resolve) =>
      s.fake.workspace.on("execution_completed", resolve)
    );
    await s.ok("functions.completeSuccess", {
      function_execution_id: id,
      outputs: { message_ts: "1700000000.000100" },
    }, { token });
    assert.deepEqual(await completed, {
      execution_id: id,
      outputs: { message_ts: "1700000000.000100" },
    });
    const stored = await s.fake.workspace.records.execution(id);
    assert.equal(stored?.status, "completed");
  });
});

Deno.test("functions.completeSuccess() answers function_execution_not_found for an unknown execution", async () => {
  await withSlack(APP, async (s) => {
    await s.fails("functions.completeSuccess", {
      function_execution_id: "Fx0NOPE",
      outputs: {},
    }, "function_execution_not_found");
  });
});

Deno.test("functions.completeSuccess() answers execution_not_in_running_state the second time", async () => {
  await withSlack(APP, async (s) => {
    const { id, token } = await startExecution(s);
    const done = { function_execution_id: id, outputs: { message_ts: "1.000001" } };
    await s.ok("functions.completeSuccess", done, { token });
    await s.fails("functions.completeSuccess", done, "execution_not_in_running_state");
    await s.fails("functions.completeError", {
      function_execution_id: id,
      error: "late",
    }, "execution_not_in_running_state");
  });
});

Deno.test("functions.completeSuccess() answers parameter_validation_failed when a required output is missing", async () => {
  await withSlack(APP, async (s) => {
    const { id, token } = await startExecution(s);
    const body = await s.fails(
      "functions.completeSuccess",
      {
        function_execution_id: id,
        outputs: { note: "forgot the ts" },
      },
      "parameter_validation_failed",
      { token },
    );
    assert.deepEqual(body.errors, [{
      code: "missing_required_field",
      message: 'required output "message_ts" is missing',
      pointer: "/outputs/message_ts",
    }]);
    // The execution is still running and can complete properly.
    await s.ok("functions.completeSuccess", {
      function_execution_id: id,
      outputs: { message_ts: "1.000001" },
    }, { token });
  });
});

Deno.test("functions.completeError() fails the execution with its message", async () => {
  await withSlack(APP, async (s) => {
    const { id, token } = await startExecution(s);
    await s.ok("functions.completeError", {
      function_execution_id: id,
      error: "The webinar platform is down",
    }, { token });
    const stored = await s.fake.workspace.records.execution(id);
    assert.equal(stored?.status, "failed");
    assert.equal(stored?.error, "The webinar platform is down");
  });
});

Deno.test("an execution's tokens answer token_revoked once it completes", async () => {
  await withSlack(APP, async (s) => {
    const { id, token } = await startExecution(s);
    const second = await s.fake.workspace.mintWorkflowToken(id);
    const other = await startExecution(s);
    await s.ok("auth.test", {}, { token });
    await s.ok("functions.completeSuccess", {
      function_execution_id: id,
      outputs: { message_ts: "1.000001" },
    }, { token });
    await s.fails("auth.test", {}, "token_revoked", { token });
    await s.fails(
      "chat.postMessage",
      {
        channel: s.channels.general,
        text: "too late",
      },
      "token_revoked",
      { token: second },
    );
    await s.ok("auth.test", {}, { token: other.token });
  });
});

Deno.test("a workflow token answers token_expired after 15 minutes", async () => {
  await withSlack(APP, async (s) => {
    const { token } = await startExecution(s);
    s.fake.clock.advance(15 * 60_000 + 1);
    await s.fails("auth.test", {}, "token_expired", { token });
  });
});
