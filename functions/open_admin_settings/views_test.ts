import assert from "node:assert/strict";
import { checkView } from "../../sandbox/fake_slack/mod.ts";
import { DEFAULT_SETTINGS, type Settings } from "../../domain/settings.ts";
import { viewText } from "../../testing/modals.ts";
import {
  fieldErrorMessages,
  refusedView,
  SETTINGS_ACTIONS,
  SETTINGS_BLOCKS,
  SETTINGS_VIEW,
  SettingsMetadata,
  settingsView,
  submitRefusedView,
} from "./views.ts";

type AnyBlock = Record<string, unknown> & { type: string; block_id?: string };
const blocks = (view: { blocks: unknown[] }) => view.blocks as AnyBlock[];
const block = (view: { blocks: unknown[] }, id: string): AnyBlock => {
  const found = blocks(view).find((b) => b.block_id === id);
  assert.ok(found, `block "${id}"`);
  return found;
};
const element = (view: { blocks: unknown[] }, id: string) =>
  block(view, id).element as Record<string, unknown>;

const SETTINGS: Settings = {
  ...structuredClone(DEFAULT_SETTINGS),
  webinarEnabled: false,
  channelMode: "per_webinar",
  channelId: "C0CHAN",
  channelPrefix: "team-",
  surfaceOnChat: true,
  learningEnabled: false,
  enabledTypes: { session_assignment: true, session_information: false, path_step: true },
  language: "fr",
  admins: ["U0BOB", "not-an-id"],
};

Deno.test("settingsView() is a valid modal with every field, in both languages", () => {
  for (const locale of ["en", "fr"] as const) {
    const view = settingsView({ settings: SETTINGS, locale, user: "U0ALICE" });
    assert.deepEqual(checkView(view), [], locale);
    assert.equal(view.callback_id, SETTINGS_VIEW);
    assert.equal(view.notify_on_close, true, "closing must reach the app to complete the step");
    assert.ok(view.submit && view.close);
    for (const key of Object.keys(SETTINGS_ACTIONS) as Array<keyof typeof SETTINGS_ACTIONS>) {
      assert.equal(element(view, SETTINGS_BLOCKS[key]).action_id, SETTINGS_ACTIONS[key], key);
    }
    assert.deepEqual(SettingsMetadata.decode(view.private_metadata), { user: "U0ALICE", locale });
  }
  const fr = viewText(settingsView({ settings: SETTINGS, locale: "fr", user: "U0ALICE" }));
  assert.match(fr, /Un canal par webinaire/);
  assert.doesNotMatch(fr, /A separate channel per webinar/);
});

Deno.test("settingsView() shows the current settings as initial values", () => {
  const view = settingsView({ settings: SETTINGS, locale: "en", user: "U0ALICE" });
  const values = (opts: unknown) =>
    (opts as Array<{ value: string }> | undefined)?.map((o) => o.value);
  assert.deepEqual(values(element(view, SETTINGS_BLOCKS.relay).initial_options), [
    "surface_on_chat",
  ]);
  assert.equal(
    (element(view, SETTINGS_BLOCKS.channelMode).initial_option as { value: string }).value,
    "per_webinar",
  );
  assert.equal(element(view, SETTINGS_BLOCKS.channel).initial_conversation, "C0CHAN");
  assert.equal(element(view, SETTINGS_BLOCKS.prefix).initial_value, "team-");
  assert.equal(element(view, SETTINGS_BLOCKS.learning).initial_options, undefined);
  assert.deepEqual(values(element(view, SETTINGS_BLOCKS.types).initial_options), [
    "session_assignment",
    "path_step",
  ]);
  assert.equal(
    (element(view, SETTINGS_BLOCKS.language).initial_option as { value: string }).value,
    "fr",
  );
  assert.deepEqual(element(view, SETTINGS_BLOCKS.admins).initial_users, ["U0BOB"]);
  const empty = settingsView({
    settings: { ...SETTINGS, channelId: null, admins: [] },
    locale: "en",
    user: "U0ALICE",
  });
  assert.equal(element(empty, SETTINGS_BLOCKS.channel).initial_conversation, undefined);
  assert.equal(element(empty, SETTINGS_BLOCKS.admins).initial_users, undefined);
});

Deno.test("settingsView() dispatches each prefix keystroke and shows the resulting channel name", () => {
  const view = settingsView({ settings: SETTINGS, locale: "en", user: "U0ALICE" });
  assert.equal(block(view, SETTINGS_BLOCKS.prefix).dispatch_action, true);
  assert.deepEqual(element(view, SETTINGS_BLOCKS.prefix).dispatch_action_config, {
    trigger_actions_on: ["on_character_entered"],
  });
  const ids = blocks(view).map((b) => b.block_id);
  assert.equal(
    ids.indexOf(SETTINGS_BLOCKS.prefixExample),
    ids.indexOf(SETTINGS_BLOCKS.prefix) + 1,
    "the example sits right under the prefix",
  );
  assert.match(
    viewText({ blocks: [block(view, SETTINGS_BLOCKS.prefixExample)] }),
    /#team-product-demo-spring-launch/,
  );
  const bad = settingsView({
    settings: { ...SETTINGS, channelPrefix: "Webinar <!here>" },
    locale: "fr",
    user: "U0ALICE",
  });
  const example = block(bad, SETTINGS_BLOCKS.prefixExample);
  assert.match(
    viewText({ blocks: [example] }),
    /Pas encore d’exemple\u202F: .*«\u202Fwebinar-here-\u202F»/,
  );
  assert.equal(
    (example.elements as Array<{ type: string }>)[0]!.type,
    "plain_text",
    "what the admin typed never reaches mrkdwn",
  );
});

Deno.test("fieldErrorMessages() explains each problem in the admin's language", () => {
  const errors = {
    [SETTINGS_BLOCKS.prefix]: { problem: "prefix_too_long" as const, suggestion: "abc-" },
    [SETTINGS_BLOCKS.channel]: { problem: "channel_private_not_member" as const },
  };
  const en = fieldErrorMessages(errors, "en");
  assert.equal(
    en[SETTINGS_BLOCKS.prefix],
    "Keep the prefix to 50 characters or fewer, so webinar names still fit in a channel name. Try “abc-”.",
  );
  assert.match(en[SETTINGS_BLOCKS.channel]!, /Integrations, then Add apps/);
  assert.match(fieldErrorMessages(errors, "fr")[SETTINGS_BLOCKS.channel]!, /Intégrations/);
});

Deno.test("refusedView() says who may configure, mentioning only valid user ids", () => {
  const view = refusedView("en", ["U0BOB", "<!channel>", "W0ORG"]);
  assert.deepEqual(checkView(view), []);
  assert.equal(view.notify_on_close, undefined, "nothing waits for this view to close");
  const text = viewText(view);
  assert.match(text, /Only Slack workspace admins and owners/);
  assert.match(text, /<@U0BOB>, <@W0ORG>/);
  assert.doesNotMatch(text, /<!channel>/);
  assert.match(viewText(refusedView("fr", [])), /Personne d’autre n’a encore été désigné/);
  assert.match(viewText(submitRefusedView("en", "tampered", [])), /could not be verified/);
  assert.match(viewText(submitRefusedView("en", "not_admin", [])), /were not saved/);
});
