/** Finding learners (L2, L5, P4) and their DM with the app, against the fake Slack. */
import assert from "node:assert/strict";
import LedgerDatastore from "../../datastores/ledger.ts";
import {
  appContext,
  waitPastStaleReads,
  withLearningApp as withApp,
} from "../../testing/learning_fixtures.ts";
import { writeLedger } from "../datastore/ledger.ts";
import { personKey } from "../people.ts";
import { dmChannelFor, findLearners } from "./learners.ts";
import { saveMuted } from "./preferences.ts";

Deno.test("findLearners() gives each matched learner's locale and muted types, null otherwise", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    await saveMuted(ctx, app.users.lea!, ["session_information"]);
    await app.fake.workspace.putUser({
      name: "robot",
      is_bot: true,
      profile: { email: "robot@example.com", real_name: "Robot", display_name: "robot" },
    });
    await waitPastStaleReads(app);
    const found = await findLearners(ctx, [
      "Lea@Example.com",
      "liam@example.com",
      "ghost@nowhere.example",
      "robot@example.com",
    ]);
    assert.deepEqual(found.learners.get("lea@example.com")?.learner, {
      userId: app.users.lea,
      slackLocale: "fr-FR",
      isBot: false,
      muted: ["session_information"],
    });
    assert.equal(found.learners.get("liam@example.com")?.learner.slackLocale, "en-US");
    assert.equal(found.learners.get("ghost@nowhere.example"), null);
    assert.equal(found.learners.get("robot@example.com"), null, "a bot is not a learner");
    assert.deepEqual(
      found.rows.map((r) => r.id).sort(),
      (await Promise.all(
        ["lea@example.com", "liam@example.com", "ghost@nowhere.example", "robot@example.com"]
          .map(personKey),
      )).sort(),
      "every lookup comes back as a person row to keep",
    );
    await writeLedger(ctx, found.rows);
    await waitPastStaleReads(app);

    // A second lookup is answered from the ledger, and the muted types survived the lookup.
    const lookups = app.fake.calls({ method: "users.lookupByEmail" }).length;
    const again = await findLearners(ctx, ["lea@example.com", "ghost@nowhere.example"]);
    assert.equal(app.fake.calls({ method: "users.lookupByEmail" }).length, lookups);
    assert.deepEqual(again.rows, []);
    assert.deepEqual(again.learners.get("lea@example.com")?.learner.muted, [
      "session_information",
    ]);
  }));

Deno.test("dmChannelFor() opens the DM once and keeps its id with the person", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const remembered: Array<{ id: string; dm_channel_id?: string }> = [];
    const remember = (row: { id: string; dm_channel_id?: string }) => void remembered.push(row);
    const first = (await findLearners(ctx, ["liam@example.com"])).learners.get(
      "liam@example.com",
    )!;
    const channel = await dmChannelFor(ctx, first, { remember });
    assert.match(channel, /^D/);
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 1);
    assert.deepEqual(remembered.map((r) => [r.id, r.dm_channel_id]), [
      [await personKey("liam@example.com"), channel],
    ]);
    // Known now: no second conversations.open; asked for a fresh one (a stale id), it opens again.
    assert.equal(await dmChannelFor(ctx, first, { remember }), channel);
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 1);
    assert.equal(await dmChannelFor(ctx, first, { fresh: true, remember }), channel);
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 2);
    const stored = await app.fake.workspace.datastores.latest(
      LedgerDatastore.name,
      remembered[0]!.id,
    );
    assert.equal(stored, null, "dmChannelFor() only hands the row over; the caller writes it");
  }));
