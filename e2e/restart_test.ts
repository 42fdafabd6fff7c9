/**
 * The sandbox keeps its state in its KV file across restarts (not a browser test: it needs to
 * write files, which the unit-test permissions do not allow): the workspace is seeded and the
 * triggers are created once, the simulators and the clock come back, and --reset starts afresh.
 */
import assert from "node:assert/strict";
import { startSandbox } from "../sandbox/main.ts";

Deno.test("sandbox: a restart finds the workspace, triggers, simulators and clock again; reset starts afresh", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sb-restart-" });
  const kvPath = `${dir}/sandbox.kv`;
  try {
    const first = await startSandbox({ port: 0, kvPath });
    let triggerIds: string[];
    let users: Record<string, string>;
    try {
      assert.equal(first.seeded, true);
      users = first.users;
      first.webinar.registerAttendee({
        webinar_id: "web_scaling",
        name: "Ada",
        email: "ada@a.example",
      });
      first.learning.assign("lrn_liam", "ses_listening");
      await first.settle();
      // Ours, and the ones the app created itself (reply listener, drain hand-over).
      triggerIds = (await first.engine.triggers()).map((t) => t.id).sort();
      first.fake.clock.advance(2 * 3_600_000);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await first.close();
    }

    const second = await startSandbox({ port: 0, kvPath });
    try {
      assert.equal(second.seeded, false, "seeded only on first start");
      assert.deepEqual(second.users.amelie, users.amelie);
      assert.deepEqual(
        (await second.engine.triggers()).map((t) => t.id).sort(),
        triggerIds,
        "no new triggers",
      );
      assert.equal([...second.webinar.attendees.values()][0]?.name, "Ada");
      assert.deepEqual(second.learning.enrolled("ses_listening").map((l) => l.id), ["lrn_liam"]);
      assert.ok(second.fake.clock.offsetMs >= 2 * 3_600_000, "the clock stays ahead");
      const parents = await second.fake.workspace.topLevelMessages(
        second.channels["webinar-attendees"]!,
      );
      assert.equal(parents.length, 1, "Slack's messages are still there");
      const hook = await second.webhook("webinar");
      assert.ok(hook?.url.startsWith(second.url), "trigger URLs follow the new port");
    } finally {
      await second.close();
    }

    const fresh = await startSandbox({ port: 0, kvPath, reset: true });
    try {
      assert.equal(fresh.seeded, true);
      assert.equal(fresh.webinar.attendees.size, 0);
      assert.equal(fresh.fake.clock.offsetMs, 0);
    } finally {
      await fresh.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
