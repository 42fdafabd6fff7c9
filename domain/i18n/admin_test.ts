import assert from "node:assert/strict";
import { ADMIN_TEXT } from "./admin.ts";
import { HEALTH_TEXT } from "./health.ts";
import { NOTIFICATION_TYPE_LABELS } from "./learning.ts";
import { MODAL_TEXT } from "./modal.ts";
import { PREFS_TEXT } from "./preferences.ts";

/** Every modal's texts by key. */
const TEXT = { ...MODAL_TEXT, ...ADMIN_TEXT, ...HEALTH_TEXT, ...PREFS_TEXT };

Deno.test("the modal catalogs name each text once, so a key says which text it is", () => {
  const counts = [MODAL_TEXT, ADMIN_TEXT, HEALTH_TEXT, PREFS_TEXT].map((c) =>
    Object.keys(c).length
  );
  assert.equal(Object.keys(TEXT).length, counts.reduce((a, b) => a + b));
});

Deno.test("modal titles and buttons fit Slack's 24 characters", () => {
  const short = [
    "save",
    "cancel",
    "close",
    "settingsTitle",
    "healthTitle",
    "prefsTitle",
    "refusedTitle",
    "refresh",
  ] as const;
  for (const key of short) {
    for (const text of [TEXT[key].en, TEXT[key].fr]) {
      assert.ok(text.length <= 24, `${key}: "${text}" is ${text.length} characters`);
    }
  }
});

Deno.test("modal option texts and descriptions fit Slack's 75 characters", () => {
  const keys = [
    "relayEnabled",
    "relayEnabledHint",
    "surfaceOnChat",
    "surfaceOnChatHint",
    "modeSingle",
    "modeSingleHint",
    "modePerWebinar",
    "modePerWebinarHint",
    "learningEnabled",
    "learningEnabledHint",
    "type_session_assignment",
    "type_session_information",
    "type_path_step",
    "languageEn",
    "languageFr",
  ] as const;
  const options = [
    ...keys.map((key) => [key, TEXT[key]] as const),
    ...Object.entries(NOTIFICATION_TYPE_LABELS),
  ];
  for (const [key, entry] of options) {
    for (const text of [entry.en, entry.fr]) {
      assert.ok(text.length <= 75, `${key}: "${text}" is ${text.length} characters`);
    }
  }
});
