import assert from "node:assert/strict";
import fc from "fast-check";
import {
  clip,
  escapedLength,
  escapeMrkdwn,
  graphemeLength,
  graphemes,
  safeUrl,
  slackDate,
  slackTextToPlain,
  splitText,
  truncate,
  utcFallback,
} from "./text.ts";

Deno.test("escapeMrkdwn() encodes only &, < and >", () => {
  assert.equal(
    escapeMrkdwn("<!channel> & <@U1> *b* _i_ ~s~"),
    "&lt;!channel&gt; &amp; &lt;@U1&gt; *b* _i_ ~s~",
  );
});

Deno.test("escapeMrkdwn() output never contains a control sequence (property)", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => {
      const out = escapeMrkdwn(s);
      return !/[<>]/.test(out) && !/&(?!amp;|lt;|gt;)/.test(out);
    }),
    { seed: 7, numRuns: 2000 },
  );
});

Deno.test("truncate() leaves text of up to max characters alone", () => {
  for (const n of [0, 1, 199, 200]) {
    const s = "a".repeat(n);
    assert.deepEqual(truncate(s, 200), { text: s, cut: false });
  }
});

Deno.test("truncate() cuts 201+ characters at a word boundary and marks the cut", () => {
  const words = "lorem ipsum dolor sit amet ".repeat(10);
  const { text, cut } = truncate(words, 200);
  assert.equal(cut, true);
  assert.ok(text.endsWith("…"));
  assert.ok(graphemeLength(text) <= 200);
  assert.ok(words.startsWith(text.slice(0, -1)), "a prefix of the original");
  assert.match(text.slice(0, -1), /[a-z]$/, "no half word: ends on a whole word");
  assert.ok(words[text.length - 1] === " ", "the cut falls on a space");
});

Deno.test("truncate() never splits an emoji or a combining accent", () => {
  const family = "👨‍👩‍👧‍👦";
  const eAcute = "e\u0301";
  for (const filler of [family, eAcute, "é", "🇫🇷"]) {
    for (let pad = 195; pad <= 201; pad++) {
      const s = "x".repeat(pad) + filler.repeat(10);
      const { text } = truncate(s, 200);
      assert.ok(graphemeLength(text) <= 200);
      const kept = text.endsWith("…") ? text.slice(0, -1) : text;
      assert.ok(s.startsWith(kept), "a prefix");
      // The next grapheme in the original starts right where the kept text ends.
      const rest = s.slice(kept.length);
      assert.ok(
        rest === "" || rest.startsWith(filler) || rest.startsWith("x"),
        `cut inside a grapheme at pad ${pad}`,
      );
    }
  }
});

Deno.test("truncate() on one long word still cuts within the limit", () => {
  const { text, cut } = truncate("a".repeat(500), 200);
  assert.equal(cut, true);
  assert.equal(graphemeLength(text), 200);
});

Deno.test("clip() keeps a text within Slack's limit in UTF-16 units, whole graphemes, ending in …", () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const parts = (s: string) => [...segmenter.segment(s)].map((g) => g.segment);
  fc.assert(
    fc.property(
      fc.string({ unit: "grapheme", maxLength: 400 }),
      fc.integer({ min: 1, max: 300 }),
      (s, max) => {
        const out = clip(s, max);
        if (s.length <= max) return assert.equal(out, s);
        assert.ok(out.length <= max, `${out.length} units for a limit of ${max}`);
        assert.ok(out.endsWith("…"));
        const kept = parts(out.slice(0, -1));
        assert.deepEqual(kept, parts(s).slice(0, kept.length), "a prefix of whole graphemes");
      },
    ),
    { seed: 3, numRuns: 1000 },
  );
  // One grapheme of 200 combining marks is longer than any limit: it is dropped, not split.
  assert.equal(clip(`e${"\u0301".repeat(200)}`, 150), "…");
});

Deno.test("clip() with escapedLength keeps the escaped text within the limit and never cuts an escape", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom("&", "<", ">", "a", " ", "é", "😀"), maxLength: 300 }),
      fc.integer({ min: 1, max: 200 }),
      (s, max) => {
        const out = escapeMrkdwn(clip(s, max, escapedLength));
        assert.ok(out.length <= max, `${out.length} units for a limit of ${max}`);
        // Unescaping gives back a prefix of the original: no escape was cut in half.
        const back = out.replace(/…$/, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&");
        assert.ok(!/&(?!amp;|lt;|gt;)/.test(out), out);
        assert.ok(s.startsWith(back.trimEnd()) || s === back, `${back} is not a prefix`);
      },
    ),
    { seed: 5, numRuns: 500 },
  );
});

/** Text made of what long chat messages hold: words, accents, CJK, emoji, &, <, >, line breaks. */
const chatText = (maxLength: number) =>
  fc.array(
    fc.oneof(
      fc.constantFrom("word", "é", "日本語", "😀", "👨‍👩‍👧‍👦", "🇫🇷", "e\u0301", "&", "<", ">", "&amp;"),
      fc.constantFrom(" ", " ", ". ", "\n", "\n\n"),
    ),
    { maxLength },
  ).map((bits) => bits.join(""));

Deno.test("splitText() gives pieces within the limit that concatenate to the text, whole graphemes (property)", () => {
  fc.assert(
    // 11 units at least: the longest grapheme generated (a family emoji) always fits a piece.
    fc.property(chatText(600), fc.integer({ min: 11, max: 120 }), (s, max) => {
      const pieces = splitText(s, max);
      assert.equal(pieces.join(""), s, "nothing lost, nothing added");
      for (const p of pieces) {
        assert.ok(p.length >= 1 && p.length <= max, `${p.length} units for ${max}`);
      }
      // Every cut falls between two graphemes of the original.
      const bounds = new Set<number>();
      let at = 0;
      for (const g of graphemes(s)) bounds.add(at += g.length);
      let pos = 0;
      for (const p of pieces.slice(0, -1)) {
        pos += p.length;
        assert.ok(bounds.has(pos), `a cut at ${pos} splits a grapheme`);
      }
    }),
    { seed: 11, numRuns: 1_000 },
  );
});

Deno.test("splitText() with escapedLength never cuts inside an escape once each piece is escaped", () => {
  fc.assert(
    fc.property(chatText(400), fc.integer({ min: 5, max: 100 }), (s, max) => {
      const pieces = splitText(s, max, escapedLength).map(escapeMrkdwn);
      assert.equal(pieces.join(""), escapeMrkdwn(s));
      for (const p of pieces) {
        assert.ok(p.length <= max, `${p.length} escaped units for ${max}`);
        assert.ok(!/&(?!amp;|lt;|gt;)/.test(p), `a piece starts or ends inside an escape: ${p}`);
      }
    }),
    { seed: 12, numRuns: 500 },
  );
});

Deno.test("splitText() prefers a blank line, then a line break, then a space in the second half", () => {
  const para = `${"a".repeat(60)}\n\n${"b".repeat(20)} ${"c".repeat(10)}\n${"d".repeat(15)}`;
  assert.deepEqual(splitText(para, 100), [`${"a".repeat(60)}\n\n`, para.slice(62)]);
  const lines = `${"a".repeat(40)} ${"b".repeat(20)}\n${"c".repeat(50)}`;
  assert.deepEqual(splitText(lines, 80), [`${"a".repeat(40)} ${"b".repeat(20)}\n`, "c".repeat(50)]);
  const words = `${"w".repeat(30)} ${"x".repeat(30)} ${"y".repeat(30)}`;
  assert.deepEqual(splitText(words, 70), [`${"w".repeat(30)} ${"x".repeat(30)} `, "y".repeat(30)]);
  // A break in the first half would leave a small piece: a full piece is cut mid-word instead.
  assert.deepEqual(splitText(`ab ${"z".repeat(20)}`, 10).map((p) => p.length), [10, 10, 3]);
});

Deno.test("splitText() splits a grapheme longer than a piece between code points, and only then", () => {
  const long = `e${"\u0301".repeat(250)}`;
  const pieces = splitText(`x${long}y`, 100);
  assert.equal(pieces.join(""), `x${long}y`);
  assert.ok(pieces.every((p) => p.length <= 100));
  assert.deepEqual(splitText("", 10), []);
  assert.throws(() => splitText("abc", 1), RangeError);
});

Deno.test("slackDate() gives a date token with a UTC fallback", () => {
  const ms = Date.UTC(2026, 0, 1, 9, 30);
  assert.equal(utcFallback(ms), "2026-01-01 09:30 UTC");
  assert.equal(slackDate(ms), "<!date^1767259800^{date_short_pretty} {time}|2026-01-01 09:30 UTC>");
});

Deno.test("safeUrl() accepts only http and https URLs within 3,000 characters", () => {
  assert.equal(safeUrl("https://example.com/a?b=1"), "https://example.com/a?b=1");
  assert.equal(safeUrl("HTTP://Example.com"), "http://example.com/");
  for (
    const bad of [
      "javascript:alert(1)",
      "data:text/html,x",
      "ftp://x",
      "//example.com",
      "",
      null,
      "https://u:p@example.com",
      `https://e.com/${"a".repeat(3000)}`,
    ]
  ) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

Deno.test("slackTextToPlain() turns Slack formatting into readable text", () => {
  assert.equal(
    slackTextToPlain(
      "Hi <@U1>, see <https://a.io/x|the doc> or <https://b.io>; <!here> &lt;3 &amp; <#C1|general>",
      (id) => id === "U1" ? "Mo" : undefined,
    ),
    "Hi @Mo, see the doc (https://a.io/x) or https://b.io; @here <3 & #general",
  );
});
