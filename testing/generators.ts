/**
 * fast-check generators of hostile webhook payloads (issue 7): valid events with awkward content
 * (unicode edge cases, mention and link injection, text at and over each limit), valid events with
 * one or more fields broken (dropped, null, wrong type, huge, unicode), fully random JSON, and
 * whole requests (secret of any type, events of any shape and count).
 */
import fc from "fast-check";

type Json = Record<string, unknown>;

/** Slack markup that must stay literal and ping nobody wherever outside text is shown. */
export const INJECTIONS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U123>",
  "<#C123>",
  "<!subteam^S1>",
  "<https://evil.example|click>",
  "<mailto:x@y.z|m>",
  "<!date^1700000000^{date}|x>",
  "*bold*",
  "_i_",
  "~s~",
  "`code`",
  "&amp;",
  "&lt;!channel&gt;",
  "> quote",
] as const;

/** Unicode that breaks naive code: lone surrogates, bidi marks, joiners, combining marks, NUL. */
export const UNICODE_EDGES = [
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\u202e",
  "\u200f",
  "\u200e",
  "\u200d",
  "\u200b",
  "\ufeff",
  "e\u0301",
  `Z${"\u0336\u0301\u0300".repeat(12)}`,
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇫🇷",
  "👍🏽",
  "\u0000",
  "\u2028",
  "\u2029",
  "\r\n",
  "\t",
  "\u0085",
  "\uffff",
  "\ud83d\ude00",
  "ﷺ",
  "𒐫",
  "Ελληνικά",
  "עברית",
  "日本語",
  " ",
] as const;

const PIECES = [...INJECTIONS, ...UNICODE_EDGES, "word", "a", "é", "&", "<", ">", " "];

/** Short text of awkward pieces. */
export const edgeText: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""));

/** Any text at all (possibly empty, possibly ill-formed UTF-16). */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: edgeText },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Text of exactly `length` UTF-16 units made of one repeated piece (may end in half a pair). */
export function repeatTo(piece: string, length: number): string {
  return piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
}

/** 10,000 to 100,000 characters. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("x", "😀", "e\u0301", "<!here> ", "\u200d", "&", "word "),
    fc.integer({
      min: 10_000,
      max: 100_000,
    }),
  )
  .map(([piece, n]) => repeatTo(piece, n));

/** Text around a limit: 1, max - 1, max or max + 1 units, or short awkward text. */
export function textNear(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: edgeText.map((s) => s.slice(0, max) || "x") },
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constantFrom(
          "x",
          "😀",
          "é",
          "e\u0301",
          "word ",
          "<!channel> ",
          "&",
          "👨‍👩‍👧‍👦",
          "\u0301",
          `Z${"\u0301".repeat(40)}`,
          "\ud800",
        ),
        fc.constantFrom(max - 1, max, max + 1, Math.ceil(max / 2)),
      ).map(([piece, n]) => repeatTo(piece, Math.max(1, n))),
    },
  );
}

const idChars = fc.constantFrom(..."abcXYZ019._@~-".split(""));
/** Ids as the contract allows them (1-128 of letters, digits and . _ @ ~ -). */
export const externalId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: idChars, minLength: 1, maxLength: 12 }),
  fc.constantFrom("a", "x".repeat(128)),
);

export const email: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("ada@example.org", "O'Brien+tag@sub.example.co.uk", "x@y.zz"),
  fc.tuple(
    fc.string({ unit: fc.constantFrom(..."abz09._+-".split("")), minLength: 1, maxLength: 20 }),
  )
    .map(([local]) => `u${local}x@example.org`),
);

/** URLs no button or image may carry. */
export const BAD_URLS: readonly string[] = [
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  "data:text/html,<script>alert(1)</script>",
  "data:image/png;base64,AAAA",
  "vbscript:msgbox(1)",
  "ftp://files.example/x",
  "file:///etc/passwd",
  "//evil.example/x",
  "https://user:pass@evil.example/",
  "https://user@evil.example/",
  `https://example.com/${"a".repeat(3000)}`,
  "mailto:x@y.z",
  "slack://open",
  "about:blank",
  " https://example.com",
  "https://",
  "https:/example.com",
  "",
];

/** http(s) URLs, some awkward (upper case, unicode host, at the 3,000 limit), some forbidden. */
export const url: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      "https://webinar.example/w/web_1/chat",
      "http://platform.example:8080/a?b=c#d",
      "HTTPS://EXAMPLE.COM/UPPER",
      "https://exämple.example/çà?q=<!channel>&x=\"'",
      "https://[::1]/ipv6",
      "https://example.com/a%20b",
      `https://example.com/${"a".repeat(2980)}`,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_URLS) },
);

const instant = fc.oneof(
  fc.constantFrom(
    "2026-11-22T15:00:00Z",
    "2026-11-22T16:00:00+01:00",
    "2026-11-22T15:00:00.123456Z",
    "2099-12-31T23:59:59Z",
    "2000-01-01T00:00:00-12:00",
  ),
  fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2099-01-01T00:00:00Z"),
    noInvalidDate: true,
  })
    .map((d) => d.toISOString()),
);

const person = fc.record({ name: textNear(200), email });

/** Webinar events with awkward but mostly valid content, every type. */
export function webinarEventArb(
  options: { attendees?: string[]; webinars?: string[] } = {},
): fc.Arbitrary<Json> {
  const webinar = fc.record(
    {
      id: options.webinars ? fc.constantFrom(...options.webinars) : externalId,
      title: textNear(500),
      chat_url: url,
      reply_attribution: fc.constantFrom("sender", "primary_moderator"),
      primary_moderator: person,
      moderators: fc.array(person, { maxLength: 4 }),
    },
    { requiredKeys: ["id", "title", "reply_attribution", "primary_moderator", "moderators"] },
  );
  const session = fc.record({ id: externalId, type: textNear(100), starts_at: instant });
  const attendee = fc.record(
    {
      id: options.attendees ? fc.constantFrom(...options.attendees) : externalId,
      name: textNear(200),
      email,
      joined_at: instant,
      chat_url: url,
    },
    { requiredKeys: ["id", "name", "email"] },
  );
  const common = { id: externalId, occurred_at: instant, webinar, session, attendee };
  return fc.oneof(
    fc.record({ ...common, type: fc.constant("attendee.registered") }),
    fc.record({ ...common, type: fc.constant("attendee.joined") }),
    fc.record({
      ...common,
      type: fc.constant("attendee.chat_message"),
      message: fc.record({ id: externalId, text: textNear(10_000) }),
    }),
    fc.record({
      ...common,
      type: fc.constant("attendee.interaction_response"),
      interaction: fc.record({
        id: externalId,
        kind: fc.constantFrom("poll", "question", "offer", "handout", "quiz", "other"),
        title: textNear(500),
        response: textNear(5_000),
      }),
    }),
    fc.record({
      id: externalId,
      occurred_at: instant,
      type: fc.constant("reply.delivery_result"),
      webinar: fc.record({ id: externalId }),
      attendee: fc.record({ id: externalId }),
      reply: fc.record(
        {
          id: fc.oneof(externalId, fc.constant("C0123ABCD-1795359600.000200")),
          outcome: fc.constantFrom("chat", "email", "failed"),
          error: textNear(500),
        },
        { requiredKeys: ["id", "outcome"] },
      ),
    }),
  );
}

/** Learning events with awkward but mostly valid content, every type. */
export function learningEventArb(options: { emails?: string[] } = {}): fc.Arbitrary<Json> {
  const session = fc.record(
    {
      title: textNear(500),
      description: fc.oneof(textNear(200), textNear(10_000)),
      url,
      starts_at: fc.constant("2026-12-01T09:00:00Z"),
      ends_at: fc.constantFrom(
        "2026-12-01T11:30:00Z",
        "2026-12-01T11:30:00Z",
        "2026-12-01T11:30:00Z",
        "2026-12-01T09:00:00Z",
        "2026-11-30T09:00:00Z",
      ),
      cover_image: fc.record({
        url: fc.oneof(
          url,
          fc.constantFrom("https://cdn.example/c.SVG?x=1", "https://cdn.example/c.svgz#f"),
        ),
        is_default: fc.boolean(),
      }),
    },
    { requiredKeys: ["title", "url", "starts_at", "ends_at"] },
  );
  const common = {
    id: externalId,
    occurred_at: instant,
    learner: fc.record({ email: options.emails ? fc.constantFrom(...options.emails) : email }),
    notification: fc.record({ title: textNear(500) }),
    session,
    group: fc.record({ name: textNear(80), logo_url: url }, { requiredKeys: ["name"] }),
  };
  return fc.oneof(
    fc.record({ ...common, type: fc.constant("session_assignment") }, {
      requiredKeys: ["id", "learner", "notification", "session", "group", "type"],
    }),
    fc.record({ ...common, type: fc.constant("session_information") }),
    fc.record({ ...common, type: fc.constant("path_step"), send_at: instant }),
  );
}

/** A replacement value of the wrong kind (or the right kind with a wrong value). */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(0, -1, 1.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY, true, false),
  fc.constantFrom("", " ", "null", "[]", "{}", "\u0000"),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  hugeText,
  anyText,
  fc.jsonValue({ maxDepth: 2 }),
);

export type Mutation = { op: "drop" | "set"; at: number; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("drop", "set", "set"),
  at: fc.nat(),
  value: badValue,
});

/** Every path into a JSON value (object keys and array indexes), parents before children. */
export function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
    }
  }
  return out;
}

/** A copy of `event` with the mutation applied; returns the path it touched. */
export function applyMutation(
  event: Json,
  m: Mutation,
): { event: Json; path: Array<string | number> } {
  const copy = structuredClone(event);
  const paths = pathsOf(copy);
  const path = paths[m.at % paths.length]!;
  let parent: unknown = copy;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[p];
  const last = path.at(-1)!;
  if (m.op === "drop") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete (parent as Json)[last];
  } else {
    (parent as Record<string | number, unknown>)[last] = m.value;
  }
  return { event: copy, path };
}

/** How the parsers write a path: `events[3].attendee.name`, `events[3].webinar.moderators[0]`. */
export function pathText(root: string, path: ReadonlyArray<string | number>): string {
  return root + path.map((p) => typeof p === "number" ? `[${p}]` : `.${p}`).join("");
}

/** Secrets of every kind a platform (or an attacker) might send. */
export function secretArb(right: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(right) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        null,
        "",
        right.toUpperCase(),
        `${right} `,
        ` ${right}`,
        right.slice(0, -1),
        `${right}\u0000`,
        42,
        [right],
        { secret: right },
        true,
      ),
    },
    { weight: 1, arbitrary: anyText },
  );
}
