/** Finding learners (L2, L5, P4) and their DM with the app, against the fake Slack. */
import assert from "node:assert/strict";
import PeopleDatastore from "../../datastores/people.ts";
import { appContext, withLearningApp as withApp } from "../../testing/learning_fixtures.ts";
import { emailKey } from "../people.ts";
import { dmChannelFor, findLearners } from "./learners.ts";
import { saveMuted } from "./preferences.ts";

Deno.test("findLearners() gives each matched learner's locale and muted types, null otherwise", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    await saveMuted(ctx, app.users.lea!, ["session_information"]);
    await app.fake.putUser({
      name: "robot",
      is_bot: true,
      profile: { email: "robot@example.com", real_name: "Robot", display_name: "robot" },
    });
    const found = await findLearners(ctx, [
      "Lea@Example.com",
      "liam@example.com",
      "ghost@nowhere.example",
      "robot@example.com",
    ]);
    assert.deepEqual(found.get("lea@example.com")?.learner, {
      userId: app.users.lea,
      slackLocale: "fr-FR",
      isBot: false,
      muted: ["session_information"],
    });
    assert.equal(found.get("liam@example.com")?.learner.slackLocale, "en-US");
    assert.equal(found.get("ghost@nowhere.example"), null);
    assert.equal(found.get("robot@example.com"), null, "a bot is not a learner");

    // A second lookup is answered from the cache.
    const lookups = app.fake.calls({ method: "users.lookupByEmail" }).length;
    await findLearners(ctx, ["lea@example.com", "ghost@nowhere.example"]);
    assert.equal(app.fake.calls({ method: "users.lookupByEmail" }).length, lookups);
  }));

Deno.test("dmChannelFor() opens the DM once and keeps its id with the person", () =>
  withApp(async (app) => {
    const ctx = appContext(app);
    const first = (await findLearners(ctx, ["liam@example.com"])).get("liam@example.com")!;
    const channel = await dmChannelFor(ctx, "liam@example.com", first.person);
    assert.match(channel, /^D/);
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 1);
    const row = await app.fake.store.get<{ dm_channel_id?: string }>([
      "ds",
      PeopleDatastore.name,
      await emailKey("liam@example.com"),
    ]);
    assert.equal(row?.dm_channel_id, channel);

    // Later lookups carry the DM id: no second conversations.open.
    const again = (await findLearners(ctx, ["liam@example.com"])).get("liam@example.com")!;
    assert.equal(again.person.dmChannelId, channel);
    assert.equal(await dmChannelFor(ctx, "liam@example.com", again.person), channel);
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 1);
    // Asked for a fresh one (a stale id), it opens the DM again.
    assert.equal(
      await dmChannelFor(ctx, "liam@example.com", again.person, { fresh: true }),
      channel,
    );
    assert.equal(app.fake.calls({ method: "conversations.open" }).length, 2);
  }));
