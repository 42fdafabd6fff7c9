/** The health overview's named handlers, called directly with the context Slack's runtime builds. */
import assert from "node:assert/strict";
import { startApp } from "../../testing/app.ts";
import { clickShortcut, handlerContext, runEnded, waitForView } from "../../testing/modals.ts";
import { OPEN_HEALTH_OVERVIEW_ID } from "./definition.ts";
import { onHealthClosed, onRefresh } from "./interactions.ts";
import { HEALTH_ACTIONS_BLOCK, HEALTH_REFRESH_ACTION, HEALTH_VIEW } from "./views.ts";

Deno.test("onRefresh() ignores a view opened for someone else; onHealthClosed() completes", async () => {
  const app = await startApp();
  try {
    const alice = app.users.alice!;
    const run = await clickShortcut(app, "health_link", alice);
    const view = await waitForView(app, alice, HEALTH_VIEW, (v) => v.blocks.length > 1);
    const executionId = run.steps[0]!.execution_id!;
    const updatesBefore = app.fake.calls({ method: "views.update" }).length;
    const queriesBefore = app.fake.calls({ method: "apps.datastore.query" }).length;
    await onRefresh(
      await handlerContext(app, onRefresh, {
        type: "block_actions",
        executionId,
        callbackId: OPEN_HEALTH_OVERVIEW_ID,
        userId: app.users.mo!,
        view,
        action: {
          type: "button",
          block_id: HEALTH_ACTIONS_BLOCK,
          action_id: HEALTH_REFRESH_ACTION,
        },
      }),
    );
    assert.equal(app.fake.calls({ method: "views.update" }).length, updatesBefore);
    assert.equal(
      app.fake.calls({ method: "apps.datastore.query" }).length,
      queriesBefore,
      "nothing is read for a view that is not theirs",
    );
    await onHealthClosed(
      await handlerContext(app, onHealthClosed, {
        type: "view_closed",
        executionId,
        callbackId: OPEN_HEALTH_OVERVIEW_ID,
        userId: alice,
        view,
      }),
    );
    await runEnded(run);
    assert.deepEqual(run.steps[0]!.outputs, { status: "closed" });
  } finally {
    await app.close();
  }
});
