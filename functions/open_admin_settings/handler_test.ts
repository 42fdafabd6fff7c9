/**
 * "Configure Session Bridge" through the workflow engine and the fake Slack: a person clicks the
 * link trigger, sees the modal, types, submits or cancels, as in Slack.
 */
import assert from "node:assert/strict";
import type { ModalView } from "@slack/types";
import { seed } from "../../sandbox/fake_slack/mod.ts";
import SettingsDatastore, { type SettingsRow } from "../../datastores/settings.ts";
import ActivityDatastore, { type ActivityRow } from "../../datastores/activity.ts";
import {
  privateChannelWithoutApp,
  retryMinutesAway,
  startApp,
  type TestApp,
} from "../../testing/app.ts";
import { outboxLeft } from "../../testing/deliveries.ts";
import { history, waitFor } from "../../testing/reads.ts";
import {
  clickShortcut,
  field,
  forgeViewFor,
  runEnded,
  storedRows,
  tamperMetadata,
  valuesWith,
  viewText,
  waitForView,
} from "../../testing/modals.ts";
import { attendee, registered } from "../../testing/webinar_fixtures.ts";
import {
  REFUSED_VIEW,
  SETTINGS_ACTIONS,
  SETTINGS_BLOCKS as B,
  SETTINGS_VIEW,
  SettingsMetadata,
} from "./views.ts";

async function withApp(body: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

/** Settings writes by the app (not the test's own setup). */
const settingsPuts = (app: TestApp) =>
  app.fake.calls({ method: "apps.datastore.put" }).filter((c) =>
    c.args.datastore === SettingsDatastore.name && c.token_kind === "workflow"
  );

async function openAsAlice(app: TestApp) {
  const alice = app.users.alice!;
  const run = await clickShortcut(app, "configure_link", alice);
  const view = await waitForView(app, alice, SETTINGS_VIEW);
  return { alice, run, view };
}

Deno.test("Configure: an admin switches to a channel per webinar and the next attendee follows it", async () => {
  await withApp(async (app) => {
    const { alice, run, view } = await openAsAlice(app);
    assert.equal(app.fake.calls({ method: "views.open" }).filter((c) => c.ok).length, 1);
    const res = await app.engine.submitView(
      alice,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
        [B.prefix]: field.text("webinar-"),
        [B.admins]: field.users([app.users.sam!]),
      }),
    );
    // A short confirmation replaces the form, under the same name.
    const saved = res.response as { response_action: string; view: ModalView };
    assert.equal(saved.response_action, "update");
    assert.equal(saved.view.title.text, "Configure Session Bridge");
    assert.match(
      viewText(saved.view),
      /^Saved\. New attendees and notifications follow these settings/,
    );
    await runEnded(run);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { status: "saved" });

    assert.equal(settingsPuts(app).length, 1);
    const [row] = await storedRows<SettingsRow>(app, SettingsDatastore.name);
    assert.equal(row!.channel_mode, "per_webinar");
    assert.equal(row!.channel_prefix, "webinar-");
    assert.deepEqual(row!.admins, [app.users.sam]);
    assert.equal(row!.updated_by, alice);

    const activity = await storedRows<ActivityRow>(app, ActivityDatastore.name);
    const changed = activity.filter((a) => a.kind === "settings_changed");
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.actor, alice);
    assert.ok(Math.abs(changed[0]!.at - Date.now()) < 60_000);
    assert.equal(changed[0]!.detail, "Settings changed: channelMode, admins");
    assert.doesNotMatch(JSON.stringify(changed), /@/, "no emails in the activity log");

    await app.sendWebinar([registered(attendee(7))]);
    await app.settle();
    const channel = await app.fake.workspace.channelByName("webinar-scaling-support-teams");
    assert.ok(channel, "the new attendee's webinar got a channel named from the prefix");
  });
});

Deno.test("Configure: notifications held by the old channel go to the new one at once, not at their next retry", async () => {
  await withApp(async (app) => {
    const held = await privateChannelWithoutApp(app);
    await app.sendWebinar([registered(attendee(30, { name: "Waiting Wren" }))]);
    await app.settle();
    // Slack hides the private channel from the app: the event waits, each retry further off.
    const nextRetry = await retryMinutesAway(app);

    // An admin points the settings at a channel the app is in.
    const { alice, run, view } = await openAsAlice(app);
    const runsBefore = app.engine.runs.length;
    const target = app.channels["webinar-attendees"]!;
    const res = await app.engine.submitView(
      alice,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("single"),
        [B.channel]: field.conversation(target),
      }),
    );
    assert.equal(res.ok, true, String(res.error));
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "saved" });
    await waitFor(
      async () => (await history(app, target)).some((m) => m.text.includes("Waiting Wren")),
      30_000,
    );
    assert.ok(
      app.fake.clock.now() < nextRetry,
      "delivered before its next retry was due: the save did it",
    );
    const after = app.engine.runs.slice(runsBefore);
    assert.ok(
      after.some((r) => r.workflow === "drain_outbox" && r.inputs.reason === "continue:retry_now"),
      `runs after the save: ${after.map((r) => `${r.workflow} ${JSON.stringify(r.inputs)}`)}`,
    );
    await app.settle();
    assert.deepEqual(await outboxLeft(app.fake), []);
    assert.deepEqual(await history(app, held), [], "nothing in the channel the app cannot reach");
  });
});

Deno.test("Configure: the channel-name example follows the prefix as it is typed", async () => {
  await withApp(async (app) => {
    const { alice, run, view } = await openAsAlice(app);
    assert.match(viewText(view), /gets the channel #webinar-product-demo-spring-launch/);
    const typed = valuesWith(view, { [B.prefix]: field.text("acme-") });
    const res = await app.engine.viewAction(alice, view.id, {
      type: "plain_text_input",
      block_id: B.prefix,
      action_id: SETTINGS_ACTIONS.prefix,
      value: "acme-",
    }, typed);
    assert.equal(res.ok, true, String(res.error));
    const updates = app.fake.calls({ method: "views.update" }).filter((c) => c.ok);
    assert.equal(updates.length, 1);
    const [shown] = await app.engine.viewStack(alice);
    assert.match(viewText(shown!), /#acme-product-demo-spring-launch/);
    assert.deepEqual(shown!.state.values[B.prefix]?.[SETTINGS_ACTIONS.prefix], {
      type: "plain_text_input",
      value: "acme-",
    });

    await app.engine.viewAction(alice, view.id, {
      type: "plain_text_input",
      block_id: B.prefix,
      action_id: SETTINGS_ACTIONS.prefix,
      value: "Acme!",
    }, valuesWith(shown!, { [B.prefix]: field.text("Acme!") }));
    assert.match(viewText((await app.engine.viewStack(alice))[0]!), /No example yet: .*“acme-”/);

    assert.equal((await app.engine.closeView(alice, view.id)).ok, true);
    await runEnded(run);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { status: "cancelled" });
    assert.equal(settingsPuts(app).length, 0, "typing and cancelling store nothing");
  });
});

Deno.test("Configure: an invalid prefix comes back inline and nothing is stored", async () => {
  await withApp(async (app) => {
    const { alice, run, view } = await openAsAlice(app);
    for (
      const [prefix, message] of [
        ["Webinar #1!", /Use only lowercase letters.*Try “webinar-1-”/],
        ["p".repeat(90), /Keep the prefix to 50 characters or fewer/],
      ] as const
    ) {
      const res = await app.engine.submitView(
        alice,
        view.id,
        valuesWith(view, {
          [B.channelMode]: field.radio("per_webinar"),
          [B.prefix]: field.text(prefix),
        }),
      );
      assert.equal(res.ok, true);
      assert.deepEqual(Object.keys(res.errors ?? {}), [B.prefix]);
      assert.match(res.errors![B.prefix]!, message);
    }
    assert.equal(settingsPuts(app).length, 0);
    assert.equal((await app.engine.viewStack(alice)).length, 1, "the modal stays open");
    assert.equal(run.status, "running");
    await app.engine.closeView(alice, view.id);
    await runEnded(run);
    assert.equal(run.status, "completed");
  });
});

Deno.test("Configure: the picked channel must be one the app can post in", async () => {
  await withApp(async (app) => {
    const { channels } = await seed(app.fake, {
      channels: [
        { name: "secret-room", is_private: true, members: ["alice"] },
        { name: "old-room", members: ["alice"] },
      ],
    });
    const old = (await app.fake.workspace.getChannel(channels["old-room"]!))!;
    await app.fake.workspace.putChannel({ ...old, is_archived: true });
    const { alice, run, view } = await openAsAlice(app);
    const submit = (channel: string) =>
      app.engine.submitView(
        alice,
        view.id,
        valuesWith(view, { [B.channel]: field.conversation(channel) }),
      );

    const secret = await submit(channels["secret-room"]!);
    assert.match(secret.errors?.[B.channel] ?? "", /add the app first: open the channel.*Add apps/);
    const archived = await submit(channels["old-room"]!);
    assert.match(archived.errors?.[B.channel] ?? "", /This channel is archived/);
    const none = await submit("");
    assert.match(none.errors?.[B.channel] ?? "", /This is not a channel Session Bridge can use/);
    assert.equal(settingsPuts(app).length, 0);

    // A public channel the app is not in yet is fine: it joins by itself before posting.
    const ok = await submit(app.channels["webinar-attendees"]!);
    assert.equal(ok.ok, true);
    assert.equal((ok.response as { response_action?: string }).response_action, "update");
    await runEnded(run);
    const [row] = await storedRows<SettingsRow>(app, SettingsDatastore.name);
    assert.equal(row!.channel_id, app.channels["webinar-attendees"]);
  });
});

Deno.test("Configure: someone who is not an admin is told who is, and the function completes", async () => {
  await withApp(async (app) => {
    await app.setSettings({ admins: [app.users.sam!] });
    const mo = app.users.mo!;
    const run = await clickShortcut(app, "configure_link", mo);
    const view = await waitForView(app, mo, REFUSED_VIEW);
    const text = viewText(view);
    assert.match(text, /Only Slack workspace admins and owners, and the people they name/);
    assert.match(text, new RegExp(`<@${app.users.sam}>`));
    await runEnded(run);
    assert.equal(run.status, "completed");
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused" });
    assert.equal(app.fake.calls({ method: "views.open" }).length, 1);
    assert.equal(settingsPuts(app).length, 0);
  });
});

Deno.test("Configure: a person an admin named may configure too", async () => {
  await withApp(async (app) => {
    await app.setSettings({ admins: [app.users.mo!] });
    const mo = app.users.mo!;
    const run = await clickShortcut(app, "configure_link", mo);
    const view = await waitForView(app, mo, SETTINGS_VIEW);
    const res = await app.engine.submitView(
      mo,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
        [B.language]: field.radio("fr"),
      }),
    );
    const saved = res.response as { response_action: string; view: ModalView };
    assert.equal(saved.response_action, "update");
    assert.match(viewText(saved.view), /^Saved\./);
    await runEnded(run);
    const [row] = await storedRows<SettingsRow>(app, SettingsDatastore.name);
    assert.equal(row!.language, "fr");
    assert.equal(row!.updated_by, mo);
  });
});

Deno.test("Configure: a forged submission (a view built for an admin) is refused and stores nothing", async () => {
  await withApp(async (app) => {
    const { run, view } = await openAsAlice(app);
    const mo = app.users.mo!;
    const forged = await forgeViewFor(app, view, mo);
    const res = await app.engine.submitView(
      mo,
      forged,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
        [B.admins]: field.users([mo]),
      }),
    );
    assert.equal(res.ok, true, String(res.error));
    const response = res.response as { response_action: string; view: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(viewText(response.view), /could not be verified, so nothing was saved/);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused:tampered" });
    assert.equal(settingsPuts(app).length, 0);
  });
});

Deno.test("Configure: a non-admin's submission with matching metadata is refused as not an admin", async () => {
  await withApp(async (app) => {
    const { run, view } = await openAsAlice(app);
    const mo = app.users.mo!;
    const forged = await forgeViewFor(app, view, mo);
    await tamperMetadata(app, forged, SettingsMetadata.encode({ user: mo, locale: "en" }));
    const res = await app.engine.submitView(
      mo,
      forged,
      valuesWith(view, {
        [B.admins]: field.users([mo]),
      }),
    );
    const response = res.response as { response_action: string; view: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(viewText(response.view), /You are not a Session Bridge admin, so these settings/);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused:not_admin" });
    assert.equal(settingsPuts(app).length, 0);
  });
});

Deno.test("Configure: tampered private_metadata is refused even from an admin", async () => {
  await withApp(async (app) => {
    const { alice, run, view } = await openAsAlice(app);
    await tamperMetadata(app, view.id, '{"user":"U0EVIL"}');
    const res = await app.engine.submitView(
      alice,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
      }),
    );
    assert.equal((res.response as { response_action: string }).response_action, "update");
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused:tampered" });
    assert.equal(settingsPuts(app).length, 0);
  });
});

Deno.test("Configure: when saving fails, the admin sees a reference and the run ends failed", async () => {
  await withApp(async (app) => {
    const { alice, run, view } = await openAsAlice(app);
    app.fake.addFault({ method: "apps.datastore.put", error: "internal_error", remaining: 1 });
    const res = await app.engine.submitView(
      alice,
      view.id,
      valuesWith(view, {
        [B.channelMode]: field.radio("per_webinar"),
      }),
    );
    const response = res.response as { response_action: string; view: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(viewText(response.view), /Could not save settings \(ref [0-9a-f]{8}\)/);
    await runEnded(run);
    assert.equal(run.status, "failed");
    assert.match(run.error ?? "", /Cannot save settings: internal_error/);
  });
});
