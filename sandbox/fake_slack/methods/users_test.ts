import assert from "node:assert/strict";
import { ALL_BOT_SCOPES, withSlack } from "../test_helpers.ts";

type UserView = { id: string; name: string; locale?: string; profile: { email?: string } };

Deno.test("users.lookupByEmail() finds a person by email, whatever its case", async () => {
  await withSlack({}, async (s) => {
    const body = await s.ok<{ user: UserView }>("users.lookupByEmail", {
      email: "Alice@Example.com",
    });
    assert.equal(body.user.id, s.users.alice);
    assert.equal(body.user.profile.email, "alice@example.com");
  });
});

Deno.test("users.lookupByEmail() answers users_not_found for an unknown address", async () => {
  await withSlack({}, async (s) => {
    await s.fails("users.lookupByEmail", { email: "nobody@example.com" }, "users_not_found");
  });
});

Deno.test("users.lookupByEmail() answers missing_scope needing users:read.email when the app lacks it", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "users:read.email");
  await withSlack({ scopes }, async (s) => {
    const body = await s.fails(
      "users.lookupByEmail",
      { email: "alice@example.com" },
      "missing_scope",
    );
    assert.equal(body.needed, "users:read.email");
    assert.equal(body.provided, scopes.join(","));
  });
});

Deno.test("users.lookupByEmail() also needs users:read", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "users:read");
  await withSlack({ scopes }, async (s) => {
    const body = await s.fails(
      "users.lookupByEmail",
      { email: "alice@example.com" },
      "missing_scope",
    );
    assert.equal(body.needed, "users:read");
  });
});

Deno.test("users.info() answers locale only with include_locale", async () => {
  await withSlack({}, async (s) => {
    const plain = await s.ok<{ user: UserView }>("users.info", { user: s.users.alice });
    assert.equal(plain.user.locale, undefined);
    const withLocale = await s.ok<{ user: UserView }>("users.info", {
      user: s.users.alice,
      include_locale: true,
    });
    assert.equal(withLocale.user.locale, "fr-FR");
    await s.fails("users.info", { user: "U0NOBODY" }, "user_not_found");
  });
});

Deno.test("users.info() hides the email without users:read.email", async () => {
  const scopes = ALL_BOT_SCOPES.filter((x) => x !== "users:read.email");
  await withSlack({ scopes }, async (s) => {
    const body = await s.ok<{ user: UserView }>("users.info", { user: s.users.alice });
    assert.equal(body.user.profile.email, undefined);
  });
});

Deno.test("users.list() pages through everyone, the app's bot user included", async () => {
  await withSlack({}, async (s) => {
    type List = { members: UserView[]; response_metadata: { next_cursor: string } };
    const first = await s.ok<List>("users.list", { limit: 3 });
    assert.equal(first.members.length, 3);
    const rest = await s.ok<List>("users.list", {
      limit: 3,
      cursor: first.response_metadata.next_cursor,
    });
    const ids = [...first.members, ...rest.members].map((u) => u.id);
    assert.deepEqual(
      ids.toSorted(),
      [s.botUserId, s.users.alice, s.users.bob, s.users.carol].toSorted(),
    );
    assert.equal(rest.response_metadata.next_cursor, "");
  });
});

Deno.test("auth.test() answers who the token acts as", async () => {
  await withSlack({}, async (s) => {
    const bot = await s.ok<{ user_id: string; bot_id?: string; team_id: string }>("auth.test");
    assert.equal(bot.user_id, s.botUserId);
    assert.equal(bot.bot_id, s.fake.workspace.app?.bot_id);
    assert.equal(bot.team_id, s.fake.workspace.team.id);
    const alice = await s.ok<{ user_id: string; bot_id?: string }>("auth.test", {}, {
      token: await s.userToken("alice"),
    });
    assert.equal(alice.user_id, s.users.alice);
    assert.equal(alice.bot_id, undefined);
  });
});

Deno.test("users.lookupByEmail() ignores the case of ASCII letters only, as Slack does", async () => {
  await withSlack(
    { seed: { users: [{ name: "chloe", email: "chloé@example.org" }] } },
    async (s) => {
      const found = await s.ok<{ user: UserView }>("users.lookupByEmail", {
        email: "Chloé@EXAMPLE.org",
      });
      assert.equal(found.user.id, s.users.chloe);
      await s.fails("users.lookupByEmail", { email: "CHLOÉ@example.org" }, "users_not_found");
    },
  );
});
