import assert from "node:assert/strict";
import {
  type ActivityEntry,
  channelCoverage,
  groupErrors,
  groupRefusals,
  groupUnmatched,
  markFixed,
  markResolved,
  RECENT_MS,
  remediationFor,
  waitingByChannel,
} from "./health.ts";
import { t } from "./i18n/mod.ts";
import { matchRemediation, REMEDIATION } from "./i18n/remediation.ts";

const NOW = Date.UTC(2026, 10, 22, 12);

function row(parts: Partial<ActivityEntry> & { at: number }): ActivityEntry {
  return { kind: "error", source: "webinar", code: "not_in_channel", context_json: "{}", ...parts };
}

Deno.test("matchRemediation() recognises a recorded fix in either language, with its values", () => {
  const en = t("en", REMEDIATION.not_in_channel, { channel: "<#C0ABC>", code: "not_in_channel" });
  assert.deepEqual(matchRemediation(en), {
    code: "not_in_channel",
    params: { channel: "<#C0ABC>" },
  });
  const fr = t("fr", REMEDIATION.channel_create_failed, { channel: "#webinar-x", code: "x_y" });
  assert.deepEqual(matchRemediation(fr), {
    code: "channel_create_failed",
    params: { channel: "#webinar-x", code: "x_y" },
  });
  assert.equal(matchRemediation("Some text from an older version of the app."), null);
});

Deno.test("remediationFor() prefers the recorded fix, then the code's entry, then the text", () => {
  const stored = t("fr", REMEDIATION.delivery_gave_up, { code: "channel_not_found" });
  assert.deepEqual(remediationFor("channel_not_found", stored, []), {
    code: "delivery_gave_up",
    params: { code: "channel_not_found" },
  }, "a give-up recorded under the Slack code keeps its own fix");
  assert.deepEqual(remediationFor("not_in_channel", undefined, [["channel", "C0ABC"]]), {
    code: "not_in_channel",
    params: { code: "not_in_channel", channel: "<#C0ABC>" },
  });
  assert.deepEqual(remediationFor("weird_code", "Old wording", []), { text: "Old wording" });
  assert.equal(remediationFor("weird_code", undefined, []), null);
});

Deno.test("groupErrors() keeps errors of the last 7 days, grouped by code, newest first", () => {
  const rows: ActivityEntry[] = [
    row({ at: NOW - 1000, code: "not_in_channel", context_json: '{"channel":"C0A","event":"e1"}' }),
    row({ at: NOW - 5000, code: "not_in_channel", context_json: '{"channel":"C0A","event":"e2"}' }),
    row({ at: NOW - 2000, code: "platform_rejected", context_json: '{"webinar":"w1"}' }),
    row({ at: NOW - RECENT_MS - 1, code: "old_error" }),
    row({ at: NOW - 10, kind: "rejected", code: "invalid_event" }),
    row({ at: NOW - 3000, code: "broken_context", context_json: "not json" }),
  ];
  const groups = groupErrors(rows, NOW);
  assert.deepEqual(groups.map((g) => [g.code, g.count, g.lastAt]), [
    ["not_in_channel", 2, NOW - 1000],
    ["platform_rejected", 1, NOW - 2000],
    ["broken_context", 1, NOW - 3000],
  ]);
  assert.deepEqual(groups[0]!.ids, [["channel", "C0A"], ["event", "e1"], ["event", "e2"]]);
  assert.deepEqual(groups[2]!.ids, []);
});

Deno.test("groupRefusals() groups refused and ignored events of 7 days by kind, platform and reason, most frequent first, with the newest reason", () => {
  const rows: ActivityEntry[] = [
    row({ at: NOW - 9000, kind: "rejected", code: "invalid_event", detail: "events[0]: old" }),
    row({ at: NOW - 1000, kind: "rejected", code: "invalid_event", detail: "events[2]: newest" }),
    row({ at: NOW - 5000, kind: "rejected", code: "invalid_event", detail: "events[1]: middle" }),
    row({ at: NOW - 2000, kind: "rejected", source: "learning", code: "invalid_event" }),
    row({ at: NOW - 3000, kind: "ignored", code: "unknown_event_type", detail: "type x" }),
    row({ at: NOW - 4000, kind: "ignored", code: "unknown_event_type", detail: "type y" }),
    row({ at: NOW - RECENT_MS - 1, kind: "rejected", code: "bad_secret" }),
    row({ at: NOW - 10, kind: "error", code: "not_in_channel" }),
  ];
  assert.deepEqual(groupRefusals(rows, NOW), [
    {
      kind: "rejected",
      source: "webinar",
      code: "invalid_event",
      count: 3,
      lastAt: NOW - 1000,
      example: "events[2]: newest",
    },
    {
      kind: "ignored",
      source: "webinar",
      code: "unknown_event_type",
      count: 2,
      lastAt: NOW - 3000,
      example: "type x",
    },
    {
      kind: "rejected",
      source: "learning",
      code: "invalid_event",
      count: 1,
      lastAt: NOW - 2000,
      example: "",
    },
  ]);
});

Deno.test("waitingByChannel() counts waiting notifications per channel, with the newest failure", () => {
  const w = (subject: string, received_at: number, last_error?: string) => ({
    lane: "webinar" as const,
    subject,
    received_at,
    ...(last_error ? { last_error } : {}),
  });
  const rows = [
    w("w:web_1:a1", 1, "channel_not_found"),
    w("w:web_1:a2", 3, "not_in_channel"),
    w("w:web_1:a3", 2),
    w("w:web_2:a1", 1),
    w("w:web_9:a1", 1),
    { lane: "learning" as const, subject: "l:abc", received_at: 1 },
  ];
  const channels = new Map([["web_1", "C1"], ["web_2", "C2"]]);
  assert.deepEqual(
    waitingByChannel(rows, { channelMode: "per_webinar", channelId: null }, channels),
    [
      { channel: "C1", lane: "webinar", count: 3, lastError: "not_in_channel" },
      { channel: "C2", lane: "webinar", count: 1, lastError: null },
      { channel: null, lane: "webinar", count: 1, lastError: null },
      { channel: null, lane: "learning", count: 1, lastError: null },
    ],
  );
  assert.deepEqual(
    waitingByChannel(rows.slice(0, 4), { channelMode: "single", channelId: "C0" }, channels),
    [{ channel: "C0", lane: "webinar", count: 4, lastError: "not_in_channel" }],
  );
});

Deno.test("markFixed() marks a channel error fixed when the app can post in all its channels again, and lists it last", () => {
  const group = (code: string, channels: string[]) => ({
    code,
    count: 1,
    lastAt: NOW,
    remediation: null,
    ids: channels.map((c): [string, string] => ["channel", c]),
  });
  const groups = [
    group("not_in_channel", ["C1"]),
    group("channel_not_found", ["C1", "C2"]),
    group("platform_rejected", []),
    group("is_archived", ["C3"]),
  ];
  const postable = new Map([["C1", true], ["C2", false], ["C3", true]]);
  assert.deepEqual(markFixed(groups, postable).map((g) => [g.code, g.fixed === true]), [
    ["channel_not_found", false], // C2 still refuses
    ["platform_rejected", false], // not a channel error
    ["not_in_channel", true],
    ["is_archived", true],
  ]);
  assert.deepEqual(markFixed(groups, new Map()).map((g) => g.fixed === true), [
    false,
    false,
    false,
    false,
  ], "unknown channels are not fixed");
});

Deno.test("markResolved() marks an error resolved only when the same operation succeeded after it, and lists it last", () => {
  type Ids = Array<[string, string]>;
  const group = (code: string, ids: Ids, remediation: "channel_create_failed" | null = null) => ({
    code,
    count: 2,
    lastAt: NOW,
    remediation: remediation ? { code: remediation, params: {} } : null,
    ids,
  });
  const groups = [
    group("restricted_action", [["webinar", "w1"], ["webinar", "w2"]], "channel_create_failed"),
    group("events_not_stored", [["platform", "learning"]]),
    group("platform_unavailable", [["webinar", "w1"]]),
    group("platform_rejected", [["webinar", "w1"]]), // one reply's own problem: nothing resolves it
    group("msg_too_long", [["event", "e1"]]),
  ];
  const nothingSince = {
    webinarsWithChannel: new Set(["w1"]), // w2 still has none
    lastStored: { webinar: NOW + 5_000, learning: NOW - 1 }, // learning: before the error
    lastRelayed: NOW, // not after the last failure
  };
  assert.deepEqual(markResolved(groups, nothingSince).map((g) => g.resolved ?? null), [
    null,
    null,
    null,
    null,
    null,
  ]);
  const allSince = {
    webinarsWithChannel: new Set(["w1", "w2"]),
    lastStored: { webinar: null, learning: NOW + 1 },
    lastRelayed: NOW + 1,
  };
  assert.deepEqual(markResolved(groups, allSince).map((g) => [g.code, g.resolved ?? null]), [
    ["platform_rejected", null],
    ["msg_too_long", null],
    ["restricted_action", "channel_created"],
    ["events_not_stored", "events_stored"],
    ["platform_unavailable", "reply_relayed"],
  ]);
  // A fixed channel error stays fixed, not resolved; an error naming nothing is never resolved.
  const fixed = { ...group("not_in_channel", [["channel", "C1"]]), fixed: true };
  const bare = group("events_not_stored", []);
  assert.deepEqual(markResolved([fixed, bare], allSince).map((g) => [g.code, g.resolved]), [
    ["events_not_stored", undefined],
    ["not_in_channel", undefined],
  ]);
});

Deno.test("groupErrors() keeps at most 20 distinct ids per group", () => {
  const rows = Array.from(
    { length: 30 },
    (_, i) => row({ at: NOW - i, context_json: JSON.stringify({ event: `e${i}` }) }),
  );
  const [group] = groupErrors(rows, NOW);
  assert.equal(group!.count, 30);
  assert.equal(group!.ids.length, 20);
  assert.deepEqual(group!.ids[0], ["event", "e0"]);
});

Deno.test("groupUnmatched() counts per email, case-insensitively, with the roles involved", () => {
  const rows: ActivityEntry[] = [
    row({ at: 1, kind: "unmatched_email", code: "moderator_not_in_slack", email: "Ghost@x.org" }),
    row({ at: 2, kind: "unmatched_email", code: "moderator_not_in_slack", email: "ghost@x.org" }),
    row({
      at: 3,
      kind: "unmatched_email",
      source: "learning",
      code: "learner_not_in_slack",
      email: "ghost@x.org",
    }),
    row({ at: 4, kind: "unmatched_email", code: "learner_not_in_slack", email: "amy@x.org" }),
    row({ at: 5, kind: "error", email: "not-counted@x.org" }),
  ];
  assert.deepEqual(groupUnmatched(rows), [
    { email: "ghost@x.org", count: 3, lastAt: 3, roles: ["moderator", "learner"], namedBy: [] },
    { email: "amy@x.org", count: 1, lastAt: 4, roles: ["learner"], namedBy: [] },
  ]);
});

Deno.test("groupUnmatched() says which webinars, sessions or events named each person, newest first", () => {
  const unmatched = (at: number, email: string, context: Record<string, string>) =>
    row({
      at,
      kind: "unmatched_email",
      code: "moderator_not_in_slack",
      email,
      context_json: JSON.stringify(context),
    });
  const [chloe, lea] = groupUnmatched([
    unmatched(1, "chloé@x.org", { webinar: "web_1", channel: "C1" }),
    unmatched(2, "Chloé@X.org", { webinar: "web_2", channel: "C2" }),
    unmatched(3, "chloé@x.org", { webinar: "web_1", channel: "C1" }),
    {
      ...unmatched(4, "lea@x.org", { event: "lrn_1", type: "session_assignment" }),
      source: "learning",
    },
    {
      ...unmatched(5, "lea@x.org", { event: "lrn_2", session: "Négociation" }),
      source: "learning",
    },
  ]);
  assert.deepEqual(chloe, {
    email: "chloé@x.org",
    count: 3,
    lastAt: 3,
    roles: ["moderator"],
    namedBy: [
      { kind: "webinar", webinar: "web_1", channel: "C1" },
      { kind: "webinar", webinar: "web_2", channel: "C2" },
    ],
  });
  assert.deepEqual(lea?.namedBy, [
    { kind: "session", title: "Négociation" },
    { kind: "event", event: "lrn_1" },
  ]);
  assert.deepEqual(lea?.roles, ["learner"]);
});

Deno.test("channelCoverage() tells the channels in use that no trigger listens to", () => {
  assert.deepEqual(channelCoverage(["C1", "C2", "C2", ""], ["C2", "C9"]), {
    expected: ["C1", "C2"],
    watched: ["C2", "C9"],
    missing: ["C1"],
    extra: ["C9"],
  });
});
