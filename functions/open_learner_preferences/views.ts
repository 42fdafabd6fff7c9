/** The learner's notification choices (L5) as pure builders, in their Slack language (P4). */
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import * as z from "zod/mini";
import { MODAL_TEXT as M } from "../../domain/i18n/modal.ts";
import { PREFS_TEXT as P } from "../../domain/i18n/preferences.ts";
import { NOTIFICATION_TYPE_LABELS as LABELS } from "../../domain/i18n/learning.ts";
import { type Locale, t, tn } from "../../domain/i18n/mod.ts";
import { messageView, plain } from "../../domain/modal_blocks.ts";
import { NOTIFICATION_TYPES, type NotificationType, type Settings } from "../../domain/settings.ts";
import { PREFERENCES_ACTION, PREFERENCES_BLOCK } from "../../domain/settings_form.ts";
import { clip } from "../../domain/text.ts";
import { metadataCodec } from "../../domain/view_metadata.ts";

export { PREFERENCES_ACTION, PREFERENCES_BLOCK };

export const PREFERENCES_VIEW = "learner_preferences";
export const DONE_VIEW = "learner_preferences_done";

export const PreferencesMetadata = metadataCodec(
  PREFERENCES_VIEW,
  z.object({ user: z.string(), locale: z.enum(["en", "fr"]) }),
);

export function preferencesView(
  options: {
    muted: readonly NotificationType[];
    settings: Pick<Settings, "learningEnabled" | "enabledTypes">;
    locale: Locale;
    user: string;
  },
): ModalView {
  const { locale, settings } = options;
  const choices: PlainTextOption[] = NOTIFICATION_TYPES.map((type) => ({
    text: plain(clip(t(locale, LABELS[type]), 75)),
    value: type,
  }));
  const receiving = choices.filter((o) => !options.muted.some((muted) => muted === o.value));
  const offForAll = NOTIFICATION_TYPES.filter((type) => !settings.enabledTypes[type]);
  const notes: string[] = [];
  if (!settings.learningEnabled) notes.push(t(locale, P.prefsLearningOff));
  else if (offForAll.length > 0) {
    notes.push(t(locale, P.prefsOffByAdmin, {
      types: offForAll.map((type) => t(locale, LABELS[type])).join(", "),
    }));
  }
  const blocks: KnownBlock[] = [
    { type: "section", text: plain(t(locale, P.prefsIntro)) },
    {
      type: "input",
      block_id: PREFERENCES_BLOCK,
      optional: true,
      label: plain(t(locale, P.prefsLabel)),
      element: {
        type: "checkboxes",
        action_id: PREFERENCES_ACTION,
        options: choices,
        ...(receiving.length > 0 ? { initial_options: receiving } : {}),
      },
    },
    ...notes.map((note): KnownBlock => ({ type: "context", elements: [plain(note)] })),
  ];
  return {
    type: "modal",
    callback_id: PREFERENCES_VIEW,
    notify_on_close: true,
    title: plain(t(locale, P.prefsTitle)),
    submit: plain(t(locale, M.save)),
    close: plain(t(locale, M.cancel)),
    private_metadata: PreferencesMetadata.encode({ user: options.user, locale }),
    blocks,
  };
}

/**
 * The confirmation that replaces the form once saved (the submission's `response_action: "update"`):
 * what the learner now gets, and the scheduled messages that muting path steps cancelled.
 */
export function savedView(
  locale: Locale,
  options: { receiving: number; cancelledSteps: number },
): ModalView {
  const lines = [t(locale, options.receiving > 0 ? P.prefsSaved : P.prefsSavedNone)];
  if (options.cancelledSteps > 0) {
    lines.push(tn(locale, P.prefsCancelledSteps, options.cancelledSteps));
  }
  return messageView({
    callbackId: DONE_VIEW,
    title: t(locale, P.prefsTitle),
    text: lines.join("\n\n"),
    locale,
  });
}

export function tamperedView(locale: Locale): ModalView {
  return messageView({
    callbackId: DONE_VIEW,
    title: t(locale, P.prefsTitle),
    text: t(locale, M.tampered),
    locale,
  });
}

export function saveFailedView(locale: Locale, ref: string): ModalView {
  return messageView({
    callbackId: DONE_VIEW,
    title: t(locale, P.prefsTitle),
    text: t(locale, P.prefsSaveFailed, { ref }),
    locale,
  });
}
