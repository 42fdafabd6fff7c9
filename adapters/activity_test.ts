import assert from "node:assert/strict";
import { type ActivityInput, activityRow } from "./activity.ts";

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const TOKEN = /\bx(?:ox[abposre]|wfp|app)-/;

/** Every string an admin could read in a row, except the email of an unmatched_email row. */
function shown(row: ReturnType<typeof activityRow>): string {
  const { email: _email, ...rest } = row;
  return JSON.stringify(rest);
}

Deno.test("activityRow() keeps emails, tokens and secrets out of every field admins read", () => {
  const input: ActivityInput = {
    kind: "ignored",
    source: "webinar",
    code: "unknown_event_type",
    detail: `events[0]: type "xoxb-1234-5678-AbCd" is not part of the event contract; ignored`,
    context: { event: "leak@example.com", type: "xoxb-1234-5678-AbCd", n: 3 },
    remediation: "invalid_event",
    remediationParams: { detail: "sent by chloé@example.org with Bearer abcdefgh12345678" },
    email: "should.not.stay@example.com",
    id: "ignored:webinar:leak@example.com",
  };
  const row = activityRow(input, "fr", Date.UTC(2026, 10, 22));
  const text = shown(row);
  assert.ok(!EMAIL.test(text), text);
  assert.ok(!TOKEN.test(text), text);
  assert.ok(!text.includes("abcdefgh12345678"), text);
  assert.equal(row.email, undefined, "only unmatched_email rows hold an email");
  assert.deepEqual(JSON.parse(row.context_json), { event: "[email]", type: "[token]", n: 3 });
  assert.match(row.detail, /type "\[token\]" is not part/);
  assert.match(String(row.remediation), /\[email\] with Bearer \[token\]/);
  // The id stays unique and stable per event, so a repeated record overwrites itself.
  assert.match(row.id, /^ignored:webinar:email-[0-9a-f]{16}$/);
  const again = activityRow(
    input,
    "en",
  );
  assert.equal(again.id, row.id);
  const other = activityRow(
    { ...input, id: "ignored:webinar:leak2@example.com" },
    "en",
  );
  assert.notEqual(other.id, row.id);
});

Deno.test("activityRow() keeps the email of an unmatched person, the one field meant for it", () => {
  const row = activityRow({
    kind: "unmatched_email",
    source: "webinar",
    code: "moderator_not_in_slack",
    detail: "A moderator of webinar web_1 has no Slack account with that email",
    context: { webinar: "web_1", channel: "C123" },
    email: "chloé@example.org",
    id: "unmatched:moderator:web_1:chloé@example.org",
  }, "en");
  assert.equal(row.email, "chloé@example.org");
  assert.ok(!shown(row).includes("chloé"), shown(row));
});
