import assert from "node:assert/strict";
import { replySender } from "./attribution.ts";

const webinar = (mode: "sender" | "primary_moderator") => ({
  replyAttribution: mode,
  primary: { name: "Pat", email: "pat@example.com" },
  moderators: [{ name: "Mo", email: "Mo@Example.com" }],
});

Deno.test("replySender() shows a moderator as themselves in sender mode, matching emails without case", () => {
  assert.deepEqual(replySender(webinar("sender"), { email: "mo@example.COM" }), {
    name: "Mo",
    email: "Mo@Example.com",
    as: "sender",
    substituted: false,
  });
});

Deno.test("replySender() uses the primary moderator in primary mode, and for anyone who is not a moderator", () => {
  const primary = { name: "Pat", email: "pat@example.com", as: "primary_moderator" };
  // Primary mode is the webinar's choice: nobody is substituted.
  assert.deepEqual(replySender(webinar("primary_moderator"), { email: "mo@example.com" }), {
    ...primary,
    substituted: false,
  });
  // Sender mode, and the writer is no moderator: they must be told (W7).
  const instead = { ...primary, substituted: true };
  assert.deepEqual(replySender(webinar("sender"), { email: "sam@example.com" }), instead);
  assert.deepEqual(replySender(webinar("sender"), { email: null }), instead);
});

Deno.test("replySender() matches internationalised emails as Slack does: ASCII case aside, as written", () => {
  const w = {
    ...webinar("sender"),
    moderators: [{ name: "Chloé", email: "chloé@Example.org" }],
  };
  assert.equal(replySender(w, { email: "Chloé@example.ORG" }).as, "sender");
  assert.equal(replySender(w, { email: "CHLOÉ@example.org" }).as, "primary_moderator");
});
