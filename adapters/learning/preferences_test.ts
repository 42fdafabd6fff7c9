/** Learner preferences (L5): what the “My notifications” modal reads and saves. */
import assert from "node:assert/strict";
import LedgerDatastore from "../../datastores/ledger.ts";
import type { NotificationType } from "../../domain/settings.ts";
import {
  appContext,
  waitPastStaleReads,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";
import { personKey } from "../people.ts";
import { loadMuted, saveMuted } from "./preferences.ts";

Deno.test("saveMuted() stores a learner's muted types and loadMuted() reads them back", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const lea = app.users.lea!;
    assert.deepEqual(await loadMuted(ctx, lea), []);
    assert.deepEqual(
      await saveMuted(ctx, lea, ["session_information", "session_information"]),
      { cancelledSteps: 0 },
    );
    await waitPastStaleReads(app);
    assert.deepEqual(await loadMuted(ctx, lea), ["session_information"]);
    const row = await app.fake.workspace.datastores.latest<{ muted: string[]; user_id: string }>(
      LedgerDatastore.name,
      await personKey("lea@example.com"),
    );
    assert.deepEqual([row?.user_id, row?.muted], [lea, ["session_information"]], "kept by email");
    await saveMuted(ctx, lea, []);
    await waitPastStaleReads(app);
    assert.deepEqual(await loadMuted(ctx, lea), []);
    assert.deepEqual(await loadMuted(ctx, app.users.liam!), [], "other learners are unaffected");
  }));

Deno.test("saveMuted() refuses an unknown type or user id and changes nothing", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const lea = app.users.lea!;
    await saveMuted(ctx, lea, ["path_step"]);
    await waitPastStaleReads(app);
    // A value from outside the type system (a tampered modal value, say).
    const tampered = ["session_assignment", "everything"] as unknown as NotificationType[];
    await assert.rejects(() => saveMuted(ctx, lea, tampered), {
      name: "TypeError",
      message: 'Cannot save notification preferences: "everything" is not a notification type',
    });
    await assert.rejects(() => saveMuted(ctx, "lea", []), {
      name: "TypeError",
      message: 'Cannot save notification preferences: "lea" is not a user id',
    });
    assert.deepEqual(await loadMuted(ctx, lea), ["path_step"]);
  }));

Deno.test("loadMuted() ignores types it does not know in a stored row", () =>
  withApp(async (app) => {
    const put = await app.api("apps.datastore.put", {
      datastore: LedgerDatastore.name,
      item: {
        id: await personKey("lea@example.com"),
        user_id: app.users.lea,
        muted: ["path_step", "old_type"],
        at: 1,
      },
    });
    assert.equal(put.ok, true);
    await waitPastStaleReads(app);
    assert.deepEqual(await loadMuted(appContext(app), app.users.lea!), ["path_step"]);
  }));
