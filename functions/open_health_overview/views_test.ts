import assert from "node:assert/strict";
import { checkView } from "../../sandbox/fake_slack/mod.ts";
import type { ErrorGroup, HealthReport, UnmatchedEmail } from "../../domain/health.ts";
import { t } from "../../domain/i18n/mod.ts";
import { REMEDIATION } from "../../domain/i18n/remediation.ts";
import { viewText } from "../../testing/modals.ts";
import {
  coverageText,
  HEALTH_REFRESH_ACTION,
  HEALTH_RETRY_ACTION,
  HEALTH_VIEW,
  HealthMetadata,
  healthView,
  joinWithin,
  loadingView,
  MAX_ERROR_GROUPS,
  refusedView,
  remediationText,
} from "./views.ts";

const NOW = Date.UTC(2026, 10, 22, 12);
const EMPTY: HealthReport = {
  now: NOW,
  errors: [],
  errorCount: 0,
  errorsCapped: false,
  unmatched: [],
  refusals: [],
  waiting: [],
  channels: { expected: ["C0A"], watched: ["C0A"], missing: [], extra: [] },
  lastEvents: { webinar: null, learning: null },
};

const notInChannel: ErrorGroup = {
  code: "not_in_channel",
  count: 3,
  lastAt: NOW - 60_000,
  remediation: { code: "not_in_channel", params: { channel: "<#C0ATT>" } },
  ids: [["channel", "C0ATT"], ["event", "evt_1"]],
};

Deno.test("healthView() says what is fine when nothing went wrong", () => {
  const view = healthView(EMPTY, "en", "U0ALICE");
  assert.deepEqual(checkView(view), []);
  assert.equal(view.callback_id, HEALTH_VIEW);
  assert.equal(view.notify_on_close, true);
  assert.deepEqual(HealthMetadata.decode(view.private_metadata), { user: "U0ALICE", locale: "en" });
  const text = viewText(view);
  assert.match(text, /No errors in the last 7 days/);
  assert.match(text, /Every moderator and learner email matched/);
  assert.match(text, /The channel in use is listened to/);
  assert.match(text, /\*Webinar platform\*: nothing received yet/);
  assert.ok(JSON.stringify(view.blocks).includes(HEALTH_REFRESH_ACTION));
  assert.match(viewText(healthView(EMPTY, "fr", "U0ALICE")), /Aucune erreur ces 7 derniers jours/);
  assert.match(text, /Nothing is waiting/);
  assert.ok(
    !JSON.stringify(view.blocks).includes(HEALTH_RETRY_ACTION),
    "no Retry now: nothing waits",
  );
});

Deno.test("healthView() shows a fixed channel error as fixed, without its fix", () => {
  const fixed = { ...notInChannel, fixed: true };
  const text = viewText(healthView({ ...EMPTY, errors: [fixed] }, "en", "U0ALICE"));
  assert.match(
    text,
    /`not_in_channel`\* · 3 times[^\n]*\n✅ Fixed: Session Bridge can post there again\./,
  );
  assert.doesNotMatch(text, /Integrations/, "no remediation for what is fixed");
  const fr = viewText(healthView({ ...EMPTY, errors: [fixed] }, "fr", "U0ALICE"));
  assert.match(fr, /✅ Corrigé\u202F: Session Bridge peut de nouveau y publier/);
});

Deno.test("healthView() shows each kind of resolved error as resolved, without its fix, in both languages", () => {
  const group = (
    code: string,
    resolved: "channel_created" | "events_stored" | "reply_relayed",
  ) => ({
    code,
    count: 2,
    lastAt: Date.UTC(2026, 10, 22),
    remediation: { code: "platform_unavailable" as const, params: {} },
    ids: [] as Array<[string, string]>,
    resolved,
  });
  const errors = [
    group("restricted_action", "channel_created"),
    group("events_not_stored", "events_stored"),
    group("platform_unavailable", "reply_relayed"),
  ];
  const en = viewText(healthView({ ...EMPTY, errors }, "en", "U0ALICE"));
  assert.match(en, /`restricted_action`\* · 2 times[^\n]*\n✅ Resolved: every webinar named here/);
  assert.match(en, /`events_not_stored`\* · 2 times[^\n]*\n✅ Resolved: events from this platform/);
  assert.match(en, /`platform_unavailable`\* · 2 times[^\n]*\n✅ Resolved: a moderator's reply/);
  assert.doesNotMatch(en, /did not answer/, "no remediation for what is resolved");
  const fr = viewText(healthView({ ...EMPTY, errors }, "fr", "U0ALICE"));
  assert.equal(fr.match(/✅ Résolu\u202F: /g)?.length, 3);
});

Deno.test("healthView() counts waiting notifications per channel, with the last error and Retry now", () => {
  const report: HealthReport = {
    ...EMPTY,
    waiting: [
      { channel: "C0ATT", lane: "webinar", count: 3, lastError: "not_in_channel" },
      { channel: null, lane: "webinar", count: 1, lastError: null },
      { channel: null, lane: "learning", count: 1, lastError: "user_not_found" },
    ],
  };
  const view = healthView(report, "en", "U0ALICE", "Delivery resumed <!here>");
  assert.deepEqual(checkView(view), []);
  const text = viewText(view);
  assert.match(text, /<#C0ATT>: 3 notifications waiting \(last error `not_in_channel`\)/);
  assert.match(text, /a webinar channel still to set up: 1 notification waiting\n/);
  assert.match(
    text,
    /learners' direct messages: 1 notification waiting \(last error `user_not_found`\)/,
  );
  assert.ok(JSON.stringify(view.blocks).includes(HEALTH_RETRY_ACTION));
  assert.match(text, /^Delivery resumed &lt;!here&gt;/, "a notice comes first, escaped");
  const fr = viewText(healthView(report, "fr", "U0ALICE"));
  assert.match(
    fr,
    /<#C0ATT>\u202F: 3 notifications en attente \(dernière erreur `not_in_channel`\)/,
  );
  assert.match(fr, /Réessayer maintenant/);
  assert.doesNotMatch(text, /Counted from/);
  assert.match(
    viewText(healthView({ ...report, waitingCapped: true }, "en", "U0ALICE")),
    /Counted from the first 5 waiting notifications; more are waiting/,
  );
  assert.deepEqual(
    checkView(healthView({ ...EMPTY, waiting: null }, "en", "U0ALICE")),
    [],
  );
});

Deno.test("healthView() lists each error kind with its count, ids and fix in the reader's language", () => {
  const report: HealthReport = {
    ...EMPTY,
    errors: [notInChannel, { ...notInChannel, code: "odd", count: 1, remediation: null, ids: [] }],
    errorCount: 4,
    lastEvents: {
      webinar: { at: NOW - 5000, accepted: 7, rejected: 1, ignored: 2 },
      learning: null,
    },
  };
  const en = viewText(healthView(report, "en", "U0ALICE"));
  assert.match(en, /\*`not_in_channel`\* · 3 times, last <!date\^\d+\^/);
  assert.match(en, /Session Bridge is not in <#C0ATT>\. Open the channel/);
  assert.match(en, /Involved: channel <#C0ATT>, event `evt_1`/);
  assert.match(en, /\*`odd`\* · once, <!date/);
  assert.match(en, /7 accepted, 1 rejected, 2 ignored/);
  const fr = viewText(healthView(report, "fr", "U0ALICE"));
  assert.match(fr, /Session Bridge n’est pas dans <#C0ATT>/);
  assert.match(fr, /3 fois, la dernière/);
});

Deno.test("remediationText() escapes recorded values but keeps channel mentions", () => {
  assert.equal(
    remediationText({ code: "platform_rejected", params: { code: "<!channel> & co" } }, "en"),
    t("en", REMEDIATION.platform_rejected, { code: "&lt;!channel&gt; &amp; co" }),
  );
  assert.equal(remediationText({ text: "Old <b>text</b>" }, "en"), "Old &lt;b&gt;text&lt;/b&gt;");
  assert.match(
    remediationText({ code: "not_in_channel", params: {} }, "en"),
    /^Session Bridge is not in …\./,
  );
  assert.equal(remediationText(null, "en"), "");
});

Deno.test("healthView() stays within Block Kit's limits and says how many more there are", () => {
  const errors = Array.from({ length: 200 }, (_, i): ErrorGroup => ({
    ...notInChannel,
    code: `code_${i}_${"x".repeat(80)}`,
    ids: Array.from({ length: 20 }, (_, j): [string, string] => ["event", `evt_${j}`]),
  }));
  const unmatched = Array.from({ length: 1000 }, (_, i): UnmatchedEmail => ({
    email: `person-${i}-${"y".repeat(60)}@example.org`,
    count: 1,
    lastAt: NOW,
    roles: ["moderator", "learner"],
    namedBy: [{ kind: "webinar", webinar: `web_${i}`, channel: "C0W" }],
  }));
  const missing = Array.from({ length: 45 }, (_, i) => `C0M${i}`);
  const view = healthView(
    {
      ...EMPTY,
      errors,
      errorCount: 1000,
      errorsCapped: true,
      unmatched,
      channels: { expected: missing, watched: [], missing, extra: ["C0OLD", "bad id"] },
    },
    "en",
    "U0ALICE",
  );
  assert.deepEqual(checkView(view), []);
  assert.ok(view.blocks.length <= 100);
  const text = viewText(view);
  assert.match(text, new RegExp(`and ${200 - MAX_ERROR_GROUPS} more kinds of error`));
  assert.match(text, /evt_5` and 14 more/);
  assert.match(text, /More than 1,000 errors/);
  assert.match(text, /…and \d+ more emails\./);
  assert.match(text, /Not listened to: <#C0M0>.*<#C0M19> and 25 more/);
  assert.match(text, /no longer in use \(harmless\): <#C0OLD>, bad id/);
});

Deno.test("healthView() escapes recorded codes and emails", () => {
  const view = healthView(
    {
      ...EMPTY,
      errors: [{ ...notInChannel, code: "<!here>`x", remediation: { text: "<@U1>" } }],
      unmatched: [{
        email: "<!channel>@x.org",
        count: 2,
        lastAt: NOW,
        roles: ["learner"],
        namedBy: [{ kind: "session", title: "<!here> *talk*" }],
      }],
    },
    "en",
    "U0ALICE",
  );
  const text = viewText(view);
  assert.doesNotMatch(text, /<!here>|<!channel>|<@U1>/);
  assert.match(text, /&lt;!here&gt;'x/);
  assert.match(text, /&lt;!channel&gt;@x\.org: 2× \(learner\), session “&lt;!here&gt; \*talk\*”/);
});

Deno.test("coverageText() covers no channel, unreadable listeners and missing channels", () => {
  assert.match(coverageText(null, "en"), /Could not read the reply listeners/);
  assert.match(
    coverageText({ expected: [], watched: [], missing: [], extra: [] }, "fr"),
    /Aucun canal n’est encore utilisé/,
  );
  assert.match(
    coverageText(
      { expected: ["C0A", "C0B"], watched: ["C0A", "C0B"], missing: [], extra: [] },
      "en",
    ),
    /^All 2 channels in use are listened to/,
  );
  assert.match(
    coverageText({ expected: ["C0A", "C0B"], watched: ["C0A"], missing: ["C0B"], extra: [] }, "en"),
    /^Not listened to: <#C0B>\. Replies posted there do not reach attendees/,
  );
});

Deno.test("joinWithin() keeps whole lines under the limit and counts the rest", () => {
  assert.equal(joinWithin(["a", "b"], (n) => `+${n}`), "a\nb");
  assert.equal(joinWithin(["a", "b"], (n) => `+${n}`, 5), "a\nb\n+3");
  const lines = Array.from({ length: 100 }, () => "z".repeat(100));
  const joined = joinWithin(lines, (n) => `+${n}`);
  assert.ok(joined.length <= 3000);
  assert.match(joined, /\n\+\d+$/);
});

Deno.test("loadingView() and refusedView() are valid modals; only the loading one waits for close", () => {
  const loading = loadingView("fr", "U0ALICE");
  assert.deepEqual(checkView(loading), []);
  assert.equal(loading.notify_on_close, true);
  assert.match(viewText(loading), /Chargement…/);
  const refused = refusedView("en", ["U0BOB"]);
  assert.deepEqual(checkView(refused), []);
  assert.equal(refused.notify_on_close, undefined);
  assert.match(viewText(refused), /can see Session Bridge’s health[\s\S]*<@U0BOB>/);
});

Deno.test("healthView() in French: every label in French, French typography, counts in the right form", () => {
  const view = healthView(
    {
      ...EMPTY,
      errors: [{
        ...notInChannel,
        count: 1,
        ids: [["channel", "C0ABC"], ["event", "evt_1"], ["webinar", "web_1"], ["odd_key", "x"]],
      }],
      unmatched: [
        {
          email: "chloé@example.org",
          count: 3,
          lastAt: NOW,
          roles: ["moderator"],
          namedBy: [
            { kind: "webinar", webinar: "web_1", channel: "C0ABC" },
            { kind: "webinar", webinar: "web_2" },
          ],
        },
        {
          email: "lea@example.org",
          count: 1,
          lastAt: NOW,
          roles: ["learner"],
          namedBy: [{ kind: "event", event: "lrn_1" }],
        },
      ],
      lastEvents: { webinar: { at: NOW, accepted: 1, rejected: 0, ignored: 2 }, learning: null },
    },
    "fr",
    "U0ALICE",
  );
  const text = viewText(view);
  assert.match(text, /une fois/);
  assert.match(
    text,
    /En cause\u202F: canal <#C0ABC>, événement `evt_1`, webinaire `web_1`, odd_key `x`/,
  );
  assert.doesNotMatch(text, /Concerné|Involved|\bchannel\b|\bevent\b/);
  assert.match(
    text,
    /chloé@example\.org\u202F: 3× \(modérateur\), webinaire `web_1` dans <#C0ABC>, webinaire `web_2`/,
  );
  assert.match(text, /lea@example\.org\u202F: 1× \(apprenant\), événement `lrn_1`/);
  assert.match(text, /1 accepté, 0 refusé, 2 ignorés/);
  assert.doesNotMatch(text, / [:;?!]/, "no plain space before French punctuation");
});
