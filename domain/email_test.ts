import assert from "node:assert/strict";
import fc from "fast-check";
import * as z from "zod/mini";
import { isEmailAddress, normalEmail } from "./email.ts";
import { parseWebinarEvent } from "./webinar/event.ts";
import { parseLearningEvent } from "./learning/event.ts";
import { scrubText } from "./scrub.ts";

const ACCEPTED = [
  "chloé@example.org",
  "CHLOÉ@EXAMPLE.ORG",
  "zoë.secret@exämple.example",
  "用户@例子.广告",
  "ivan@пример.рф",
  "ivan@xn--e1afmkfd.xn--p1ai",
  "Δ@δοκιμή.ελ",
  "O'Brien+tag@sub.example.co.uk",
  "x@y.zz",
  "user_name-1@a-b.example.com",
];

const REFUSED = [
  "nope",
  "a@b",
  "a@b.c",
  "@example.org",
  "chloé@",
  "a@.org",
  "a..b@example.org",
  ".a@example.org",
  "a.@example.org",
  "x'@y.zz",
  "a b@example.org",
  "a@exa mple.org",
  "a@example.org/x",
  "a@example.org:80",
  "a@[127.0.0.1]",
  "a@1.2.3.4",
  "<x>@example.org",
  "a@-example.org",
  "a@example-.org",
  "a@ex_ample.org",
  `${"a".repeat(65)}@example.org`,
  `a@${"b".repeat(64)}.org`,
  "a@example.o",
  "a@b@example.org",
  '"quoted"@example.org',
];

Deno.test("isEmailAddress() takes internationalised addresses and IDN domains", () => {
  for (const e of ACCEPTED) assert.equal(isEmailAddress(e), true, e);
  for (const e of REFUSED) assert.equal(isEmailAddress(e), false, e);
});

Deno.test("isEmailAddress() judges ASCII addresses as zod's z.email() does (property)", () => {
  const local = fc.string({
    unit: fc.constantFrom(..."aZ09._'+-".split("")),
    minLength: 1,
    maxLength: 10,
  });
  const label = fc.string({
    unit: fc.constantFrom(..."az09".split("")),
    minLength: 1,
    maxLength: 6,
  });
  const domain = fc.tuple(
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom("org", "io", "example", "c", "x1"),
  ).map(([labels, tld]) => `${labels.join(".")}.${tld}`);
  const zodEmail = z.email();
  fc.assert(
    fc.property(local, domain, (l, d) => {
      const address = `${l}@${d}`;
      assert.equal(isEmailAddress(address), zodEmail.safeParse(address).success, address);
    }),
    { seed: 41, numRuns: 2_000 },
  );
});

Deno.test("every accepted address is one the scrubber hides (logs, admin rows)", () => {
  for (const e of ACCEPTED) assert.equal(scrubText(`to ${e}.`), "to [email].", e);
});

Deno.test("normalEmail() ignores the case of ASCII letters only, as Slack compares addresses", () => {
  assert.equal(normalEmail(" Ada.Lovelace@Example.ORG "), "ada.lovelace@example.org");
  assert.equal(normalEmail("Chloé@Example.org"), "chloé@example.org");
  assert.equal(normalEmail("CHLOÉ@example.org"), "chloÉ@example.org", "É is not ASCII");
  assert.notEqual(normalEmail("CHLOÉ@example.org"), normalEmail("chloé@example.org"));
});

Deno.test("both webhooks' contracts accept chloé@example.org wherever an email goes", () => {
  const person = { name: "Chloé", email: "chloé@example.org" };
  const webinar = parseWebinarEvent({
    id: "e1",
    type: "attendee.registered",
    occurred_at: "2026-11-22T15:00:00Z",
    webinar: {
      id: "w1",
      title: "Webinaire",
      reply_attribution: "sender",
      primary_moderator: person,
      moderators: [{ name: "Zoë", email: "zoë@exämple.example" }],
    },
    session: { id: "s1", type: "live", starts_at: "2026-11-22T15:00:00Z" },
    attendee: { id: "a1", name: "Chloé", email: "chloé@example.org" },
  });
  assert.equal(webinar.kind, "valid", JSON.stringify(webinar));
  const learning = parseLearningEvent({
    id: "l1",
    type: "session_assignment",
    learner: { email: "chloé@example.org" },
    notification: { title: "Invitation" },
    session: {
      title: "Négociation",
      url: "https://learning.example/s/1",
      starts_at: "2026-12-01T09:00:00Z",
      ends_at: "2026-12-01T11:00:00Z",
    },
    group: { name: "Académie" },
  });
  assert.equal(learning.kind, "valid", JSON.stringify(learning));
  const refused = parseLearningEvent({
    id: "l2",
    type: "session_assignment",
    learner: { email: "chloé@" },
  }, "events[0]");
  assert.ok(
    refused.kind === "invalid" &&
      refused.reason.includes("events[0].learner.email: must be an email address"),
  );
});
