/** The “Manage notifications” link: the link trigger's shortcut URL, found and kept (L5). */
import assert from "node:assert/strict";
import * as z from "zod/mini";
import {
  appContext,
  waitPastStaleReads,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";
import { readState, writeState } from "../datastore/app_state.ts";
import { PREFERENCES_LINK_STATE, preferencesLink } from "./preferences_link.ts";

const Cached = z.object({ url: z.nullable(z.string()), checked_at: z.number() });

Deno.test("preferencesLink() finds the shortcut URL of the link trigger and keeps it", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const expected = app.triggers.my_notifications_link!.shortcut_url;
    assert.ok(expected);
    assert.equal(await preferencesLink(ctx), expected);
    await waitPastStaleReads(app);
    assert.equal(await preferencesLink(ctx), expected);
    assert.equal(app.fake.calls({ method: "workflows.triggers.list" }).length, 1);
    assert.equal((await readState(ctx, PREFERENCES_LINK_STATE, Cached))?.url, expected);
  }));

Deno.test("preferencesLink() answers null without the trigger, and looks again later", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const trigger = app.triggers.my_notifications_link!;
    await app.fake.workspace.records.deleteTrigger(trigger.id);
    assert.equal(await preferencesLink(ctx), null);
    await waitPastStaleReads(app);
    assert.equal(await preferencesLink(ctx), null);
    assert.equal(app.fake.calls({ method: "workflows.triggers.list" }).length, 1);

    // An admin creates the trigger; after the missing answer has aged, it is found.
    const def = (await import("../../triggers/my_notifications_link.ts")).default;
    const created = await app.engine.createTrigger(def);
    await writeState(ctx, PREFERENCES_LINK_STATE, {
      url: null,
      checked_at: Date.now() - 11 * 60_000,
    });
    await waitPastStaleReads(app);
    assert.equal(await preferencesLink(ctx), created.shortcut_url);
    assert.equal(app.fake.calls({ method: "workflows.triggers.list" }).length, 2);
  }));
