/** The plain default export of the functions without interactivity, against the fake Slack. */
import assert from "node:assert/strict";
import { startHarness } from "../testing/harness.ts";
import type { DrainOutboxFunction } from "../functions/drain_outbox/definition.ts";
import { mainHandler } from "./main_handler.ts";

const MANIFEST = new URL("../manifest.ts", import.meta.url);

/** A handler that asks Slack who its token is, and echoes its input. */
const whoAmI = mainHandler<typeof DrainOutboxFunction>(async ({ inputs, client }) => {
  const res = await client.apiCall("auth.test", {});
  return {
    outputs: { status: `${res.ok ? res.user_id : res.error}:${inputs.reason}`, delivered: 1 },
  };
});

type RuntimeContext = Parameters<typeof whoAmI>[0];

/** What the runtime passes; `event` (the raw invocation) is not read by these handlers. */
function runtimeContext(token: string, env: Record<string, string>): RuntimeContext {
  const event = {} as RuntimeContext["event"];
  return { inputs: { reason: "probe" }, env, token, team_id: "T1", enterprise_id: "", event };
}

Deno.test("mainHandler(): the client calls SLACK_API_URL with the invocation's token", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const app = h.fake.workspace.requireApp();
    const env = { SLACK_API_URL: h.fake.apiUrl };
    const ok = await whoAmI(runtimeContext(app.bot_token, env));
    assert.deepEqual(ok, { outputs: { status: `${app.bot_user_id}:probe`, delivered: 1 } });
    // Another token is another caller: the client does not hold on to a token of its own.
    const refused = await whoAmI(runtimeContext("xoxb-not-a-token", env));
    assert.deepEqual(refused, { outputs: { status: "invalid_auth:probe", delivered: 1 } });
  } finally {
    await h.close();
  }
});

Deno.test("mainHandler(): without SLACK_API_URL the client calls slack.com", async () => {
  // Tests may reach 127.0.0.1 only, so the call to Slack's real host is refused, by name.
  await assert.rejects(
    () => whoAmI(runtimeContext("xoxb-x", {})),
    (err: Error) => {
      // Deno's fetch names the host in its error; the npm build's (undici) in the error's cause.
      const said = `${err} ${err.cause ?? ""}`;
      assert.match(said, /slack\.com/);
      return true;
    },
  );
});
