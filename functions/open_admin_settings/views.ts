/**
 * The admin settings modal (W5, W6, W10, L1, L7, P4) and the views shown instead of it, as pure
 * builders. Every text is ours except the prefix the admin typed, which only ever reaches plain_text.
 */
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import * as z from "zod/mini";
import { ADMIN_TEXT as A } from "../../domain/i18n/admin.ts";
import { MODAL_TEXT as M } from "../../domain/i18n/modal.ts";
import { type Entry, type Locale, t } from "../../domain/i18n/mod.ts";
import {
  type ChannelMode,
  NOTIFICATION_TYPES,
  type NotificationType,
  PREFIX_MAX,
  type Settings,
} from "../../domain/settings.ts";
import {
  type FieldError,
  type FieldErrors,
  LEARNING_OPTION,
  prefixExample,
  RELAY_OPTIONS,
  SETTINGS_ACTIONS,
  SETTINGS_BLOCKS,
} from "../../domain/settings_form.ts";
import { clip } from "../../domain/text.ts";
import { messageView, plain, refusedText, USER_ID } from "../../domain/modal_blocks.ts";
import { metadataCodec } from "../../domain/view_metadata.ts";

export { SETTINGS_ACTIONS, SETTINGS_BLOCKS };

export const SETTINGS_VIEW = "admin_settings";
export const REFUSED_VIEW = "admin_settings_refused";
export const FAILED_VIEW = "admin_settings_failed";
export const SAVED_VIEW = "admin_settings_saved";

/** Binds the modal to the person it was opened for; their locale saves a lookup per keystroke. */
export const SettingsMetadata = metadataCodec(
  SETTINGS_VIEW,
  z.object({ user: z.string(), locale: z.enum(["en", "fr"]) }),
);

function option(value: string, text: string, description?: string): PlainTextOption {
  return {
    text: plain(clip(text, 75)),
    value,
    ...(description ? { description: plain(clip(description, 75)) } : {}),
  };
}

/** The field error in the admin's language (Slack shows it under the field). */
export function fieldErrorText(error: FieldError, locale: Locale): string {
  // The one problem the learner preferences form shares lives with what the modals share.
  const entry: Entry = error.problem === "invalid_option" ? M.invalid_option : A[error.problem];
  const text = t(locale, entry, { max: PREFIX_MAX });
  return error.suggestion
    ? `${text} ${t(locale, A.suggestion, { suggestion: error.suggestion })}`
    : text;
}

/** `response_action: "errors"` wants block_id → message. */
export function fieldErrorMessages(errors: FieldErrors, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [block, error] of Object.entries(errors)) {
    if (error) out[block] = fieldErrorText(error, locale);
  }
  return out;
}

/** The live example under the prefix field (W6). */
export function prefixExampleText(prefix: string, locale: Locale): string {
  const title = t(locale, A.sampleTitle);
  const example = prefixExample(prefix, title);
  return example.ok
    ? t(locale, A.prefixExample, { title, name: example.name })
    : t(locale, A.prefixExampleInvalid, { problem: fieldErrorText(example.error, locale) });
}

export function prefixExampleBlock(prefix: string, locale: Locale): KnownBlock {
  return {
    type: "context",
    block_id: SETTINGS_BLOCKS.prefixExample,
    elements: [plain(clip(prefixExampleText(prefix, locale), 2000))],
  };
}

const TYPE_LABELS: Record<NotificationType, Entry> = {
  session_assignment: A.type_session_assignment,
  session_information: A.type_session_information,
  path_step: A.type_path_step,
};

export function settingsView(
  options: { settings: Settings; locale: Locale; user: string },
): ModalView {
  const { settings: s, locale } = options;
  const tr = (entry: Entry, params?: Record<string, string | number>) => t(locale, entry, params);

  const relayOptions = [
    option(RELAY_OPTIONS.enabled, tr(A.relayEnabled), tr(A.relayEnabledHint)),
    option(RELAY_OPTIONS.surfaceOnChat, tr(A.surfaceOnChat), tr(A.surfaceOnChatHint)),
  ];
  const relayOn = relayOptions.filter((o) =>
    (o.value === RELAY_OPTIONS.enabled && s.webinarEnabled) ||
    (o.value === RELAY_OPTIONS.surfaceOnChat && s.surfaceOnChat)
  );
  const modeOptions: Record<ChannelMode, PlainTextOption> = {
    single: option("single", tr(A.modeSingle), tr(A.modeSingleHint)),
    per_webinar: option("per_webinar", tr(A.modePerWebinar), tr(A.modePerWebinarHint)),
  };
  const learningOption = option(LEARNING_OPTION, tr(A.learningEnabled), tr(A.learningEnabledHint));
  const typeOptions = NOTIFICATION_TYPES.map((type) => option(type, tr(TYPE_LABELS[type])));
  const typesOn = typeOptions.filter((o) =>
    NOTIFICATION_TYPES.some((type) => type === o.value && s.enabledTypes[type])
  );
  const languageOptions = {
    en: option("en", tr(A.languageEn)),
    fr: option("fr", tr(A.languageFr)),
  };
  const admins = s.admins.filter((id) => USER_ID.test(id));

  const blocks: KnownBlock[] = [
    { type: "section", text: plain(tr(A.settingsIntro)) },
    { type: "header", text: plain(tr(A.webinarHeader)) },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.relay,
      optional: true,
      label: plain(tr(A.relayLabel)),
      element: {
        type: "checkboxes",
        action_id: SETTINGS_ACTIONS.relay,
        options: relayOptions,
        ...(relayOn.length > 0 ? { initial_options: relayOn } : {}),
      },
    },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.channelMode,
      label: plain(tr(A.modeLabel)),
      element: {
        type: "radio_buttons",
        action_id: SETTINGS_ACTIONS.channelMode,
        options: [modeOptions.single, modeOptions.per_webinar],
        initial_option: modeOptions[s.channelMode],
      },
    },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.channel,
      optional: true,
      label: plain(tr(A.channelLabel)),
      hint: plain(tr(A.channelHint)),
      element: {
        type: "conversations_select",
        action_id: SETTINGS_ACTIONS.channel,
        placeholder: plain(tr(A.channelPlaceholder)),
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(s.channelId ? { initial_conversation: s.channelId } : {}),
      },
    },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.prefix,
      optional: true,
      dispatch_action: true,
      label: plain(tr(A.prefixLabel)),
      hint: plain(tr(A.prefixHint, { max: PREFIX_MAX })),
      element: {
        type: "plain_text_input",
        action_id: SETTINGS_ACTIONS.prefix,
        initial_value: s.channelPrefix,
        dispatch_action_config: { trigger_actions_on: ["on_character_entered"] },
      },
    },
    prefixExampleBlock(s.channelPrefix, locale),
    { type: "header", text: plain(tr(A.learningHeader)) },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.learning,
      optional: true,
      label: plain(tr(A.learningLabel)),
      element: {
        type: "checkboxes",
        action_id: SETTINGS_ACTIONS.learning,
        options: [learningOption],
        ...(s.learningEnabled ? { initial_options: [learningOption] } : {}),
      },
    },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.types,
      optional: true,
      label: plain(tr(A.typesLabel)),
      hint: plain(tr(A.typesHint)),
      element: {
        type: "checkboxes",
        action_id: SETTINGS_ACTIONS.types,
        options: typeOptions,
        ...(typesOn.length > 0 ? { initial_options: typesOn } : {}),
      },
    },
    { type: "divider" },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.language,
      label: plain(tr(A.languageLabel)),
      hint: plain(tr(A.languageHint)),
      element: {
        type: "radio_buttons",
        action_id: SETTINGS_ACTIONS.language,
        options: [languageOptions.en, languageOptions.fr],
        initial_option: languageOptions[s.language],
      },
    },
    {
      type: "input",
      block_id: SETTINGS_BLOCKS.admins,
      optional: true,
      label: plain(tr(A.adminsLabel)),
      hint: plain(tr(A.adminsHint)),
      element: {
        type: "multi_users_select",
        action_id: SETTINGS_ACTIONS.admins,
        placeholder: plain(tr(A.adminsPlaceholder)),
        ...(admins.length > 0 ? { initial_users: admins } : {}),
      },
    },
  ];

  return {
    type: "modal",
    callback_id: SETTINGS_VIEW,
    notify_on_close: true,
    title: plain(tr(A.settingsTitle)),
    submit: plain(tr(M.save)),
    close: plain(tr(M.cancel)),
    private_metadata: SettingsMetadata.encode({ user: options.user, locale }),
    blocks,
  };
}

export function refusedView(locale: Locale, admins: readonly string[]): ModalView {
  return messageView({
    callbackId: REFUSED_VIEW,
    title: t(locale, M.refusedTitle),
    text: refusedText(locale, admins, "configure"),
    locale,
    mrkdwn: true,
  });
}

/** Shown in place of the form when a submission is refused (not an admin, or forged). */
export function submitRefusedView(
  locale: Locale,
  reason: "not_admin" | "tampered",
  admins: readonly string[],
): ModalView {
  const text = reason === "tampered"
    ? t(locale, M.tampered)
    : `${t(locale, M.refusedSubmit)}\n\n${refusedText(locale, admins, "configure")}`;
  return messageView({
    callbackId: REFUSED_VIEW,
    title: t(locale, M.refusedTitle),
    text,
    locale,
    mrkdwn: reason === "not_admin",
  });
}

export function failedView(locale: Locale, ref: string): ModalView {
  return messageView({
    callbackId: FAILED_VIEW,
    title: t(locale, A.settingsTitle),
    text: t(locale, M.saveFailed, { ref }),
    locale,
  });
}

/** The confirmation that replaces the form once saved (the submission's `response_action: "update"`). */
export function savedView(locale: Locale, changed: boolean): ModalView {
  return messageView({
    callbackId: SAVED_VIEW,
    title: t(locale, A.settingsTitle),
    text: t(locale, changed ? A.settingsSaved : A.settingsUnchanged),
    locale,
  });
}
