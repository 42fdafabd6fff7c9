/**
 * Crash right after the answer (issue 14): the sandbox, in a process of its own, answers a webhook
 * request 200 and is killed at once (SIGKILL: nothing runs after it). Started again on the same KV
 * file, it finds the run it stored before answering and finishes it: every event reaches Slack.
 * Not a browser test; it needs to run a process and write files (the e2e task's permissions).
 */
import assert from "node:assert/strict";
import { startSandbox } from "../sandbox/main.ts";
import type { WorkflowRun } from "../sandbox/engine/mod.ts";

const CHILD = new URL("./testdata/sandbox_child.ts", import.meta.url);
const IMPORT_MAP = new URL("../import_map.npm.json", import.meta.url);

Deno.test("a webhook request answered 200 survives a crash right after the answer", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sb-crash-" });
  const kvPath = `${dir}/sandbox.kv`;
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", `--import-map=${IMPORT_MAP.pathname}`, "-A", CHILD.pathname, kvPath],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let accepted: string[];
    try {
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let out = "";
      while (!out.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error("The sandbox process stopped before it was ready");
        out += value;
      }
      reader.releaseLock();
      const started = JSON.parse(out.slice(0, out.indexOf("\n"))) as {
        url: string;
        webhook: { url: string; secret: string };
      };
      const events = ["Ada", "Grace", "Hedy"].map((name, i) => ({
        id: `crash-${i}`,
        type: "attendee.registered",
        occurred_at: "2026-11-22T14:05:00Z",
        webinar: {
          id: "web_scaling",
          title: "Scaling Support Teams",
          reply_attribution: "sender",
          primary_moderator: { name: "Priya Natarajan", email: "priya@northwind.example" },
          moderators: [],
        },
        session: { id: "ses_crash", type: "live", starts_at: "2026-11-22T15:00:00Z" },
        attendee: { id: `att-crash-${i}`, name: `${name} Crash`, email: `${name}@crash.example` },
      }));
      accepted = events.map((e) => e.id);
      const res = await fetch(started.webhook.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ secret: started.webhook.secret, events }),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: true });
      child.kill("SIGKILL"); // at once: the run has not had time to deliver anything
    } finally {
      await child.status;
      await child.stdout.cancel().catch(() => undefined);
    }

    const again = await startSandbox({ port: 0, kvPath });
    try {
      const resumed = again.engine.runs.filter((r: WorkflowRun) => r.resumed_at !== undefined);
      assert.equal(resumed.length, 1, "the run stored before the answer is picked up again");
      assert.equal(resumed[0]!.workflow, "webinar_events_received");
      await again.settle();
      const channel = again.channels["webinar-attendees"]!;
      const shown = (await again.fake.workspace.topLevelMessages(channel)).map((m) => m.text).join(
        "\n",
      );
      for (const name of ["Ada Crash", "Grace Crash", "Hedy Crash"]) {
        assert.ok(shown.includes(name), `${name} arrived in #webinar-attendees`);
      }
      assert.equal(accepted.length, 3);
      const done = again.engine.runs.find((r) => r.id === resumed[0]!.id);
      assert.equal(done?.status, "completed", done?.error ?? "");
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
