import assert from "node:assert/strict";
import { checkView } from "../../sandbox/fake_slack/mod.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { viewText } from "../../testing/modals.ts";
import {
  PREFERENCES_ACTION,
  PREFERENCES_BLOCK,
  PREFERENCES_VIEW,
  PreferencesMetadata,
  preferencesView,
  savedView,
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
  // The seed's wording: assigned to a session, enrolled in the one that sends information.
  assert.match(fr, /Je suis assigné·e à une session de parcours/);
  assert.match(
    fr,
    /Désactivées pour tout le monde.*Je reçois des informations d’une session de parcours où je suis inscrit·e/,
  );
  assert.doesNotMatch(fr, /inscrit·e à une session|assigné·e à une session de parcours où/);
  const off = viewText(preferencesView({
    muted: [],
    settings: { ...DEFAULT_SETTINGS, learningEnabled: false },
    locale: "en",
    user: "U0LIAM",
  }));
  assert.match(off, /turned off for the whole workspace/);
});

Deno.test("savedView() confirms the save in the learner's language, with any cancelled messages", () => {
  const fr = savedView("fr", { receiving: 2, cancelledSteps: 1 });
  assert.deepEqual(checkView(fr), []);
  assert.equal(fr.title.text, "Mes notifications", "the modal keeps its name");
  assert.match(viewText(fr), /^Enregistré\. Session Bridge vous envoie les notifications cochées/);
  assert.match(viewText(fr), /Le message programmé que vous avez désactivé a été annulé\./);
  const en = viewText(savedView("en", { receiving: 0, cancelledSteps: 3 }));
  assert.match(en, /^Saved\. Session Bridge sends you no learning notifications/);
  assert.match(en, /The 3 scheduled messages you turned off were cancelled\./);
  assert.doesNotMatch(viewText(savedView("en", { receiving: 3, cancelledSteps: 0 })), /cancelled/);
});
