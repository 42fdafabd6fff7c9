import assert from "node:assert/strict";
import { checkView } from "../../sandbox/fake_slack/blocks.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { viewText } from "../../testing/modals.ts";
import {
  cancelledView,
  PREFERENCES_ACTION,
  PREFERENCES_BLOCK,
  PREFERENCES_VIEW,
  PreferencesMetadata,
  preferencesView,
} from "./views.ts";

type Input = { block_id?: string; element?: Record<string, unknown> };

function checkboxes(view: { blocks: unknown[] }): Record<string, unknown> {
  const input = (view.blocks as Input[]).find((b) => b.block_id === PREFERENCES_BLOCK);
  assert.ok(input?.element);
  return input.element;
}

Deno.test("preferencesView() checks the types the learner receives", () => {
  const view = preferencesView({
    muted: ["session_information"],
    settings: DEFAULT_SETTINGS,
    locale: "en",
    user: "U0LIAM",
  });
  assert.deepEqual(checkView(view), []);
  assert.equal(view.callback_id, PREFERENCES_VIEW);
  assert.equal(view.notify_on_close, true);
  assert.deepEqual(PreferencesMetadata.decode(view.private_metadata), {
    user: "U0LIAM",
    locale: "en",
  });
  const el = checkboxes(view);
  assert.equal(el.action_id, PREFERENCES_ACTION);
  assert.deepEqual((el.options as Array<{ value: string }>).map((o) => o.value), [
    "session_assignment",
    "session_information",
    "path_step",
  ]);
  assert.deepEqual((el.initial_options as Array<{ value: string }>).map((o) => o.value), [
    "session_assignment",
    "path_step",
  ]);
  const allMuted = preferencesView({
    muted: ["session_assignment", "session_information", "path_step"],
    settings: DEFAULT_SETTINGS,
    locale: "en",
    user: "U0LIAM",
  });
  assert.equal(checkboxes(allMuted).initial_options, undefined);
  assert.deepEqual(checkView(allMuted), []);
});

Deno.test("preferencesView() speaks the learner's language and says what admins turned off", () => {
  const fr = viewText(preferencesView({
    muted: [],
    settings: {
      learningEnabled: true,
      enabledTypes: { session_assignment: true, session_information: false, path_step: true },
    },
    locale: "fr",
    user: "U0LEA",
  }));
  assert.match(fr, /Quand je suis inscrit à une session de parcours/);
  assert.match(fr, /Désactivé pour tout le monde.*Les informations d’une session de parcours/);
  const off = viewText(preferencesView({
    muted: [],
    settings: { ...DEFAULT_SETTINGS, learningEnabled: false },
    locale: "en",
    user: "U0LIAM",
  }));
  assert.match(off, /turned off for the whole workspace/);
  assert.match(
    viewText(cancelledView("en", 2)),
    /2 scheduled messages you turned off were cancelled/,
  );
});
