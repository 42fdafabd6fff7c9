/** "My notifications" through the workflow engine, and its effect on the next events. */
import assert from "node:assert/strict";
import type { ModalView } from "@slack/types";
import LedgerDatastore, { type LedgerRow } from "../../datastores/ledger.ts";
import { startApp, type TestApp } from "../../testing/app.ts";
import { assignment, dmMessages, information, pathStep } from "../../testing/learning_fixtures.ts";
import {
  clickShortcut,
  field,
  forgeViewFor,
  runEnded,
  storedRows,
  valuesWith,
  viewText,
  waitForView,
} from "../../testing/modals.ts";
import { DONE_VIEW, PREFERENCES_BLOCK, PREFERENCES_VIEW } from "./views.ts";

async function withApp(body: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

async function openPreferences(app: TestApp, user: string) {
  const userId = app.users[user]!;
  const run = await clickShortcut(app, "my_notifications_link", userId);
  const view = await waitForView(app, userId, PREFERENCES_VIEW);
  return { userId, run, view };
}

Deno.test("Preferences: a learner who mutes information gets invitations but not information", async () => {
  await withApp(async (app) => {
    const { userId, run, view } = await openPreferences(app, "liam");
    assert.match(viewText(view), /I receive information within a path session I am enrolled in/);
    const res = await app.engine.submitView(
      userId,
      view.id,
      valuesWith(view, {
        [PREFERENCES_BLOCK]: field.checkboxes(["session_assignment", "path_step"]),
      }),
    );
    // A short confirmation replaces the form, under the same name.
    const saved = res.response as { response_action?: string; view?: ModalView };
    assert.equal(saved.response_action, "update");
    assert.equal(saved.view?.title.text, "My notifications");
    assert.match(
      viewText(saved.view!),
      /^Saved\. Session Bridge sends you the notifications you ticked/,
    );
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "saved" });
    const rows = (await storedRows<LedgerRow>(app, LedgerDatastore.name))
      .filter((r) => r.id.startsWith("person:") && r.muted);
    assert.deepEqual(rows.map((r) => [r.user_id, r.muted]), [[userId, ["session_information"]]]);

    const res2 = await app.sendLearning([
      information("liam@example.com"),
      assignment("liam@example.com"),
    ]);
    assert.equal(res2.status, 200);
    await app.settle();
    const dms = await dmMessages(app, "liam");
    assert.equal(dms.length, 1, dms.map((m) => m.text).join(" | "));
    assert.match(dms[0]!.text, /You are invited to/);

    // Opening again shows the choice as saved.
    const again = await openPreferences(app, "liam");
    const checked = again.view.state.values[PREFERENCES_BLOCK];
    assert.deepEqual(
      (Object.values(checked ?? {})[0] as { selected_options: Array<{ value: string }> })
        .selected_options.map((o) => o.value),
      ["session_assignment", "path_step"],
    );
    await app.engine.closeView(again.userId, again.view.id);
    await runEnded(again.run);
    assert.deepEqual(again.run.steps[0]!.outputs, { status: "cancelled" });
  });
});

Deno.test("Preferences: muting path steps cancels the ones already scheduled and says so", async () => {
  await withApp(async (app) => {
    await app.sendLearning([pathStep("lea@example.com", Date.now() + 2 * 86_400_000)]);
    await app.settle();
    const { userId, run, view } = await openPreferences(app, "lea");
    assert.match(viewText(view), /Je suis assigné·e à une session de parcours/);
    const res = await app.engine.submitView(
      userId,
      view.id,
      valuesWith(view, {
        [PREFERENCES_BLOCK]: field.checkboxes(["session_assignment", "session_information"]),
      }),
    );
    const response = res.response as { response_action?: string; view?: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(
      viewText(response.view!),
      /^Enregistré\. Session Bridge vous envoie les notifications cochées[^]*Le message programmé que vous avez désactivé a été annulé/,
    );
    const [shown] = await app.engine.viewStack(userId);
    assert.equal(shown?.callback_id, DONE_VIEW);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "saved" });
  });
});

Deno.test("Preferences: a view opened for someone else cannot change their choices", async () => {
  await withApp(async (app) => {
    const { run, view } = await openPreferences(app, "liam");
    const forged = await forgeViewFor(app, view, app.users.mo!);
    const res = await app.engine.submitView(
      app.users.mo!,
      forged,
      valuesWith(view, {
        [PREFERENCES_BLOCK]: field.checkboxes([]),
      }),
    );
    const response = res.response as { response_action?: string; view?: { blocks: unknown[] } };
    assert.equal(response.response_action, "update");
    assert.match(viewText(response.view!), /could not be verified/);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "refused:tampered" });
    assert.deepEqual(
      (await storedRows<LedgerRow>(app, LedgerDatastore.name)).filter((r) => r.muted),
      [],
    );
  });
});
