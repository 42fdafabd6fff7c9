import assert from "node:assert/strict";
import { ADMIN_TEXT } from "./admin.ts";
import { NOTIFICATION_TYPE_LABELS } from "./learning.ts";

Deno.test("ADMIN_TEXT modal titles and buttons fit Slack's 24 characters", () => {
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
    for (const text of [ADMIN_TEXT[key].en, ADMIN_TEXT[key].fr]) {
      assert.ok(text.length <= 24, `${key}: "${text}" is ${text.length} characters`);
    }
  }
});

Deno.test("ADMIN_TEXT option texts and descriptions fit Slack's 75 characters", () => {
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
    ...keys.map((key) => [key, ADMIN_TEXT[key]] as const),
    ...Object.entries(NOTIFICATION_TYPE_LABELS),
  ];
  for (const [key, entry] of options) {
    for (const text of [entry.en, entry.fr]) {
      assert.ok(text.length <= 75, `${key}: "${text}" is ${text.length} characters`);
    }
  }
});
