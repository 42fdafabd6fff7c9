import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, type Settings } from "./settings.ts";
import {
  draftFromValues,
  PREFERENCES_ACTION,
  PREFERENCES_BLOCK,
  prefixExample,
  readPreferencesForm,
  readSettingsForm,
  SETTINGS_ACTIONS as ACT,
  SETTINGS_BLOCKS as BLK,
  suggestPrefix,
} from "./settings_form.ts";

const CURRENT: Settings = { ...structuredClone(DEFAULT_SETTINGS), channelId: "C0CURRENT" };

const checked = (...values: string[]) => ({
  type: "checkboxes",
  selected_options: values.map((value) => ({ value })),
});
const radio = (value: string) => ({ type: "radio_buttons", selected_option: { value } });

/** A complete, valid submission; `patch` replaces whole blocks (`undefined` removes one). */
function values(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    [BLK.relay]: { [ACT.relay]: checked("webinar_enabled") },
    [BLK.channelMode]: { [ACT.channelMode]: radio("single") },
    [BLK.channel]: {
      [ACT.channel]: { type: "conversations_select", selected_conversation: "C0PICKED" },
    },
    [BLK.prefix]: { [ACT.prefix]: { type: "plain_text_input", value: "webinar-" } },
    [BLK.learning]: { [ACT.learning]: checked("learning_enabled") },
    [BLK.types]: { [ACT.types]: checked("session_assignment", "path_step") },
    [BLK.language]: { [ACT.language]: radio("fr") },
    [BLK.admins]: { [ACT.admins]: { type: "multi_users_select", selected_users: ["U0BOB"] } },
  };
  const out: Record<string, unknown> = { ...base };
  for (const [block, element] of Object.entries(patch)) {
    if (element === undefined) delete out[block];
    else out[block] = { [Object.keys(base[block] as object)[0]!]: element };
  }
  return out;
}
const prefix = (value: string | null) => ({ type: "plain_text_input", value });
const conversation = (id: string | null) => ({
  type: "conversations_select",
  selected_conversation: id,
});

Deno.test("readSettingsForm() turns a complete submission into settings", () => {
  const form = readSettingsForm(values(), CURRENT);
  assert.ok(form.ok);
  assert.deepEqual(form.settings, {
    ...CURRENT,
    webinarEnabled: true,
    surfaceOnChat: false,
    channelMode: "single",
    channelId: "C0PICKED",
    channelPrefix: "webinar-",
    learningEnabled: true,
    enabledTypes: { session_assignment: true, session_information: false, path_step: true },
    language: "fr",
    admins: ["U0BOB"],
  });
});

Deno.test("readSettingsForm() reads unchecked boxes as off", () => {
  const form = readSettingsForm(
    values({ [BLK.relay]: checked(), [BLK.learning]: checked(), [BLK.types]: checked() }),
    CURRENT,
  );
  assert.ok(form.ok);
  assert.equal(form.settings.webinarEnabled, false);
  assert.equal(form.settings.surfaceOnChat, false);
  assert.equal(form.settings.learningEnabled, false);
  assert.deepEqual(form.settings.enabledTypes, {
    session_assignment: false,
    session_information: false,
    path_step: false,
  });
  const both = readSettingsForm(
    values({ [BLK.relay]: checked("webinar_enabled", "surface_on_chat") }),
    CURRENT,
  );
  assert.ok(both.ok);
  assert.equal(both.settings.surfaceOnChat, true);
});

const PREFIX_CASES: Array<[string, string | null, string, string | undefined]> = [
  // [name, typed, expected problem, expected suggestion]
  ["uppercase and punctuation", "Webinar #1!", "prefix_characters", "webinar-1-"],
  ["too long", "w".repeat(90), "prefix_too_long", `${"w".repeat(49)}-`],
  ["punctuation only", "--", "prefix_punctuation_only", undefined],
  ["empty", "", "prefix_empty", undefined],
  ["null", null, "prefix_empty", undefined],
  ["spaces inside", "web inar", "prefix_characters", "web-inar-"],
  ["accents", "séance-", "prefix_characters", "seance-"],
];

for (const [name, typed, problem, suggestion] of PREFIX_CASES) {
  Deno.test(`readSettingsForm() refuses a per-webinar prefix with ${name}`, () => {
    const form = readSettingsForm(
      values({ [BLK.channelMode]: radio("per_webinar"), [BLK.prefix]: prefix(typed) }),
      CURRENT,
    );
    assert.ok(!form.ok);
    assert.deepEqual(form.fieldErrors, {
      [BLK.prefix]: { problem, ...(suggestion ? { suggestion } : {}) },
    });
  });
}

Deno.test("readSettingsForm() accepts valid prefixes and trims spaces around them", () => {
  for (const [typed, stored] of [["team_", "team_"], [" webinar- ", "webinar-"], ["a", "a"]]) {
    const form = readSettingsForm(
      values({ [BLK.channelMode]: radio("per_webinar"), [BLK.prefix]: prefix(typed!) }),
      CURRENT,
    );
    assert.ok(form.ok, String(typed));
    assert.equal(form.settings.channelPrefix, stored);
    assert.equal(form.settings.channelMode, "per_webinar");
  }
});

Deno.test("readSettingsForm() keeps the current prefix when single mode leaves it empty", () => {
  const form = readSettingsForm(values({ [BLK.prefix]: prefix("") }), {
    ...CURRENT,
    channelPrefix: "old-",
  });
  assert.ok(form.ok);
  assert.equal(form.settings.channelPrefix, "old-");
  const typed = readSettingsForm(values({ [BLK.prefix]: prefix("Bad!") }), CURRENT);
  assert.ok(!typed.ok, "a prefix that was typed must be valid even in single mode");
});

Deno.test("readSettingsForm() needs a channel in single mode only", () => {
  const single = readSettingsForm(values({ [BLK.channel]: conversation(null) }), CURRENT);
  assert.ok(!single.ok);
  assert.deepEqual(single.fieldErrors, { [BLK.channel]: { problem: "channel_required" } });
  const perWebinar = readSettingsForm(
    values({ [BLK.channelMode]: radio("per_webinar"), [BLK.channel]: conversation(null) }),
    CURRENT,
  );
  assert.ok(perWebinar.ok);
  assert.equal(perWebinar.settings.channelId, null);
});

Deno.test("readSettingsForm() refuses values the form never offered", () => {
  const form = readSettingsForm(
    values({
      [BLK.channelMode]: radio("everywhere"),
      [BLK.language]: radio("de"),
      [BLK.types]: checked("session_assignment", "spam"),
      [BLK.relay]: "not an element",
      [BLK.channel]: conversation("#general"),
      [BLK.admins]: { type: "multi_users_select", selected_users: ["U0BOB", "<!channel>"] },
    }),
    CURRENT,
  );
  assert.ok(!form.ok);
  assert.deepEqual(form.fieldErrors, {
    [BLK.channelMode]: { problem: "invalid_option" },
    [BLK.language]: { problem: "invalid_option" },
    [BLK.types]: { problem: "invalid_option" },
    [BLK.relay]: { problem: "invalid_option" },
    [BLK.channel]: { problem: "channel_invalid" },
    [BLK.admins]: { problem: "admins_invalid" },
  });
});

Deno.test("readSettingsForm() keeps current values for blocks the view did not send", () => {
  const current: Settings = { ...CURRENT, language: "fr", admins: ["U0KEEP"], surfaceOnChat: true };
  const form = readSettingsForm(
    values({ [BLK.language]: undefined, [BLK.admins]: undefined, [BLK.relay]: undefined }),
    current,
  );
  assert.ok(form.ok);
  assert.equal(form.settings.language, "fr");
  assert.deepEqual(form.settings.admins, ["U0KEEP"]);
  assert.equal(form.settings.surfaceOnChat, true);
  assert.ok(!readSettingsForm(null, { ...current, channelId: null }).ok);
  assert.ok(readSettingsForm(null, current).ok, "no values at all: nothing changes");
});

Deno.test("readSettingsForm() removes duplicate admins and refuses more than 100", () => {
  const dup = readSettingsForm(
    values({ [BLK.admins]: { type: "multi_users_select", selected_users: ["U0A1", "U0A1"] } }),
    CURRENT,
  );
  assert.ok(dup.ok);
  assert.deepEqual(dup.settings.admins, ["U0A1"]);
  const many = Array.from({ length: 101 }, (_, i) => `U0${String(i).padStart(3, "0")}`);
  const tooMany = readSettingsForm(
    values({ [BLK.admins]: { type: "multi_users_select", selected_users: many } }),
    CURRENT,
  );
  assert.ok(!tooMany.ok);
});

Deno.test("draftFromValues() keeps the prefix as typed and the valid fields", () => {
  const draft = draftFromValues(
    values({ [BLK.prefix]: prefix("Bad Prefix"), [BLK.language]: radio("de") }),
    DEFAULT_SETTINGS,
  );
  assert.equal(draft.channelPrefix, "Bad Prefix");
  assert.equal(draft.channelId, "C0PICKED");
  assert.equal(draft.language, DEFAULT_SETTINGS.language, "an invalid field keeps the base value");
});

Deno.test("prefixExample() names the channel a webinar would get, or says why it cannot", () => {
  assert.deepEqual(prefixExample("webinar-", "Product Demo: Spring Launch"), {
    ok: true,
    name: "webinar-product-demo-spring-launch",
  });
  assert.deepEqual(prefixExample("webinar-", "Démo produit : lancement"), {
    ok: true,
    name: "webinar-demo-produit-lancement",
  });
  const long = prefixExample("p".repeat(50), "A very long webinar title ".repeat(5));
  assert.ok(long.ok && long.name.length <= 80);
  assert.deepEqual(prefixExample("Webinar #1!", "x"), {
    ok: false,
    error: { problem: "prefix_characters", suggestion: "webinar-1-" },
  });
});

Deno.test("suggestPrefix() offers a valid prefix only when it differs from what was typed", () => {
  assert.equal(suggestPrefix("Webinar #1!"), "webinar-1-");
  assert.equal(suggestPrefix("!!!"), undefined);
  assert.equal(suggestPrefix("ok-"), undefined);
});

Deno.test("readPreferencesForm() mutes the unchecked types and refuses unknown ones", () => {
  const form = (...picked: string[]) => ({
    [PREFERENCES_BLOCK]: { [PREFERENCES_ACTION]: checked(...picked) },
  });
  assert.deepEqual(readPreferencesForm(form("session_assignment", "path_step"), []), {
    ok: true,
    muted: ["session_information"],
  });
  assert.deepEqual(readPreferencesForm(form(), []), {
    ok: true,
    muted: ["session_assignment", "session_information", "path_step"],
  });
  assert.deepEqual(readPreferencesForm({}, ["path_step"]), { ok: true, muted: ["path_step"] });
  assert.deepEqual(readPreferencesForm(form("marketing"), []), {
    ok: false,
    fieldErrors: { [PREFERENCES_BLOCK]: { problem: "invalid_option" } },
  });
});
