/** The settings modal's named handlers, called directly with the context Slack's runtime builds. */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../../testing/app.ts";
import {
  clickShortcut,
  field,
  handlerContext,
  runEnded,
  valuesWith,
  viewText,
  waitForView,
} from "../../testing/modals.ts";
import type { View } from "../../sandbox/fake_slack/mod.ts";
import { OPEN_ADMIN_SETTINGS_ID } from "./definition.ts";
import { onPrefixTyped, onSettingsClosed, onSettingsSubmitted } from "./interactions.ts";
import { SETTINGS_ACTIONS, SETTINGS_BLOCKS as B, SETTINGS_VIEW } from "./views.ts";

async function opened(app: TestApp, user: string) {
  const userId = app.users[user]!;
  const run = await clickShortcut(app, "configure_link", userId);
  const view = await waitForView(app, userId, SETTINGS_VIEW);
  return { userId, run, view, executionId: run.steps[0]!.execution_id! };
}

const typing = (value: string) => ({
  type: "plain_text_input",
  block_id: B.prefix,
  action_id: SETTINGS_ACTIONS.prefix,
  value,
});

Deno.test("onPrefixTyped() updates the example, and ignores a view opened for someone else", async () => {
  const app = await startApp();
  try {
    const { run, view, executionId } = await opened(app, "alice");
    const base = {
      type: "block_actions" as const,
      executionId,
      callbackId: OPEN_ADMIN_SETTINGS_ID,
    };
    const withPrefix = (v: View, prefix: string): View => ({
      ...v,
      state: { values: valuesWith(v, { [B.prefix]: field.text(prefix) }) },
    });

    await onPrefixTyped(
      await handlerContext(app, onPrefixTyped, {
        ...base,
        userId: app.users.mo!,
        view: withPrefix(view, "mo-"),
        action: typing("mo-"),
      }),
    );
    assert.equal(app.fake.calls({ method: "views.update" }).length, 0);

    await onPrefixTyped(
      await handlerContext(app, onPrefixTyped, {
        ...base,
        userId: app.users.alice!,
        view: withPrefix(view, "zeta-"),
        action: typing("zeta-"),
      }),
    );
    const [shown] = await app.engine.viewStack(app.users.alice!);
    assert.match(viewText(shown!), /#zeta-product-demo-spring-launch/);

    // A keystroke handled late (the view changed since) does not overwrite the newer example.
    await onPrefixTyped(
      await handlerContext(app, onPrefixTyped, {
        ...base,
        userId: app.users.alice!,
        view: withPrefix(view, "old-"),
        action: typing("old-"),
      }),
    );
    const updates = app.fake.calls({ method: "views.update" });
    assert.deepEqual(updates.map((c) => c.error ?? "ok"), ["ok", "hash_conflict"]);
    assert.match(viewText((await app.engine.viewStack(app.users.alice!))[0]!), /#zeta-/);

    await onSettingsClosed(
      await handlerContext(app, onSettingsClosed, {
        ...base,
        type: "view_closed",
        userId: app.users.alice!,
        view: shown!,
      }),
    );
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "cancelled" });
  } finally {
    await app.close();
  }
});

Deno.test("onSettingsSubmitted() answers field errors by block id in the admin's own language", async () => {
  const app = await startApp();
  try {
    await app.setSettings({
      admins: [app.users.lea!],
      channelId: app.channels["webinar-attendees"]!,
    });
    const { userId, run, view, executionId } = await opened(app, "lea");
    const submitted: View = {
      ...view,
      state: {
        values: valuesWith(view, {
          [B.channelMode]: field.radio("per_webinar"),
          [B.prefix]: field.text("Séance 1"),
          [B.language]: field.radio("de"),
        }),
      },
    };
    const response = await onSettingsSubmitted(
      await handlerContext(app, onSettingsSubmitted, {
        type: "view_submission",
        executionId,
        callbackId: OPEN_ADMIN_SETTINGS_ID,
        userId,
        view: submitted,
      }),
    );
    assert.deepEqual(response, {
      response_action: "errors",
      errors: {
        [B.prefix]:
          "Utilisez uniquement des lettres minuscules, des chiffres, des tirets (-) et des tirets bas (_). Essayez «\u202Fseance-1-\u202F».",
        [B.language]: "Choisissez une des options proposées.",
      },
    });
    assert.equal(run.status, "running", "the modal stays open for corrections");
    await app.engine.closeView(userId, view.id);
    await runEnded(run);
  } finally {
    await app.close();
  }
});
