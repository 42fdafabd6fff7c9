import assert from "node:assert/strict";
import fc from "fast-check";
import { anyText } from "../testing/generators.ts";
import { fnv1a64, scrub, scrubText } from "./scrub.ts";

const addresses = fc.oneof(
  fc.constantFrom(
    "ada@example.org",
    "Ada.Lovelace@Example.ORG",
    "O'Brien+tag@sub.example.co.uk",
    "chloé@example.org",
    "zoë.secret@exämple.example",
    "用户@例子.广告",
    "Δ@δοκιμή.ελ",
    "ivan@пример.рф",
    "ivan@xn--e1afmkfd.xn--p1ai",
  ),
  fc.tuple(
    fc.string({ unit: fc.constantFrom(..."abzé9._+-ü日".split("")), minLength: 1, maxLength: 8 }),
    fc.constantFrom("example.com", "exämple.de", "例子.广告", "xn--exmple-cua.example"),
  ).map(([l, d]) => `${l}x@${d}`),
);

const secrets = fc.oneof(
  fc.constantFrom(
    "xoxb-1234-5678-AbCdEf",
    "xoxp-99-XyZ",
    "xoxe.xoxp-1-abc",
    "xwfp-abc-123",
    "xapp-1-A1-2-ff",
    "Bearer abcdef.ghijkl-mnop",
    "bearer 0123456789abcdef",
    "Basic dXNlcjpwYXNzd29yZA==",
  ),
  // An API key or a webhook URL's last segment: 32+ mixed-case base64 characters.
  fc.string({ unit: fc.constantFrom(..."aZ09_-".split("")), minLength: 30, maxLength: 60 })
    .map((s) => `Kq7${s}`),
  // An HMAC key or a digest in hex.
  fc.string({
    unit: fc.constantFrom(..."0123456789abcdef".split("")),
    minLength: 40,
    maxLength: 64,
  }),
);

Deno.test("scrubText() takes out every email, Slack token, bearer string and long secret (property)", () => {
  fc.assert(
    fc.property(anyText, fc.oneof(addresses, secrets), anyText, (before, secret, after) => {
      const out = scrubText(`${before} ${secret} ${after}`);
      const core = secret.replace(/^(Bearer|bearer|Basic) /, "");
      assert.ok(!out.includes(core), `${core} left in ${out}`);
    }),
    { seed: 31, numRuns: 3_000 },
  );
});

Deno.test("scrubText() leaves ids, codes, times and paths alone", () => {
  for (
    const kept of [
      "evt_9f2c1",
      "3f2a9c1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b",
      "C0123ABCD-1795359600.000200",
      "events[3].attendee.email: must be an email address",
      "not_in_channel",
      "2026-11-22T15:04:10Z",
      "attendee.left",
      "webinar:web_1:att_1",
    ]
  ) assert.equal(scrubText(kept), kept);
});

Deno.test("scrubText() masks with a stable hash where the result must stay unique", () => {
  const hashed = (kind: string, found: string) => `${kind}-${fnv1a64(found)}`;
  const a = scrubText("rejected:webinar:a@example.org", hashed);
  const b = scrubText("rejected:webinar:b@example.org", hashed);
  assert.match(a, /^rejected:webinar:email-[0-9a-f]{16}$/);
  assert.notEqual(a, b);
  assert.equal(scrubText("rejected:webinar:a@example.org", hashed), a, "stable");
});

Deno.test("scrub() hides fields named like secrets whole and walks objects, arrays and errors", () => {
  assert.deepEqual(scrub({ user_email: "a@b.co", token: "x", nested: { email: "c@d.co" } }), {
    user_email: "[redacted]",
    token: "[redacted]",
    nested: { email: "[redacted]" },
  });
  assert.deepEqual(scrub(["to a@b.co", new TypeError("xoxb-1-2 refused")]), [
    "to [email]",
    "TypeError: [token] refused",
  ]);
});
