import assert from "node:assert/strict";
import type { KnownBlock } from "@slack/types";
import { messageProblems } from "../../testing/slack_limits.ts";
import { withSlack } from "../../sandbox/fake_slack/mod.ts";
import { longText } from "../../testing/webinar_fixtures.ts";
import type { SlackMessage } from "../intents.ts";
import { BLOCK_TEXT_MAX } from "../text.ts";
import { type AttendeeEvent, parseWebinarEvent } from "./event.ts";
import { LABELS_MAX, MESSAGE_TEXT_MAX, renderParent, renderThreadMessages } from "./messages.ts";

const base = {
  id: "e1",
  occurred_at: "2026-11-22T15:04:10Z",
  webinar: {
    id: "w1",
    title: "Scaling Support Teams",
    reply_attribution: "sender",
    primary_moderator: { name: "Pat", email: "pat@example.com" },
    moderators: [],
  },
  session: { id: "s1", type: "live", starts_at: "2026-11-22T15:00:00Z" },
  attendee: { id: "a1", name: "Ada <Lovelace> & co", email: "ada@example.org" },
};

function chatEvent(text: string): AttendeeEvent {
  const parsed = parseWebinarEvent({
    ...base,
    type: "attendee.chat_message",
    message: { id: "m1", text },
  });
  assert.equal(parsed.kind, "valid", JSON.stringify(parsed));
  if (parsed.kind !== "valid" || parsed.event.type === "reply.delivery_result") throw new Error();
  return parsed.event;
}

type Rich = { type: string; elements?: Rich[]; text?: string };

/** The quoted text of a message: its rich_text_quote text elements, in order. */
function quotedText(m: SlackMessage): string[] {
  const out: string[] = [];
  for (const block of m.blocks as unknown as Rich[]) {
    for (const el of block.elements ?? []) {
      if (el.type !== "rich_text_quote") continue;
      for (const t of el.elements ?? []) out.push(t.text ?? "");
    }
  }
  return out;
}

function headings(parts: SlackMessage[]): string[] {
  return parts.map((m) => {
    const section = ((m.blocks[0] as unknown as Rich).elements ?? [])[0]!;
    return (section.elements ?? []).map((e) => e.text ?? "").join("");
  });
}

function assertWithinLimits(parts: SlackMessage[]): void {
  for (const [i, m] of parts.entries()) {
    assert.deepEqual(messageProblems(m), [], `part ${i + 1}`);
    assert.ok(m.text.length <= 3000, `part ${i + 1}: a ${m.text.length}-unit fallback`);
    for (const chunk of quotedText(m)) assert.ok(chunk.length <= BLOCK_TEXT_MAX);
  }
}

Deno.test("a 10,000-character chat message renders whole, within Slack's limits, and the fake Slack takes it", async () => {
  const original = longText(10_000);
  assert.equal([...original].length, 10_000);
  assert.ok(original.length > 10_000, "emoji make it longer in UTF-16 units");
  const parts = renderThreadMessages(chatEvent(original), "en", false);
  assert.equal(parts.map(quotedText).flat().join(""), original, "nothing cut, nothing added");
  assertWithinLimits(parts);
  assert.equal(parts.length, 2, `${original.length} units need two messages`);
  assert.deepEqual(headings(parts).map((h) => h.replace(/ · $/, "")), [
    "💬 Chat message (1/2)",
    "💬 Chat message (2/2)",
  ]);
  // The fallback is a preview: escaped, inert, within 3,000 units.
  assert.ok(!/<|>|&(?!amp;|lt;|gt;)/.test(parts[0]!.text), parts[0]!.text.slice(0, 80));
  assert.ok(parts[0]!.text.startsWith("Ada &lt;Lovelace&gt; &amp; co: Bonjour"));

  await withSlack({}, async (s) => {
    const parent = await s.ok<{ ts: string }>("chat.postMessage", {
      channel: s.channels.general,
      text: "parent",
    });
    for (const m of parts) {
      await s.ok("chat.postMessage", {
        channel: s.channels.general,
        thread_ts: parent.ts,
        text: m.text,
        blocks: m.blocks,
      });
    }
  });
});

Deno.test("a chat message of 10,000 ordinary characters stays one message", () => {
  const original = longText(10_000, ["Bonjour à tous, ", "une question & un <doute>. ", "\n"]);
  assert.equal(original.length, 10_000);
  const parts = renderThreadMessages(chatEvent(original), "fr", false);
  assert.equal(parts.length, 1);
  assert.equal(quotedText(parts[0]!).join(""), original);
  assert.ok(quotedText(parts[0]!).length >= 4, "in elements of at most 3,000 units");
  assertWithinLimits(parts);
  assert.equal(headings(parts)[0]!.replace(/ · $/, ""), "💬 Message de chat");
});

Deno.test("10,000 emoji (20,000 UTF-16 units) arrive whole over two messages within the limits", () => {
  const original = "😀".repeat(10_000);
  const parts = renderThreadMessages(chatEvent(original), "en", false);
  assert.equal(parts.map(quotedText).flat().join(""), original);
  assert.equal(parts.length, 2);
  assertWithinLimits(parts);
});

Deno.test("a 5,000-character question answered whole under its title", () => {
  const response = longText(5_000);
  const parsed = parseWebinarEvent({
    ...base,
    type: "attendee.interaction_response",
    interaction: { id: "q1", kind: "question", title: "Vos questions ?", response },
  });
  assert.equal(parsed.kind, "valid");
  if (parsed.kind !== "valid" || parsed.event.type === "reply.delivery_result") return;
  const parts = renderThreadMessages(parsed.event, "en", false);
  assert.equal(parts.length, 1);
  assert.equal(quotedText(parts[0]!).join(""), response);
  assert.match(headings(parts)[0]!, /^📊 Question: Vos questions \? · $/);
  assertWithinLimits(parts);
});

Deno.test("MESSAGE_TEXT_MAX stays well under the ~13,000 units where Slack answers msg_blocks_too_long", () => {
  assert.ok(MESSAGE_TEXT_MAX <= 10_500);
  const blocks: KnownBlock[] = renderThreadMessages(chatEvent("a".repeat(10_000)), "en", false)
    .flatMap((m) => m.blocks);
  assert.equal(blocks.length, 1, "one rich_text block");
});

function registration(sessionType: string): AttendeeEvent {
  const parsed = parseWebinarEvent({
    ...base,
    type: "attendee.registered",
    session: { ...base.session, type: sessionType },
  });
  if (parsed.kind !== "valid" || parsed.event.type === "reply.delivery_result") throw new Error();
  return parsed.event;
}

/** The parent's details, as read: label and value per line. */
function details(m: SlackMessage): string {
  const rich = m.blocks.find((b) => b.type === "rich_text") as unknown as Rich;
  return (rich.elements?.[0]?.elements ?? []).map((e) => e.text ?? "<date>").join("");
}

Deno.test("renderParent() names known session types in the channel's language, others as sent", () => {
  assert.match(
    details(renderParent(registration("on_demand"), "fr")),
    /Type de session\u202F: À la demande\n/,
  );
  assert.match(details(renderParent(registration("On-Demand"), "en")), /Session type: On demand\n/);
  assert.match(
    details(renderParent(registration("live"), "fr")),
    /Type de session\u202F: En direct\n/,
  );
  assert.match(details(renderParent(registration("replay"), "en")), /Session type: Replay\n/);
  assert.match(
    details(renderParent(registration("evergreen_vip"), "fr")),
    /Type de session\u202F: evergreen_vip\n/,
  );
  assert.match(
    details(renderParent(registration("constructor"), "en")),
    /Session type: constructor\n/,
  );
  const fr = details(renderParent(registration("live"), "fr"));
  assert.match(fr, /^E-mail\u202F: ada@example\.org\nWebinaire\u202F: /);
  assert.doesNotMatch(fr, / :|\S:/u, "French labels: a narrow no-break space before every colon");
});

Deno.test("an interaction response is headed in the channel's language with French typography", () => {
  const parsed = parseWebinarEvent({
    ...base,
    type: "attendee.interaction_response",
    interaction: { id: "p1", kind: "poll", title: "Taille de l’équipe ?", response: "10 à 50" },
  });
  if (parsed.kind !== "valid" || parsed.event.type === "reply.delivery_result") throw new Error();
  const [m] = renderThreadMessages(parsed.event, "fr", false);
  assert.match(headings([m!])[0]!, /^📊 Sondage\u202F: Taille de l’équipe \? · $/);
  assert.match(
    m!.text,
    /^Réponse de Ada &lt;Lovelace&gt; &amp; co \(sondage\) «\u202FTaille de l’équipe \?\u202F»\u202F: 10 à 50$/,
  );
});

Deno.test("a long message is split the same way in either language, its labels within LABELS_MAX", () => {
  const text = "😀".repeat(10_000);
  const en = renderThreadMessages(chatEvent(text), "en", false);
  const fr = renderThreadMessages(chatEvent(text), "fr", false);
  assert.deepEqual(en.map(quotedText), fr.map(quotedText), "the same parts, whatever the language");
  const parsed = parseWebinarEvent({
    ...base,
    type: "attendee.interaction_response",
    interaction: {
      id: "h1",
      kind: "handout",
      title: "🎓".repeat(500),
      response: "😀".repeat(5_000),
    },
  });
  if (parsed.kind !== "valid" || parsed.event.type === "reply.delivery_result") throw new Error();
  for (const locale of ["en", "fr"] as const) {
    const parts = renderThreadMessages(parsed.event, locale, false);
    assert.equal(parts.map(quotedText).flat().join(""), "😀".repeat(5_000));
    assertWithinLimits(parts);
    assert.equal(parts.length, 2);
    for (const heading of headings(parts)) {
      const labels = heading.replace("🎓".repeat(500), "");
      assert.ok(labels.length <= LABELS_MAX, `${labels.length} units of labels: ${labels}`);
    }
  }
});
