import assert from "node:assert/strict";
import { checkBlocks, checkView } from "./blocks.ts";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: { type: "plain_text", text },
  ...extra,
});

Deno.test("checkBlocks() accepts the blocks Session Bridge posts", () => {
  assert.deepEqual(
    checkBlocks([
      { type: "header", text: { type: "plain_text", text: "Webinar" } },
      section("*Intro* <!date^1767225600^{date_short_pretty}|2026-01-01>"),
      { type: "divider" },
      { type: "context", elements: [{ type: "mrkdwn", text: "Hosted by <@U1>" }] },
      {
        type: "actions",
        elements: [button("Join", { url: "https://example.com/j", style: "primary" })],
      },
    ], "message"),
    [],
  );
});

Deno.test("checkBlocks() enforces 50 blocks per message and 100 per modal", () => {
  const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
  assert.deepEqual(checkBlocks(blocks, "message"), [
    "must have at most 50 items [json-pointer:/blocks]",
  ]);
  assert.deepEqual(checkBlocks(blocks, "modal"), []);
});

Deno.test("checkBlocks() enforces text limits: header 150, section 3,000, button 75", () => {
  assert.deepEqual(
    checkBlocks([
      { type: "header", text: { type: "plain_text", text: "h".repeat(151) } },
      section("s".repeat(3_001)),
      { type: "actions", elements: [button("b".repeat(76))] },
    ], "message"),
    [
      "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
      "must be less than 3001 characters [json-pointer:/blocks/1/text/text]",
      "must be less than 76 characters [json-pointer:/blocks/2/elements/0/text/text]",
    ],
  );
});

Deno.test("checkBlocks() rejects duplicate block_ids, input blocks in messages and unknown types", () => {
  assert.deepEqual(
    checkBlocks([
      { ...section("a"), block_id: "x" },
      { ...section("b"), block_id: "x" },
      {
        type: "input",
        label: { type: "plain_text", text: "L" },
        element: { type: "plain_text_input" },
      },
      { type: "carousel" },
    ], "message"),
    [
      "must be unique [json-pointer:/blocks/1/block_id]",
      "input blocks are only allowed in modals [json-pointer:/blocks/2/type]",
      'unknown block type "carousel" [json-pointer:/blocks/3/type]',
    ],
  );
});

Deno.test("checkBlocks() limits actions to 25 elements and checks button URLs", () => {
  const many = Array.from({ length: 26 }, (_, i) => button(`b${i}`));
  assert.deepEqual(checkBlocks([{ type: "actions", elements: many }], "message"), [
    "must have 1 to 25 elements [json-pointer:/blocks/0/elements]",
  ]);
  assert.deepEqual(
    checkBlocks([{ type: "actions", elements: [button("x", { url: "javascript:x" })] }], "message"),
    ["must be an http or https URL [json-pointer:/blocks/0/elements/0/url]"],
  );
});

Deno.test("checkView() wants a modal with a short plain_text title", () => {
  assert.deepEqual(
    checkView({
      type: "home",
      title: { type: "mrkdwn", text: "Settings" },
      blocks: [],
    }),
    [
      "must be modal [json-pointer:/view/type]",
      "must be plain_text [json-pointer:/view/title/type]",
    ],
  );
  assert.deepEqual(checkView("nope"), ["view must be an object [json-pointer:/view]"]);
});
