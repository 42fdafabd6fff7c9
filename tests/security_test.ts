/**
 * Issue 7, security: outside text never pings or links anyone; buttons and images carry only
 * http(s) URLs; a missing or wrong shared secret is refused and recorded; settings change only for
 * admins; replies are attributed as W7 says; and no email address, token or secret reaches a log
 * line in a full run.
 *
 * Already covered elsewhere, not repeated here: a non-admin opening "Configure Session Bridge", a
 * view forged for a non-admin and tampered private_metadata (functions/open_admin_settings/
 * handler_test.ts); a non-moderator's reply relayed as the primary moderator end to end
 * (functions/relay_moderator_reply/handler_test.ts); the constant-time comparison's structure
 * (domain/secret_test.ts: there is no honest timing test to add on a shared CI machine).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import SettingsDatastore, { type SettingsRow } from "../datastores/settings.ts";
import { replySender } from "../domain/webinar/attribution.ts";
import { scrub } from "../adapters/log.ts";
import { LEARNING_SECRET, startApp, type TestApp, WEBINAR_SECRET } from "../testing/app.ts";
import { countDeliveries } from "../testing/deliveries.ts";
import { anyText, BAD_URLS } from "../testing/generators.ts";
import { GROUP, SESSION as LEARNING_SESSION } from "../testing/learning_fixtures.ts";
import { mentionsIn, visibleText } from "../testing/mentions.ts";
import {
  clickShortcut,
  field,
  runEnded,
  storedRows,
  valuesWith,
  viewText,
  waitForView,
} from "../testing/modals.ts";
import { activity, history, replies, waitFor } from "../testing/reads.ts";
import { urlProblem, urlsIn } from "../testing/slack_limits.ts";
import {
  attendee,
  chat,
  mirrorInPlatform,
  poll,
  registered,
  SESSION,
  WEBINAR,
} from "../testing/webinar_fixtures.ts";
import type { Message } from "../sandbox/fake_slack/mod.ts";
import { SETTINGS_BLOCKS as B, SETTINGS_VIEW } from "../functions/open_admin_settings/views.ts";
import { HEALTH_VIEW } from "../functions/open_health_overview/views.ts";
import { seed } from "../sandbox/fake_slack/mod.ts";

type Event = Record<string, unknown>;

/** Every kind of Slack markup that would ping, link or format if it were read as mrkdwn. */
const INJECTION =
  "<!channel> <!here> <@U123> <#C123> <!subteam^S1> <https://evil.example|click> <mailto:x@y.z|m> *bold* _i_ &amp;";
/** The same, within 80 characters (group names) and 100 (session types). */
const SHORT_INJECTION = "<!channel> <@U123> <https://evil.example|click> *b* &amp;";

/** Every message the app posted with delivery metadata (channels, threads and DMs). */
async function appMessages(app: TestApp): Promise<Message[]> {
  const out: Message[] = [];
  for (const c of await app.fake.workspace.records.channels()) {
    for (const m of await app.fake.workspace.records.messagesIn(c.id)) {
      if (m.bot_id) out.push(m);
    }
  }
  return out;
}

/** The blocks and icon of every chat.* call the app made, sent or refused. */
function sentPayloads(app: TestApp): Array<{ method: string; blocks: unknown; icon: unknown }> {
  return ["chat.postMessage", "chat.scheduleMessage", "chat.update", "chat.postEphemeral"]
    .flatMap((method) => app.fake.calls({ method }))
    .filter((c) => c.token_kind !== "user")
    .map((c) => ({
      method: c.method,
      blocks: typeof c.args.blocks === "string" ? JSON.parse(c.args.blocks) : c.args.blocks,
      icon: c.args.icon_url,
    }));
}

function assertOnlyHttpUrls(app: TestApp): number {
  let seen = 0;
  for (const p of sentPayloads(app)) {
    for (const { path, url } of urlsIn(p.blocks ?? [])) {
      seen++;
      assert.equal(urlProblem(url), null, `${p.method} ${path}: ${String(url).slice(0, 80)}`);
    }
    if (p.icon !== undefined) {
      seen++;
      assert.equal(urlProblem(p.icon), null, `${p.method} icon_url`);
    }
  }
  return seen;
}

Deno.test("security: mention and link injection in every field that reaches Slack stays inert and literal", async () => {
  const app = await startApp({ timeScale: 10 });
  try {
    const channel = app.channels["webinar-attendees"]!;
    await app.setSettings({ channelId: channel });
    const webinar = {
      ...WEBINAR,
      title: INJECTION,
      chat_url: "https://webinar.example/w/web_1/chat",
      reply_attribution: "sender" as const,
    };
    const session = { ...SESSION, type: SHORT_INJECTION };
    const a = attendee(1, {
      name: INJECTION,
      chat_url: "https://webinar.example/w/web_1/chat?attendee=att_1",
    });
    mirrorInPlatform(app.platform, [a], webinar);
    app.platform.setOnline(webinar.id, "att_1", true);
    const first = { ...registered(a), webinar, session };
    await app.sendWebinar([
      first,
      { ...chat(a, INJECTION), webinar, session },
      { ...poll(a, INJECTION, INJECTION), webinar, session },
    ]);
    await app.settle();
    const [parent] = await history(app, channel);
    assert.ok(parent, "the attendee's parent message");
    // A moderator's reply, then the platform reports it failed with an injected reason.
    const reply = await app.api(
      "chat.postMessage",
      { channel, thread_ts: parent.ts, text: "We will send the slides" },
      await app.userToken("mo"),
    );
    assert.equal(reply.ok, true);
    await app.settle();
    await waitFor(async () =>
      (await app.fake.workspace.getMessage(channel, String(reply.ts)))?.reactions
    );
    await app.sendWebinar([{
      id: "sec-result-1",
      type: "reply.delivery_result",
      occurred_at: "2026-11-22T15:31:00Z",
      webinar: { id: webinar.id },
      attendee: { id: "att_1" },
      reply: { id: `${channel}-${reply.ts}`, outcome: "failed", error: INJECTION },
    }]);

    const learner = (email: string, type: string, id: string): Event => ({
      id,
      type,
      occurred_at: "2026-11-20T09:00:00Z",
      learner: { email },
      notification: { title: INJECTION },
      session: {
        ...LEARNING_SESSION,
        title: INJECTION,
        description: INJECTION,
        url: "https://learning.example/paths/p_1/sessions/s_1",
      },
      group: { name: SHORT_INJECTION, logo_url: GROUP.logo_url },
    });
    await app.sendLearning([
      learner("lea@example.com", "session_assignment", "sec-l1"),
      learner("liam@example.com", "session_information", "sec-l2"),
    ]);
    await app.settle();

    const thread = await replies(app, channel, parent.ts);
    const failedNote = thread.find((m) => m.bot_id && visibleText(m).includes("did not reach"));
    assert.ok(failedNote, "the failed reply is explained in the thread");
    const messages = await appMessages(app);
    // parent, chat, poll, the failure note, two DMs.
    assert.ok(messages.length >= 6, `${messages.length} messages`);
    const expectedUrls = new Set([
      a.chat_url,
      LEARNING_SESSION.url,
      LEARNING_SESSION.cover_image.url,
      app.triggers.my_notifications_link!.shortcut_url,
    ]);
    for (const m of messages) {
      assert.deepEqual(mentionsIn(m), { pings: [], links: [] }, `no ping, no link: ${m.text}`);
      assert.doesNotMatch(m.text, /<[!@#]|<https?:|<mailto:/, "the fallback is escaped");
      for (const { url } of urlsIn(m.blocks ?? [])) {
        assert.ok(expectedUrls.has(String(url)), `exactly the URLs given: ${String(url)}`);
      }
      const shown = visibleText(m);
      if (m.username) {
        assert.equal(m.username, SHORT_INJECTION, "the group's name as sender, literally");
        assert.equal(m.icons?.image_48, GROUP.logo_url);
      }
      assert.ok(
        shown.includes(INJECTION) || shown.includes(SHORT_INJECTION),
        `the text is shown literally: ${shown.slice(0, 200)}`,
      );
    }
    const parentText = visibleText(parent);
    for (const literal of [INJECTION, SHORT_INJECTION]) assert.ok(parentText.includes(literal));
    assert.ok(visibleText(failedNote!).includes(INJECTION), "the platform's reason, literally");
    for (const user of ["lea", "liam"]) {
      const dm = messages.find((m) =>
        m.metadata?.event_payload?.delivery_id === `learning:sec-${user === "lea" ? "l1" : "l2"}`
      );
      assert.ok(dm, `${user} got the DM`);
      const text = visibleText(dm);
      assert.ok(text.includes(INJECTION), "title, session title and description literally");
    }
    assert.ok(assertOnlyHttpUrls(app) > 0);
  } finally {
    await app.close();
  }
});

Deno.test("security: buttons and images only ever carry http(s) URLs; other URLs are refused with a reason", async () => {
  const app = await startApp({ timeScale: 10 });
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    const odd = [
      ...BAD_URLS,
      "HTTPS://EXAMPLE.COM/Upper",
      "https://exämple.example/çà",
      "https://xn--exmple-cua.example/",
      "http://[::1]:8080/v6",
    ];
    const webinarEvents: Event[] = [];
    const where: Array<{ id: string; field: string }> = [];
    odd.forEach((url, i) => {
      for (const field of ["attendee.chat_url", "webinar.chat_url"]) {
        const id = `url-w-${i}-${field.split(".")[0]}`;
        const a = attendee(
          500 + webinarEvents.length,
          field === "attendee.chat_url" ? { chat_url: url } : {},
        );
        if (field === "webinar.chat_url") delete a.chat_url;
        const webinar = field === "webinar.chat_url" ? { ...WEBINAR, chat_url: url } : WEBINAR;
        webinarEvents.push({ ...registered(a), id, webinar });
        where.push({ id, field });
      }
    });
    const learningEvents: Event[] = [];
    odd.forEach((url, i) => {
      for (const field of ["session.url", "session.cover_image.url", "group.logo_url"]) {
        const id = `url-l-${i}-${field.replaceAll(".", "_")}`;
        const session = field === "session.url"
          ? { ...LEARNING_SESSION, url }
          : field === "session.cover_image.url"
          ? { ...LEARNING_SESSION, cover_image: { url, is_default: false } }
          : LEARNING_SESSION;
        const group = field === "group.logo_url" ? { ...GROUP, logo_url: url } : GROUP;
        learningEvents.push({
          id,
          type: "session_assignment",
          learner: { email: "liam@example.com" },
          notification: { title: "URL check" },
          session,
          group,
        });
        where.push({ id, field });
      }
    });
    for (let i = 0; i < webinarEvents.length; i += 25) {
      assert.equal((await app.sendWebinar(webinarEvents.slice(i, i + 25))).status, 200);
    }
    for (let i = 0; i < learningEvents.length; i += 25) {
      assert.equal((await app.sendLearning(learningEvents.slice(i, i + 25))).status, 200);
    }
    await app.settle();

    assert.ok(assertOnlyHttpUrls(app) > 20, "URLs were checked in what was sent");
    const { byId } = await countDeliveries(app.fake);
    const delivered = new Set(
      [...byId.keys()].map((d) => d.replace(/^[a-z]+:/, "").replace(/#(parent|first)$/, "")),
    );
    const rows = await activity(app);
    for (const { id, field } of where) {
      const rejected = rows.find((r) => r.kind === "rejected" && String(r.id).endsWith(`:${id}`));
      if (rejected) {
        assert.match(
          String(rejected.detail),
          new RegExp(`^events\\[\\d+\\]\\.${field.replaceAll(".", "\\.")}: `),
          `${id}: the reason names ${field}`,
        );
        assert.ok(!delivered.has(id), `${id}: refused, yet posted`);
      } else {
        assert.ok(delivered.has(id), `${id}: neither refused nor posted`);
      }
    }
    // What the contract forbids is refused, whatever field carries it.
    const refused = (url: string, lane: string) =>
      where.filter((w) => w.id.startsWith(`url-${lane}-${odd.indexOf(url)}-`));
    for (
      const url of ["javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://files.example/x"]
    ) {
      for (const { id } of [...refused(url, "w"), ...refused(url, "l")]) {
        assert.ok(!delivered.has(id), `${url} in ${id} was accepted`);
      }
    }
    // docs/events.md, learning: "with no user name or password".
    for (const url of ["https://user:pass@evil.example/", "https://user@evil.example/"]) {
      for (const { id } of refused(url, "l")) {
        const row = rows.find((r) => r.kind === "rejected" && String(r.id).endsWith(`:${id}`));
        assert.match(String(row?.detail), /: must not carry a user name or password$/, id);
      }
    }
    // Accepted URLs reach the button as Slack should open them.
    const posted = sentPayloads(app).flatMap((p) => urlsIn(p.blocks ?? []).map((u) => u.url));
    for (
      const url of ["https://example.com/Upper", "https://xn--exmple-cua.example/%C3%A7%C3%A0"]
    ) {
      assert.ok(posted.includes(url), `${url} on a button`);
    }
    assert.deepEqual(rows.filter((r) => r.kind === "error"), [], "Slack refused nothing");
  } finally {
    await app.close();
  }
});

Deno.test("security: a missing or wrong shared secret is refused, recorded once per request, and posts nothing (both webhooks)", async () => {
  const app = await startApp();
  try {
    await app.setSettings({ channelId: app.channels["webinar-attendees"]! });
    let n = 0;
    const lanes = [
      {
        lane: "webinar",
        url: String(app.triggers.webinar_events_webhook!.webhook_url),
        right: WEBINAR_SECRET,
        other: LEARNING_SECRET,
        events: () => [registered(attendee(700 + n++))],
      },
      {
        lane: "learning",
        url: String(app.triggers.learning_events_webhook!.webhook_url),
        right: LEARNING_SECRET,
        other: WEBINAR_SECRET,
        events: () => [{
          id: `sec-${n++}`,
          type: "session_assignment",
          learner: { email: "liam@example.com" },
          notification: { title: "Secret check" },
          session: LEARNING_SESSION,
          group: GROUP,
        }],
      },
    ];
    for (const l of lanes) {
      const wrong: Array<[string, Record<string, unknown>]> = [
        ["missing", {}],
        ["empty", { secret: "" }],
        ["wrong", { secret: "not-the-secret" }],
        ["the other webhook's", { secret: l.other }],
        ["upper case", { secret: l.right.toUpperCase() }],
        ["trailing space", { secret: `${l.right} ` }],
        ["leading space", { secret: ` ${l.right}` }],
        ["one character short", { secret: l.right.slice(0, -1) }],
        ["with a NUL", { secret: `${l.right}\u0000` }],
      ];
      for (const [what, body] of wrong) {
        const before = (await activity(app)).filter((r) => r.code === "bad_secret").length;
        const res = await app.post(l.url, { ...body, events: l.events() });
        assert.equal(res.status, 200, `${l.lane}, ${what}: Slack accepts the request`);
        await app.settle();
        const rows = (await activity(app)).filter((r) => r.code === "bad_secret");
        assert.equal(rows.length, before + 1, `${l.lane}, ${what}: recorded once`);
        const row = rows.find((r) => r.source === l.lane && r.kind === "rejected");
        assert.ok(row, `${l.lane}, ${what}: a rejected row`);
        assert.match(String(row.detail), /secret: (is missing|does not match)/);
        assert.doesNotMatch(JSON.stringify(rows), new RegExp(`${l.right}|${l.other}`), "no secret");
      }
      // Wrong JSON types never reach the app: Slack refuses the trigger's inputs itself.
      for (const secret of [42, [l.right], { value: l.right }, true]) {
        const res = await app.post(l.url, { secret, events: l.events() });
        assert.equal(res.status, 400, `${l.lane}, ${JSON.stringify(secret)}`);
        assert.equal(res.body.error, "invalid_workflow_input");
      }
    }
    await app.settle();
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 0, "nothing posted");
    assert.equal((await storedRows(app, "outbox")).length, 0, "nothing queued");
    const runs = app.engine.runs.filter((r) => /events_received/.test(r.workflow));
    assert.equal(runs.length, 18, "one run per request Slack accepted");
    for (const run of runs) {
      assert.match(String(run.steps[0]?.outputs?.status), /^rejected:bad_secret$/);
    }
  } finally {
    await app.close();
  }
});

/** Settings writes the app made (not the test's own setup). */
const settingsPuts = (app: TestApp) =>
  app.fake.calls({ method: "apps.datastore.put" }).filter((c) =>
    c.args.datastore === SettingsDatastore.name && c.token_kind === "workflow"
  );

Deno.test("security: someone no longer an admin when they submit the settings is refused and nothing is stored", async () => {
  const app = await startApp();
  try {
    const mo = app.users.mo!;
    await app.setSettings({ admins: [mo] });
    const run = await clickShortcut(app, "configure_link", mo);
    const view = await waitForView(app, mo, SETTINGS_VIEW);
    // An admin removes Mo while Mo's modal is open.
    await app.setSettings({ admins: [] });
    const res = await app.engine.submitView(
      mo,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
        [B.admins]: field.users([mo]),
      }),
    );
    const response = res.response as { response_action: string; view: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(viewText(response.view), /You are not a Session Bridge admin/);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused:not_admin" });
    assert.equal(settingsPuts(app).length, 0, "no apps.datastore.put on settings");
    const [row] = await storedRows<SettingsRow>(app, SettingsDatastore.name);
    assert.deepEqual(row!.admins, [], "Mo did not make themselves an admin again");
    assert.equal(row!.channel_mode, "single");
  } finally {
    await app.close();
  }
});

Deno.test("replySender() attributes anyone who is not one of the webinar's moderators to the primary moderator (property)", () => {
  const local = fc.string({
    unit: fc.constantFrom(..."abcXYZ09._+-".split("")),
    minLength: 1,
    maxLength: 8,
  });
  const email = fc.tuple(local, fc.constantFrom("example.com", "Example.COM", "other.org"))
    .map(([l, d]) => `${l}@${d}`);
  const person = fc.record({ name: fc.string({ maxLength: 10 }), email });
  const variant = (e: string) =>
    fc.constantFrom(e, e.toUpperCase(), e.toLowerCase(), ` ${e} `, `${e}\t`);
  fc.assert(
    fc.property(
      fc.constantFrom("sender" as const, "primary_moderator" as const),
      person,
      fc.array(person, { maxLength: 5 }),
      fc.oneof(
        fc.constant(null),
        email,
        fc.nat().map((n) => n), // an index into the moderators, to pick one of them
      ),
      fc.nat(),
      (mode, primary, moderators, pick, salt) => {
        const everyone = [primary, ...moderators];
        const chosen = typeof pick === "number" ? everyone[pick % everyone.length]!.email : pick;
        const authorEmail = chosen === null
          ? null
          : fc.sample(variant(chosen), { seed: salt, numRuns: 1 })[0]!;
        const got = replySender({ replyAttribution: mode, primary, moderators }, {
          email: authorEmail,
        });
        const norm = (e: string) => e.trim().toLowerCase();
        const match = authorEmail === null
          ? undefined
          : everyone.find((p) => norm(p.email) === norm(authorEmail));
        if (mode === "sender" && match) {
          assert.deepEqual(got, { ...match, as: "sender", substituted: false });
        } else {
          assert.deepEqual(got, {
            ...primary,
            as: "primary_moderator",
            substituted: mode === "sender",
          });
        }
        assert.ok(everyone.some((p) => p.email === got.email), "never someone outside the webinar");
      },
    ),
    { seed: 77, numRuns: 2_000 },
  );
});

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const TOKEN = /\bx(?:ox[abposr]|wfp|app)-/;

Deno.test("scrub() takes every email address (internationalised too) and Slack token out of logged values (property)", () => {
  const address = fc.oneof(
    fc.constantFrom(
      "ada@example.org",
      "O'Brien+tag@sub.example.co.uk",
      "zoë.secret@exämple.example",
      "用户@例子.广告",
      "Δ@δοκιμή.ελ",
    ),
    fc.tuple(
      fc.string({ unit: fc.constantFrom(..."abzé9._+-ü".split("")), minLength: 1, maxLength: 8 }),
      fc.constantFrom("example.com", "exämple.de", "例子.广告"),
    ).map(([l, d]) => `${l}x@${d}`),
  );
  const token = fc.constantFrom("xoxb-1-2-abc", "xoxp-99-XyZ", "xwfp-abc-123", "xapp-1-A1-2-ff");
  fc.assert(
    fc.property(anyText, fc.oneof(address, token), anyText, (before, secret, after) => {
      const line = JSON.stringify(scrub({ note: `${before} ${secret} ${after}`, list: [secret] }));
      assert.ok(!line.includes(secret), `${secret} left in ${line}`);
    }),
    { seed: 78, numRuns: 2_000 },
  );
  assert.deepEqual(scrub({ user_email: "a@b.co", token: "x", nested: { email: "c@d.co" } }), {
    user_email: "[redacted]",
    token: "[redacted]",
    nested: { email: "[redacted]" },
  });
});

Deno.test("security: no email address, token or secret in any log line of a full run", async () => {
  const app = await startApp({ timeScale: 10 });
  try {
    const channel = app.channels["webinar-attendees"]!;
    const alice = app.users.alice!;
    // An admin saves the settings through the modal.
    const run = await clickShortcut(app, "configure_link", alice);
    const view = await waitForView(app, alice, SETTINGS_VIEW);
    await app.engine.submitView(
      alice,
      view.id,
      valuesWith(view, {
        [B.channel]: field.conversation(channel),
        [B.admins]: field.users([app.users.sam!]),
      }),
    );
    await runEnded(run);
    assert.equal(run.status, "completed");

    // Webinar: registration, chat, a moderator's reply that arrives, one that fails.
    const ada = attendee(1, { name: "Ada Lovelace", email: "ada.secret@example.org" });
    const bob = attendee(2, { name: "Bob", email: "bob.secret@example.org" });
    mirrorInPlatform(app.platform, [ada, bob]);
    app.platform.setOnline(WEBINAR.id, "att_1", true);
    await app.sendWebinar([
      { ...registered(ada), id: "leak@example.com" },
      chat(ada, "Write to me at ada.other@example.org please"),
      registered(bob),
      // Rejected events carrying emails: an invalid one, and an unknown type named like an email.
      {
        ...registered(attendee(3, { email: "carol.secret@example.org" })),
        occurred_at: "yesterday",
      },
      { ...registered(attendee(4)), type: "dave.secret@example.org" },
      // Addresses with non-ASCII letters are addresses too.
      { ...registered(attendee(5)), type: "zoë.secret@exämple.example" },
      { ...registered(attendee(6)), id: "用户@例子.广告", occurred_at: "later" },
    ]);
    await app.settle();
    const parents = await history(app, channel);
    assert.equal(parents.length, 2);
    const say = async (who: string, ts: string, text: string) => {
      const res = await app.api(
        "chat.postMessage",
        { channel, thread_ts: ts, text },
        await app.userToken(who),
      );
      assert.equal(res.ok, true);
      return String(res.ts);
    };
    const adaParent = parents.find((p) => visibleText(p).includes("Ada Lovelace"))!;
    const bobParent = parents.find((p) => visibleText(p).includes("Bob"))!;
    const ok = await say("mo", adaParent.ts, "Sure, mo@example.com will send it");
    await app.settle();
    await waitFor(async () => (await app.fake.workspace.getMessage(channel, ok))?.reactions);
    app.platform.mode = { kind: "down" };
    const failed = await say("sam", bobParent.ts, "Hello from sam@example.com");
    await app.settle();
    await waitFor(async () => (await app.fake.workspace.getMessage(channel, failed))?.reactions);
    app.platform.mode = { kind: "up" };

    // Learning: an invitation, an unmatched learner, a path step.
    const learning = (
      id: string,
      email: string,
      type = "session_assignment",
      extra: Event = {},
    ) => ({
      id,
      type,
      learner: { email },
      notification: { title: "Invitation" },
      session: LEARNING_SESSION,
      group: GROUP,
      ...extra,
    });
    await app.sendLearning([
      learning("log-l1", "lea@example.com"),
      learning("log-l2", "ghost.secret@nowhere.example"),
      learning("log-l3", "liam@example.com", "path_step", {
        send_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      }),
    ]);
    // A request with a wrong secret.
    await app.sendWebinar([registered(attendee(7))], "wrong-secret-value");
    await app.settle();

    const lines = [
      ...app.engine.logs.map((l) => `[${l.function}] ${l.line}`),
      ...app.engine.runs.flatMap((
        r,
      ) => [r.error ?? "", JSON.stringify(r.steps.map((s) => s.outputs))]),
    ];
    assert.ok(lines.length > 20, `${lines.length} lines scanned`);
    const secrets = [
      WEBINAR_SECRET,
      LEARNING_SECRET,
      app.platform.token,
      app.platform.signingSecret,
      "wrong-secret-value",
      app.fake.workspace.requireApp().bot_token,
    ];
    const emails = [
      "ada.secret@example.org",
      "ada.other@example.org",
      "bob.secret@example.org",
      "carol.secret@example.org",
      "dave.secret@example.org",
      "zoë.secret@exämple.example",
      "用户@例子.广告",
      "ghost.secret@nowhere.example",
      "leak@example.com",
      "mo@example.com",
      "sam@example.com",
      "pat@example.com",
      "lea@example.com",
      "liam@example.com",
      "alice@example.com",
    ];
    const leaks = lines.filter((line) =>
      EMAIL.test(line) || TOKEN.test(line) || secrets.some((s) => line.includes(s)) ||
      emails.some((e) => line.toLowerCase().includes(e.toLowerCase()))
    );
    assert.deepEqual(leaks, [], "log lines with an email, a token or a secret");
    // The run did what it should, so the scan covered real work.
    const outputs = app.engine.runs.map((r) => String(r.steps[0]?.outputs?.status ?? ""));
    assert.ok(outputs.includes("rejected:bad_secret"));
    assert.ok((await activity(app)).some((r) => r.kind === "unmatched_email"));
    assert.ok((await activity(app)).some((r) => r.code === "platform_unavailable"));
    assert.ok(app.platform.replies.length >= 1);
  } finally {
    await app.close();
  }
});

Deno.test("security: admin-visible activity rows and the health modal hold no email, token or secret", async () => {
  const app = await startApp();
  try {
    // A private channel the app is not in: posting fails, and the error names the event.
    const { channels } = await seed(app.fake, {
      channels: [{ name: "hidden-attendees", is_private: true, members: ["alice"] }],
    });
    await app.setSettings({ channelId: channels["hidden-attendees"]! });
    const token = "xoxb-1234-5678-AbCdEfGh";
    await app.sendWebinar([
      // Valid: an email-shaped id is allowed (letters, digits, . _ @ ~ -).
      { ...registered(attendee(1)), id: "leak.one@example.com" },
      // Invalid, with an email-shaped id and a token where a date belongs.
      { ...registered(attendee(2)), id: "leak.two@example.com", occurred_at: token },
      // Unknown types shaped like a token and like an email.
      { ...registered(attendee(3)), id: "evt_token_type", type: token },
      { ...registered(attendee(4)), id: "evt_email_type", type: "leak.three@example.com" },
      // An id that is not one: a bearer string.
      { ...registered(attendee(5)), id: "Bearer abcdefgh12345678", occurred_at: "later" },
    ]);
    await app.sendLearning([{
      id: "leak.four@example.com",
      type: "session_assignment",
      learner: { email: "ghost.learner@nowhere.example" },
      notification: { title: "Invitation" },
      session: LEARNING_SESSION,
      group: GROUP,
    }]);
    await app.settle();

    const rows = await activity(app);
    const kinds = new Set(rows.map((r) => r.kind));
    for (const kind of ["error", "rejected", "ignored", "unmatched_email"]) {
      assert.ok(kinds.has(kind), `a ${kind} row was recorded (${[...kinds]})`);
    }
    const leaks = ["leak.one", "leak.two", "leak.three", "leak.four", "xoxb-", "abcdefgh12345678"];
    for (const row of rows) {
      // The email of an unmatched person is the one place an email belongs.
      const { email, ...rest } = row;
      if (email !== undefined) assert.equal(row.kind, "unmatched_email");
      const text = JSON.stringify(rest);
      assert.ok(!EMAIL.test(text) && !TOKEN.test(text), `${row.kind} row: ${text}`);
      for (const leak of leaks) assert.ok(!text.includes(leak), `${leak} in ${text}`);
    }
    assert.ok(rows.some((r) => r.email === "ghost.learner@nowhere.example"));

    const alice = app.users.alice!;
    const run = await clickShortcut(app, "health_link", alice);
    const view = await waitForView(app, alice, HEALTH_VIEW, (v) => v.blocks.length > 1);
    const shown = viewText(view);
    assert.match(shown, /channel_not_found/, "the error is listed");
    for (const leak of leaks) assert.ok(!shown.includes(leak), `${leak} in the health modal`);
    await app.engine.closeView(alice, view.id);
    await runEnded(run);
  } finally {
    await app.close();
  }
});
