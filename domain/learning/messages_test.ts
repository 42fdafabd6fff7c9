import assert from "node:assert/strict";
import type { KnownBlock } from "@slack/types";
import { graphemeLength, graphemes } from "../text.ts";
import { type LearningEvent, parseLearningEvent } from "./event.ts";
import {
  BLOCKS,
  coverImageUrl,
  cutDescription,
  hasImages,
  isSvgUrl,
  MANAGE_NOTIFICATIONS_ACTION,
  OPEN_SESSION_ACTION,
  renderLearningMessage,
  type RenderOptions,
  senderOf,
} from "./messages.ts";

function event(patch: Record<string, unknown> = {}, session: Record<string, unknown> = {}) {
  const parsed = parseLearningEvent({
    id: "lrn_1",
    type: "session_assignment",
    learner: { email: "lea@example.com" },
    notification: { title: "You are invited to “Negotiation basics”" },
    session: {
      title: "Negotiation basics",
      description: "Learn to prepare, open and close a negotiation.",
      url: "https://learning.example/sessions/s_1",
      starts_at: "2026-12-01T09:00:00Z",
      ends_at: "2026-12-01T11:30:00Z",
      cover_image: { url: "https://learning.example/covers/s_1.jpg", is_default: false },
      ...session,
    },
    group: { name: "Acme Academy", logo_url: "https://learning.example/logo.png" },
    ...patch,
  });
  if (parsed.kind !== "valid") throw new Error(`fixture is not valid: ${JSON.stringify(parsed)}`);
  return parsed.event;
}

const EN: RenderOptions = {
  locale: "en",
  preferencesUrl: "https://slack.com/shortcuts/Ft1/abc",
  identity: "sender",
  images: true,
};

const find = (blocks: KnownBlock[], id: string) => blocks.find((b) => b.block_id === id);

function texts(block: KnownBlock | undefined): string[] {
  if (block?.type !== "rich_text") return [];
  return block.elements.flatMap((s) =>
    "elements" in s
      ? s.elements.flatMap((e) => "text" in e && typeof e.text === "string" ? [e.text] : [])
      : []
  );
}

/** Text of exactly `n` graphemes made of short words. */
function words(n: number): string {
  let s = "";
  for (let i = 0; s.length < n; i++) s += i % 5 === 4 ? " " : "abcd"[i % 5];
  return s.slice(0, n - 1) + "z";
}

/** The kept part never ends inside a word of the original (or it is a single overlong word). */
function endsOnWord(original: string, kept: string): boolean {
  const rest = original.slice(kept.length);
  return rest.length === 0 || /^[\s,;:]/.test(rest) || !/\s/.test(original.slice(0, 200));
}

Deno.test("cutDescription() keeps 199 and 200 characters unchanged", () => {
  for (const n of [199, 200]) {
    const text = words(n);
    assert.equal(graphemeLength(text), n);
    assert.deepEqual(cutDescription(text), { text, cut: false });
  }
});

Deno.test("cutDescription() cuts 201 characters and more at a word, marked with an ellipsis", () => {
  for (const n of [201, 202, 250, 1000]) {
    const text = words(n);
    const { text: out, cut } = cutDescription(text);
    assert.equal(cut, true);
    assert.ok(out.endsWith("…"), out);
    assert.ok(graphemeLength(out) <= 200, `${graphemeLength(out)} graphemes`);
    const kept = out.slice(0, -1);
    assert.ok(text.startsWith(kept), "the kept text is the start of the description");
    assert.ok(endsOnWord(text, kept), `"${kept.slice(-12)}" ends inside a word`);
    assert.ok(graphemeLength(kept) >= 190, "no more than a word is dropped");
  }
});

Deno.test("cutDescription() never splits an emoji or an accented letter at the cut", () => {
  const family = "👩‍👩‍👧‍👦";
  const accented = "e\u0301"; // "é" as e + combining acute accent
  for (const unit of [family, accented, "🇫🇷", "é"]) {
    // One overlong "word": the cut has to fall inside it, but never inside a character.
    const text = unit.repeat(260);
    const out = cutDescription(text);
    assert.equal(out.cut, true);
    assert.equal(out.text, `${unit.repeat(199)}…`);
  }
  // The 200th and 201st characters are an emoji and an accented letter inside a word.
  const prose = `${words(190)} abcd${family}${accented}fgh ijkl`;
  assert.ok(graphemeLength(prose) > 200);
  const out = cutDescription(prose);
  const kept = out.text.slice(0, -1);
  assert.ok(prose.startsWith(kept));
  assert.ok(!kept.includes("\u200d") && !kept.endsWith("e"), "nothing of the cut word remains");
  for (const g of graphemes(out.text)) assert.notEqual(g, "\u0301");
});

Deno.test("cutDescription() cuts exactly where a word ends at the limit", () => {
  const text = `${"abcd ".repeat(39)}abc defgh`; // 195 + 3 = 198 graphemes, then " defgh"
  const out = cutDescription(text);
  assert.equal(out.text, `${"abcd ".repeat(39)}abc…`);
  assert.equal(cutDescription(`  ${words(200)}  `).cut, false, "surrounding blanks do not count");
});

Deno.test("isSvgUrl() recognises SVG files whatever the case, query string or fragment", () => {
  for (
    const url of [
      "https://cdn.example/c.svg",
      "https://cdn.example/c.SVG?x=1",
      "https://cdn.example/c.Svg#top",
      "https://cdn.example/c.svgz",
      "https://cdn.example/c%2Esvg",
    ]
  ) assert.equal(isSvgUrl(url), true, url);
  for (const url of ["https://cdn.example/c.png", "https://cdn.example/svg/c.jpg?f=.svg"]) {
    assert.equal(isSvgUrl(url), false, url);
  }
});

Deno.test("coverImageUrl() drops the default image, SVGs and unsafe URLs", () => {
  assert.equal(
    coverImageUrl({ url: "https://cdn.example/c.jpg", is_default: false }),
    "https://cdn.example/c.jpg",
  );
  assert.equal(coverImageUrl({ url: "https://cdn.example/c.jpg", is_default: true }), null);
  assert.equal(coverImageUrl({ url: "https://cdn.example/c.SVG?x=1", is_default: false }), null);
  assert.equal(coverImageUrl({ url: "javascript:alert(1)", is_default: false }), null);
  assert.equal(coverImageUrl(undefined), null);
});

Deno.test("renderLearningMessage() has every element of the anatomy, in order", () => {
  const m = renderLearningMessage(event(), EN);
  assert.deepEqual(m.blocks.map((b) => b.block_id), [
    BLOCKS.title,
    BLOCKS.session,
    BLOCKS.cover,
    BLOCKS.dates,
    BLOCKS.actions,
  ]);
  const title = find(m.blocks, BLOCKS.title);
  assert.equal(
    title?.type === "header" && title.text.text,
    "You are invited to “Negotiation basics”",
  );
  assert.deepEqual(texts(find(m.blocks, BLOCKS.session)), [
    "Negotiation basics",
    "\n",
    "Learn to prepare, open and close a negotiation.",
  ]);
  const cover = find(m.blocks, BLOCKS.cover);
  assert.equal(
    cover?.type === "image" && "image_url" in cover && cover.image_url,
    "https://learning.example/covers/s_1.jpg",
  );
  const dates = find(m.blocks, BLOCKS.dates);
  const tokens = dates?.type === "rich_text" && "elements" in dates.elements[0]!
    ? dates.elements[0].elements.filter((e) => e.type === "date")
    : [];
  assert.deepEqual(
    tokens.map((d) => d.type === "date" ? [d.timestamp, d.fallback] : []),
    [
      [Date.parse("2026-12-01T09:00:00Z") / 1000, "2026-12-01 09:00 UTC"],
      [Date.parse("2026-12-01T11:30:00Z") / 1000, "2026-12-01 11:30 UTC"],
    ],
  );
  const actions = find(m.blocks, BLOCKS.actions);
  assert.deepEqual(
    actions?.type === "actions"
      ? actions.elements.map((e) => e.type === "button" ? [e.action_id, e.text.text, e.url] : [])
      : [],
    [
      [OPEN_SESSION_ACTION, "Open session", "https://learning.example/sessions/s_1"],
      [MANAGE_NOTIFICATIONS_ACTION, "Manage notifications", "https://slack.com/shortcuts/Ft1/abc"],
    ],
  );
  assert.equal(m.text, "You are invited to “Negotiation basics”: Negotiation basics");
});

Deno.test("renderLearningMessage() writes French for a French learner", () => {
  const m = renderLearningMessage(event(), { ...EN, locale: "fr" });
  const actions = find(m.blocks, BLOCKS.actions);
  assert.deepEqual(
    actions?.type === "actions"
      ? actions.elements.map((e) => e.type === "button" ? e.text.text : "")
      : [],
    ["Ouvrir la session", "Gérer les notifications"],
  );
  assert.deepEqual(texts(find(m.blocks, BLOCKS.dates)).filter((t) => t.trim()), [
    "Début\u202F: ",
    "Fin\u202F: ",
  ]);
  assert.equal(m.text, "You are invited to “Negotiation basics”\u202F: Negotiation basics");
});

Deno.test("renderLearningMessage() shows no image for a default or SVG cover", () => {
  for (
    const cover of [
      { url: "https://cdn.example/c.svg", is_default: false },
      { url: "https://cdn.example/c.SVG?x=1", is_default: false },
      { url: "https://cdn.example/c.jpg", is_default: true },
    ]
  ) {
    const m = renderLearningMessage(event({}, { cover_image: cover }), EN);
    assert.equal(find(m.blocks, BLOCKS.cover), undefined, cover.url);
    assert.equal(hasImages(m), false);
  }
});

Deno.test("renderLearningMessage() keeps outside text literal and the fallback escaped", () => {
  const hostile = "<!channel> *bold* <https://evil.example|click> & more";
  const m = renderLearningMessage(
    event({ notification: { title: hostile }, group: { name: "<!here> Group" } }, {
      title: hostile,
      description: hostile,
    }),
    { ...EN, identity: "inline" },
  );
  assert.equal(m.text.includes("<"), false);
  assert.ok(m.text.startsWith("&lt;!channel&gt; *bold* &lt;https://evil.example|click&gt; &amp;"));
  const json = JSON.stringify(m.blocks);
  assert.equal(json.includes('"mrkdwn"'), false, "no mrkdwn text object anywhere");
  assert.deepEqual(texts(find(m.blocks, BLOCKS.session)), [hostile, "\n", hostile]);
});

Deno.test("renderLearningMessage() names the group at the top of a scheduled message", () => {
  const m = renderLearningMessage(event(), { ...EN, identity: "inline" });
  const top = m.blocks[0];
  assert.equal(top?.block_id, BLOCKS.identity);
  assert.deepEqual(
    top?.type === "context"
      ? top.elements.map((e) => "image_url" in e ? e.image_url : "text" in e ? e.text : "")
      : [],
    ["https://learning.example/logo.png", "Acme Academy"],
  );
  const noImages = renderLearningMessage(event(), { ...EN, identity: "inline", images: false });
  assert.equal(hasImages(noImages), false);
  assert.equal(find(noImages.blocks, BLOCKS.identity)?.type, "context");
});

Deno.test("renderLearningMessage() explains how to find the preferences without a link", () => {
  const m = renderLearningMessage(event(), { ...EN, preferencesUrl: null });
  const actions = find(m.blocks, BLOCKS.actions);
  assert.equal(actions?.type === "actions" && actions.elements.length, 1);
  const hint = find(m.blocks, BLOCKS.preferences);
  assert.ok(
    hint?.type === "context" && hint.elements[0]?.type === "plain_text" &&
      hint.elements[0].text.includes("“My notifications”"),
  );
});

Deno.test("renderLearningMessage() leaves out an empty description", () => {
  const m = renderLearningMessage(event({}, { description: "   " }), EN);
  assert.deepEqual(texts(find(m.blocks, BLOCKS.session)), ["Negotiation basics"]);
});

Deno.test("renderLearningMessage() keeps a long title within the header's 150 characters", () => {
  const title = "🎓".repeat(120); // 120 characters, 240 UTF-16 units
  const m = renderLearningMessage(event({ notification: { title } }), EN);
  const header = find(m.blocks, BLOCKS.title);
  const text = header?.type === "header" ? header.text.text : "";
  assert.ok(text.length <= 150, `${text.length} units`);
  assert.ok(text.endsWith("…") && text.startsWith("🎓🎓"));
});

Deno.test("senderOf() uses the group's name and only a safe logo URL", () => {
  assert.deepEqual(senderOf(event()), {
    username: "Acme Academy",
    iconUrl: "https://learning.example/logo.png",
  });
  const bare: LearningEvent = { ...event(), group: { name: "No Logo" } };
  assert.deepEqual(senderOf(bare), { username: "No Logo", iconUrl: null });
});
