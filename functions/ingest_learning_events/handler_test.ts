/**
 * End to end: a learning platform posts to the webhook trigger; the workflow engine runs the real
 * function against the fake Slack; the tests read what Slack recorded (DMs, calls, datastores).
 */
import assert from "node:assert/strict";
import { saveMuted } from "../../adapters/learning/preferences.ts";
import { BLOCKS } from "../../domain/learning/messages.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { graphemeLength } from "../../domain/text.ts";
import { seed } from "../../sandbox/fake_slack/mod.ts";
import type { TestApp } from "../../testing/app.ts";
import {
  activityRows,
  appContext,
  assignment,
  block,
  buttons,
  dmChannel,
  dmMessages,
  GROUP,
  information,
  outcomeOf,
  richTexts,
  sendAndSettle as send,
  SESSION,
  waitPastStaleReads,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";

function lastIngestOutputs(app: TestApp): Record<string, unknown> | undefined {
  return app.engine.runs.filter((r) => r.workflow === "learning_events_received").at(-1)
    ?.steps[0]?.outputs;
}

Deno.test("an invitation reaches the matched learner as one DM from the group, with all of L4", () =>
  withApp(async (app) => {
    const event = assignment("liam@example.com");
    await send(app, [event]);

    const messages = await dmMessages(app, "liam");
    assert.equal(messages.length, 1);
    const [dm] = messages;
    // L3: the group's name and logo as the sender; L2: in the app's own DM (its Messages tab).
    assert.equal(dm!.username, GROUP.name);
    assert.equal(dm!.icons?.image_48, GROUP.logo_url);
    const posts = app.fake.calls({ method: "chat.postMessage" });
    assert.equal(posts.length, 1);
    // Sent to the learner's user id: Slack puts it in the app's DM with them (no conversations.open).
    assert.equal(posts[0]!.args.channel, app.users.liam);
    const opened = app.fake.calls({ method: "conversations.open" });
    assert.equal(opened.filter((c) => c.token_kind === "workflow").length, 0);
    assert.ok(messages.length === 1 && (await dmChannel(app, "liam")).startsWith("D"));
    // L4, in the seed's order.
    assert.deepEqual(dm!.blocks?.map((b) => b.block_id), [
      BLOCKS.title,
      BLOCKS.session,
      BLOCKS.cover,
      BLOCKS.dates,
      BLOCKS.actions,
    ]);
    const title = block(dm!, BLOCKS.title)?.text as { type: string; text: string };
    assert.deepEqual(title, {
      type: "plain_text",
      text: `You are invited to “${SESSION.title}”`,
      emoji: false,
    });
    assert.deepEqual(richTexts(block(dm!, BLOCKS.session)), [
      SESSION.title,
      "\n",
      SESSION.description,
    ]);
    assert.equal(block(dm!, BLOCKS.cover)?.image_url, SESSION.cover_image.url);
    const dates = ((block(dm!, BLOCKS.dates)?.elements as Array<{ elements: unknown[] }>)[0]!
      .elements as Array<{ type: string; timestamp?: number; fallback?: string }>)
      .filter((e) => e.type === "date");
    assert.deepEqual(dates.map((d) => [d.timestamp, d.fallback]), [
      [Date.parse(SESSION.starts_at) / 1000, "2026-12-01 09:00 UTC"],
      [Date.parse(SESSION.ends_at) / 1000, "2026-12-01 11:30 UTC"],
    ]);
    assert.deepEqual(buttons(dm!), {
      open_session: SESSION.url,
      manage_notifications: app.triggers.my_notifications_link!.shortcut_url,
    });
    assert.equal(dm!.text, `You are invited to “${SESSION.title}”: ${SESSION.title}`);
    assert.equal(dm!.metadata?.event_payload?.delivery_id, `learning:${event.id}`);
    assert.equal(await outcomeOf(app, event.id), "posted");
  }));

Deno.test("an unmatched email sends nothing and is counted where admins can see it", () =>
  withApp(async (app) => {
    const events = [assignment("ghost@nowhere.example"), information("ghost@nowhere.example")];
    await send(app, events);

    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 0);
    const unmatched = (await activityRows(app)).filter((r) => r.kind === "unmatched_email");
    assert.equal(unmatched.length, 2);
    for (const row of unmatched) {
      assert.equal(row.source, "learning");
      assert.equal(row.code, "learner_not_in_slack");
      assert.equal(row.email, "ghost@nowhere.example");
      assert.match(String(row.remediation), /same in both places/);
      assert.equal(String(row.detail).includes("ghost@"), false, "the email stays out of detail");
    }
    assert.equal(await outcomeOf(app, events[0]!.id), "skipped:unmatched");
    // The lookup result is cached: the second event did not ask Slack again.
    assert.equal(app.fake.calls({ method: "users.lookupByEmail" }).length, 1);
  }));

Deno.test("descriptions of 199, 200 and 201+ characters are cut right; default and SVG covers show no image", () =>
  withApp(async (app) => {
    const words = (n: number) => "abcd ".repeat(Math.ceil(n / 5)).slice(0, n - 1) + "z";
    const family = "👩‍👩‍👧‍👦";
    const accented = "e\u0301";
    const cases: Array<{ description: string; expected: string }> = [
      { description: words(199), expected: words(199) },
      { description: words(200), expected: words(200) },
      // 201 characters ending "… abcd z": 199 are kept, up to the end of a word, then "…".
      { description: words(201), expected: `${"abcd ".repeat(40).trimEnd()}…` },
      // 203 characters ending "… abcdefgh": the cut would fall inside that word, so it goes.
      {
        description: `${"abcd ".repeat(39)}abcdefgh`,
        expected: `${"abcd ".repeat(39).trimEnd()}…`,
      },
      // An emoji and an accented letter sit at the 200th and 201st characters, inside a word.
      {
        description: `${"abcd ".repeat(39)}abc${family}${accented}xyz fin`,
        expected: `${"abcd ".repeat(39).trimEnd()}…`,
      },
      // One overlong word of accented letters: cut between letters, never inside one.
      { description: accented.repeat(250), expected: `${accented.repeat(199)}…` },
    ];
    const covers = [
      { url: "https://learning.example/covers/c.svg", is_default: false },
      { url: "https://learning.example/covers/c.SVG?x=1", is_default: false },
      { url: "https://learning.example/covers/default.png", is_default: true },
    ];
    const events = [
      ...cases.map((c) =>
        assignment("liam@example.com", { session: { description: c.description } })
      ),
      ...covers.map((cover) => assignment("liam@example.com", { session: { cover_image: cover } })),
    ];
    await send(app, events);

    const messages = await dmMessages(app, "liam");
    assert.equal(messages.length, events.length);
    const byEvent = new Map(messages.map((m) => [m.metadata?.event_payload?.delivery_id, m]));
    cases.forEach((c, i) => {
      const dm = byEvent.get(`learning:${events[i]!.id}`)!;
      const description = richTexts(block(dm, BLOCKS.session))[2];
      assert.equal(description, c.expected, `case ${i}`);
      assert.ok(graphemeLength(description ?? "") <= 200);
    });
    covers.forEach((cover, i) => {
      const dm = byEvent.get(`learning:${events[cases.length + i]!.id}`)!;
      assert.equal(block(dm, BLOCKS.cover), undefined, cover.url);
      assert.equal(JSON.stringify(dm.blocks).includes(cover.url), false);
    });
    // The first case kept its cover (not default, not SVG).
    assert.equal(
      block(byEvent.get(`learning:${events[0]!.id}`)!, BLOCKS.cover)?.image_url,
      SESSION.cover_image.url,
    );
  }));

Deno.test("while the integration is inactive, or a type is disabled, nothing is sent", () =>
  withApp(async (app) => {
    await app.setSettings({ learningEnabled: false });
    const off = assignment("liam@example.com");
    await send(app, [off]);
    assert.equal(await outcomeOf(app, off.id), "skipped:learning_off");

    await app.setSettings({
      enabledTypes: { ...DEFAULT_SETTINGS.enabledTypes, session_information: false },
    });
    const disabled = information("liam@example.com");
    const enabled = assignment("liam@example.com");
    await send(app, [disabled, enabled]);
    assert.equal(await outcomeOf(app, disabled.id), "skipped:type_disabled");
    assert.equal(await outcomeOf(app, enabled.id), "posted");

    const messages = await dmMessages(app, "liam");
    assert.deepEqual(messages.map((m) => m.metadata?.event_payload?.delivery_id), [
      `learning:${enabled.id}`,
    ]);
    // Nothing was even looked up while the integration was off.
    assert.equal(app.fake.calls({ method: "users.lookupByEmail" }).length, 1);
  }));

Deno.test("a learner who muted information still gets invitations", () =>
  withApp(async (app) => {
    // As the learner's “My learning notifications” modal saves it.
    await saveMuted(appContext(app), app.users.lea!, ["session_information"]);
    await waitPastStaleReads(app);
    const muted = information("lea@example.com");
    const invitation = assignment("lea@example.com");
    await send(app, [muted, invitation]);

    assert.equal(await outcomeOf(app, muted.id), "skipped:muted");
    const messages = await dmMessages(app, "lea");
    assert.deepEqual(messages.map((m) => m.metadata?.event_payload?.delivery_id), [
      `learning:${invitation.id}`,
    ]);
  }));

Deno.test("the same event sent 5 times gives one DM; a wrong secret sends nothing", () =>
  withApp(async (app) => {
    const event = assignment("liam@example.com");
    await send(app, [event, event]);
    for (let i = 0; i < 4; i++) await send(app, [event]);
    assert.equal((await dmMessages(app, "liam")).length, 1);
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 1);

    await send(app, [assignment("lea@example.com")], "not-the-secret");
    assert.equal(lastIngestOutputs(app)?.status, "rejected:bad_secret");
    assert.equal((await dmMessages(app, "lea")).length, 0);
    assert.equal(app.fake.calls({ method: "chat.postMessage" }).length, 1);
    const refused = (await activityRows(app)).filter((r) => r.code === "bad_secret");
    assert.equal(refused.length, 1);
    assert.match(String(refused[0]!.remediation), /LEARNING_EVENT_SECRET/);
  }));

Deno.test("a learner whose Slack locale is French gets the French text", () =>
  withApp(async (app) => {
    await send(app, [assignment("lea@example.com"), assignment("liam@example.com")]);
    const [fr] = await dmMessages(app, "lea");
    const [en] = await dmMessages(app, "liam");
    const labels = (m: typeof fr) =>
      (block(m!, BLOCKS.actions)?.elements as Array<{ text: { text: string } }>).map((e) =>
        e.text.text
      );
    assert.deepEqual(labels(fr), ["Ouvrir la session", "Gérer les notifications"]);
    assert.deepEqual(labels(en), ["Open session", "Manage notifications"]);
    assert.deepEqual(richTexts(block(fr!, BLOCKS.dates)).filter((t) => t.trim()), [
      "Début\u202F: ",
      "Fin\u202F: ",
    ]);
  }));

Deno.test("an invalid event is refused with a precise reason and an unknown type is noted", () =>
  withApp(async (app) => {
    const bad = assignment("liam@example.com", {
      session: { url: "javascript:alert(1)" },
    });
    const unknown = { ...assignment("liam@example.com"), type: "badge_earned" };
    const good = assignment("liam@example.com");
    await send(app, [bad, unknown, good]);

    assert.deepEqual(lastIngestOutputs(app), {
      status: "accepted:delivered",
      accepted: 1,
      rejected: 1,
      ignored: 1,
    });
    const rows = await activityRows(app);
    const rejected = rows.find((r) => r.id === `rejected:learning:${bad.id}`);
    assert.equal(rejected?.code, "invalid_event");
    assert.equal(rejected?.detail, "events[0].session.url: must be an http(s) URL");
    assert.equal(rows.find((r) => r.id === `ignored:learning:${unknown.id}`)?.kind, "ignored");
    const messages = await dmMessages(app, "liam");
    assert.deepEqual(messages.map((m) => m.metadata?.event_payload?.delivery_id), [
      `learning:${good.id}`,
    ]);
  }));

Deno.test("a DM whose answer was lost is not posted twice", () =>
  withApp(async (app) => {
    app.fake.addFault({ method: "chat.postMessage", status: 500, when: "after", remaining: 1 });
    const event = assignment("liam@example.com");
    await send(app, [event]);
    const messages = await dmMessages(app, "liam");
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.metadata?.event_payload?.delivery_id, `learning:${event.id}`);
    assert.equal(await outcomeOf(app, event.id), "posted");
  }));

Deno.test("a learner with an internationalised email (chloé@example.org) is matched and gets the DM", () =>
  withApp(async (app) => {
    const { users } = await seed(app.fake, {
      users: [{
        name: "chloe",
        real_name: "Chloé Dupont",
        email: "chloé@example.org",
        locale: "fr-FR",
      }],
    });
    app.users.chloe = users.chloe!;
    // The platform writes the ASCII letters in another case: Slack matches them anyway.
    const event = assignment("Chloé@Example.ORG");
    await send(app, [event]);
    const [dm, ...more] = await dmMessages(app, "chloe");
    assert.equal(more.length, 0);
    assert.equal(dm?.metadata?.event_payload?.delivery_id, `learning:${event.id}`);
    assert.match(dm!.text, /Negotiation basics/, "the notification itself");
    assert.equal(await outcomeOf(app, event.id), "posted");
    const rows = await activityRows(app);
    assert.deepEqual(rows.filter((r) => r.kind === "unmatched_email" || r.kind === "rejected"), []);
  }));
