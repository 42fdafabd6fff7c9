/** Reading back what the fake Slack holds, for end-to-end assertions. */
import type { Channel, Message } from "../sandbox/fake_slack/mod.ts";
import type { Harness } from "./harness.ts";

export async function history(h: Harness, channel: string): Promise<Message[]> {
  const res = await h.api("conversations.history", {
    channel,
    limit: 999,
    include_all_metadata: true,
  }, await adminToken(h));
  if (!res.ok) throw new Error(`conversations.history: ${res.error}`);
  return (res.messages as Message[]).reverse();
}

export async function replies(h: Harness, channel: string, ts: string): Promise<Message[]> {
  const res = await h.api(
    "conversations.replies",
    { channel, ts, include_all_metadata: true },
    await adminToken(h),
  );
  if (!res.ok) throw new Error(`conversations.replies: ${res.error}`);
  return (res.messages as Message[]).slice(1);
}

/** Reads as the sandbox developer (a workspace admin who can see every channel it joins). */
async function adminToken(h: Harness): Promise<string> {
  const dev = (await h.fake.workspace.listUsers()).find((u) => u.name === "sandbox-developer")!;
  for (const c of await h.fake.workspace.records.channels()) {
    if (!c.members.includes(dev.id) && !c.is_im) {
      c.members.push(dev.id);
      await h.fake.workspace.putChannel(c);
    }
  }
  return await h.fake.workspace.userToken(dev.id);
}

/** The names of every channel in the workspace, sorted. */
export async function channelNames(h: Harness): Promise<string[]> {
  return (await h.fake.workspace.records.channels()).map((c) => c.name).sort();
}

export async function channelNamed(h: Harness, name: string): Promise<Channel | null> {
  return await h.fake.workspace.channelByName(name);
}

export async function activity(h: Harness): Promise<Array<Record<string, unknown>>> {
  return await h.fake.workspace.datastores.items("activity_log");
}

export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits until a datastore read is sure to see what was written just before: the fake, like Slack,
 * does not promise read-your-writes (its stale-read window, on its clock).
 */
export async function waitPastStaleReads(h: Pick<Harness, "fake">): Promise<void> {
  const ms = h.fake.clock.realMs(h.fake.workspace.datastores.staleReadMs) + 5;
  await new Promise((r) => setTimeout(r, ms));
}
