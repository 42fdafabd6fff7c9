/** The learner preference modal's named handlers, called directly. */
import assert from "node:assert/strict";
import LedgerDatastore, { type LedgerRow } from "../../datastores/ledger.ts";
import type { View } from "../../sandbox/fake_slack/mod.ts";
import { startApp } from "../../testing/app.ts";
import {
  clickShortcut,
  field,
  handlerContext,
  runEnded,
  storedRows,
  valuesWith,
  waitForView,
} from "../../testing/modals.ts";
import { OPEN_LEARNER_PREFERENCES_ID } from "./definition.ts";
import { onPreferencesSubmitted } from "./interactions.ts";
import { PREFERENCES_BLOCK, PREFERENCES_VIEW } from "./views.ts";

Deno.test("onPreferencesSubmitted() refuses an unknown type inline, in the learner's language", async () => {
  const app = await startApp();
  try {
    const lea = app.users.lea!;
    const run = await clickShortcut(app, "my_notifications_link", lea);
    const view = await waitForView(app, lea, PREFERENCES_VIEW);
    const submitted: View = {
      ...view,
      state: {
        values: valuesWith(view, {
          [PREFERENCES_BLOCK]: field.checkboxes(["session_assignment", "marketing"]),
        }),
      },
    };
    const response = await onPreferencesSubmitted(
      await handlerContext(app, onPreferencesSubmitted, {
        type: "view_submission",
        executionId: run.steps[0]!.execution_id!,
        callbackId: OPEN_LEARNER_PREFERENCES_ID,
        userId: lea,
        view: submitted,
      }),
    );
    assert.deepEqual(response, {
      response_action: "errors",
      errors: { [PREFERENCES_BLOCK]: "Choisissez une des options proposées." },
    });
    assert.deepEqual(
      (await storedRows<LedgerRow>(app, LedgerDatastore.name)).filter((r) => r.muted),
      [],
    );
    assert.equal(run.status, "running");
    await app.engine.closeView(lea, view.id);
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "cancelled" });
  } finally {
    await app.close();
  }
});
