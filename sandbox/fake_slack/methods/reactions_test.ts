import assert from "node:assert/strict";
import { type TestSlack, withSlack } from "../test_helpers.ts";

type Reactions = {
  message: { reactions?: Array<{ name: string; users: string[]; count: number }> };
};

async function posted(s: TestSlack): Promise<{ channel: string; timestamp: string }> {
  const body = await s.ok<{ ts: string }>("chat.postMessage", {
    channel: s.channels.general,
    text: "react to me",
  });
  return { channel: s.channels.general!, timestamp: body.ts };
}

Deno.test("reactions.add() adds a reaction that reactions.get() then lists", async () => {
  await withSlack({}, async (s) => {
    const item = await posted(s);
    await s.ok("reactions.add", { ...item, name: ":tada:" });
    await s.ok("reactions.add", { ...item, name: "tada" }, { token: await s.userToken("alice") });
    const body = await s.ok<Reactions>("reactions.get", item);
    assert.deepEqual(body.message.reactions, [{
      name: "tada",
      users: [s.botUserId, s.users.alice],
      count: 2,
    }]);
  });
});

Deno.test("reactions.add() answers already_reacted for the same emoji twice", async () => {
  await withSlack({}, async (s) => {
    const item = await posted(s);
    await s.ok("reactions.add", { ...item, name: "eyes" });
    await s.fails("reactions.add", { ...item, name: "eyes" }, "already_reacted");
  });
});

Deno.test("reactions.remove() removes the caller's reaction and answers no_reaction after", async () => {
  await withSlack({}, async (s) => {
    const item = await posted(s);
    await s.ok("reactions.add", { ...item, name: "eyes" });
    await s.ok("reactions.remove", { ...item, name: "eyes" });
    const body = await s.ok<Reactions>("reactions.get", item);
    assert.deepEqual(body.message.reactions ?? [], []);
    await s.fails("reactions.remove", { ...item, name: "eyes" }, "no_reaction");
  });
});

Deno.test("reactions.add() answers no_item_specified, bad_timestamp, message_not_found and invalid_name", async () => {
  await withSlack({}, async (s) => {
    const item = await posted(s);
    await s.fails("reactions.add", { name: "eyes" }, "no_item_specified");
    await s.fails("reactions.add", { ...item, timestamp: "now", name: "eyes" }, "bad_timestamp");
    await s.fails(
      "reactions.add",
      { ...item, timestamp: "1700000000.000001", name: "eyes" },
      "message_not_found",
    );
    await s.fails("reactions.add", { ...item, name: "Not An Emoji" }, "invalid_name");
  });
});

Deno.test("reactions.add() answers is_archived in an archived channel", async () => {
  await withSlack({}, async (s) => {
    const item = await posted(s);
    const channel = (await s.fake.workspace.getChannel(item.channel))!;
    await s.fake.workspace.putChannel({ ...channel, is_archived: true });
    await s.fails("reactions.add", { ...item, name: "eyes" }, "is_archived");
  });
});
