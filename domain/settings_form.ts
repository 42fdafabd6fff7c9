/**
 * Reading the admin settings modal (W5, W6, W10, L1, L7, P4): Slack's `view.state.values` in, either
 * complete settings or one problem per field (keyed by block_id, as `response_action: "errors"`
 * wants them) out. Pure: the channel check that needs Slack happens in the adapter afterwards.
 */
import * as z from "zod/mini";
import type { Locale } from "./i18n/mod.ts";
import {
  type ChannelMode,
  NOTIFICATION_TYPES,
  type NotificationType,
  PREFIX_MAX,
  prefixProblem,
  type Settings,
} from "./settings.ts";
import { channelNameFor, slugify } from "./webinar/channel_name.ts";

/** Block ids of the settings modal; each input block holds one element with the action id below. */
export const SETTINGS_BLOCKS = {
  relay: "relay",
  channelMode: "channel_mode",
  channel: "channel",
  prefix: "channel_prefix",
  prefixExample: "channel_prefix_example",
  learning: "learning",
  types: "notification_types",
  language: "language",
  admins: "admins",
} as const;

export const SETTINGS_ACTIONS = {
  relay: "relay_options",
  channelMode: "channel_mode_choice",
  channel: "channel_choice",
  prefix: "channel_prefix_input",
  learning: "learning_options",
  types: "notification_type_choices",
  language: "language_choice",
  admins: "admin_choices",
} as const;

/** Option values of the checkbox and radio groups. */
export const RELAY_OPTIONS = {
  enabled: "webinar_enabled",
  surfaceOnChat: "surface_on_chat",
} as const;
export const LEARNING_OPTION = "learning_enabled";
export const CHANNEL_MODES: readonly ChannelMode[] = ["single", "per_webinar"];
export const LANGUAGES: readonly Locale[] = ["en", "fr"];

export type FormProblem =
  | "channel_required"
  | "channel_invalid"
  | "channel_not_found"
  | "channel_archived"
  | "channel_private_not_member"
  | "channel_not_a_channel"
  | "channel_check_failed"
  | "prefix_empty"
  | "prefix_too_long"
  | "prefix_characters"
  | "prefix_punctuation_only"
  | "invalid_option"
  | "admins_invalid";

/** A field's problem; `suggestion` is a valid value close to what was typed, when there is one. */
export type FieldError = { problem: FormProblem; suggestion?: string };
export type FieldErrors = Partial<Record<string, FieldError>>;

export type SettingsForm =
  | { ok: true; settings: Settings }
  | { ok: false; fieldErrors: FieldErrors };

const Option = z.object({ value: z.string() });
/** One element's state, as Slack sends it (only the members this form uses). */
const ElementState = z.object({
  type: z.optional(z.string()),
  value: z.optional(z.nullable(z.string())),
  selected_option: z.optional(z.nullable(Option)),
  selected_options: z.optional(z.nullable(z.array(Option))),
  selected_conversation: z.optional(z.nullable(z.string())),
  selected_channel: z.optional(z.nullable(z.string())),
  selected_users: z.optional(z.nullable(z.array(z.string()))),
});
type ElementState = z.infer<typeof ElementState>;
const AnyObject = z.record(z.string(), z.unknown());

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const MAX_ADMINS = 100;

/**
 * The state of one field: "missing" when the block is absent (the view had no such block, so the
 * current value stays), "malformed" when it is there but not in the shape Slack sends.
 */
function element(
  values: unknown,
  block: string,
  action: string,
): ElementState | "missing" | "malformed" {
  const all = AnyObject.safeParse(values);
  if (!all.success) return "missing";
  const byBlock = all.data[block];
  if (byBlock === undefined) return "missing";
  const actions = AnyObject.safeParse(byBlock);
  if (!actions.success) return "malformed";
  const raw = actions.data[action];
  if (raw === undefined) return "missing";
  const parsed = ElementState.safeParse(raw);
  return parsed.success ? parsed.data : "malformed";
}

type Read<T> = { value: T } | { error: FieldError } | null;

/** Checked option values (checkboxes); every value must be one the form offers. */
function readChecked(
  values: unknown,
  block: string,
  action: string,
  allowed: readonly string[],
): Read<Set<string>> {
  const el = element(values, block, action);
  if (el === "missing") return null;
  if (el === "malformed") return { error: { problem: "invalid_option" } };
  const picked = (el.selected_options ?? []).map((o) => o.value);
  if (picked.some((v) => !allowed.includes(v))) return { error: { problem: "invalid_option" } };
  return { value: new Set(picked) };
}

/** The chosen option (radio buttons); null selection keeps the current value. */
function readChoice<T extends string>(
  values: unknown,
  block: string,
  action: string,
  allowed: readonly T[],
): Read<T> {
  const el = element(values, block, action);
  if (el === "missing") return null;
  if (el === "malformed") return { error: { problem: "invalid_option" } };
  const picked = el.selected_option?.value;
  if (picked === undefined) return null;
  const match = allowed.find((a) => a === picked);
  return match === undefined ? { error: { problem: "invalid_option" } } : { value: match };
}

function readChannel(values: unknown): Read<string | null> {
  const el = element(values, SETTINGS_BLOCKS.channel, SETTINGS_ACTIONS.channel);
  if (el === "missing") return null;
  if (el === "malformed") return { error: { problem: "channel_invalid" } };
  const id = el.selected_conversation ?? el.selected_channel ?? null;
  if (id !== null && !CHANNEL_ID.test(id)) return { error: { problem: "channel_invalid" } };
  return { value: id };
}

function readPrefix(values: unknown): Read<string> {
  const el = element(values, SETTINGS_BLOCKS.prefix, SETTINGS_ACTIONS.prefix);
  if (el === "missing") return null;
  if (el === "malformed") return { error: { problem: "prefix_characters" } };
  return { value: (el.value ?? "").trim() };
}

function readAdmins(values: unknown): Read<string[]> {
  const el = element(values, SETTINGS_BLOCKS.admins, SETTINGS_ACTIONS.admins);
  if (el === "missing") return null;
  if (el === "malformed") return { error: { problem: "admins_invalid" } };
  const ids = [...new Set(el.selected_users ?? [])];
  if (ids.length > MAX_ADMINS || ids.some((id) => !USER_ID.test(id))) {
    return { error: { problem: "admins_invalid" } };
  }
  return { value: ids };
}

/** A valid prefix close to what was typed ("Webinar #1!" → "webinar-1-"), or undefined. */
export function suggestPrefix(typed: string): string | undefined {
  const slug = slugify(typed).slice(0, PREFIX_MAX - 1).replace(/[-_]+$/, "");
  if (!slug) return undefined;
  const suggestion = `${slug}-`;
  return prefixProblem(suggestion) === null && suggestion !== typed ? suggestion : undefined;
}

function prefixError(prefix: string): FieldError | null {
  const problem = prefixProblem(prefix);
  if (problem === null) return null;
  const suggestion = problem === "empty" ? undefined : suggestPrefix(prefix);
  return {
    problem: `prefix_${problem}`,
    ...(suggestion ? { suggestion } : {}),
  };
}

/** Every field read over `current`: the settings they make, and the fields in error. */
function readFields(values: unknown, current: Settings): { next: Settings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const next: Settings = structuredClone(current);
  const take = <T>(block: string, read: Read<T>, apply: (v: T) => void): void => {
    if (read === null) return;
    if ("error" in read) errors[block] = read.error;
    else apply(read.value);
  };

  take(
    SETTINGS_BLOCKS.relay,
    readChecked(
      values,
      SETTINGS_BLOCKS.relay,
      SETTINGS_ACTIONS.relay,
      Object.values(RELAY_OPTIONS),
    ),
    (on) => {
      next.webinarEnabled = on.has(RELAY_OPTIONS.enabled);
      next.surfaceOnChat = on.has(RELAY_OPTIONS.surfaceOnChat);
    },
  );
  take(
    SETTINGS_BLOCKS.channelMode,
    readChoice(values, SETTINGS_BLOCKS.channelMode, SETTINGS_ACTIONS.channelMode, CHANNEL_MODES),
    (mode) => next.channelMode = mode,
  );
  take(SETTINGS_BLOCKS.channel, readChannel(values), (id) => next.channelId = id);
  take(SETTINGS_BLOCKS.prefix, readPrefix(values), (prefix) => {
    if (prefix === "" && next.channelMode === "single") return;
    const problem = prefixError(prefix);
    if (problem) errors[SETTINGS_BLOCKS.prefix] = problem;
    else next.channelPrefix = prefix;
  });
  take(
    SETTINGS_BLOCKS.learning,
    readChecked(values, SETTINGS_BLOCKS.learning, SETTINGS_ACTIONS.learning, [LEARNING_OPTION]),
    (on) => next.learningEnabled = on.has(LEARNING_OPTION),
  );
  take(
    SETTINGS_BLOCKS.types,
    readChecked(values, SETTINGS_BLOCKS.types, SETTINGS_ACTIONS.types, NOTIFICATION_TYPES),
    (on) => {
      for (const type of NOTIFICATION_TYPES) next.enabledTypes[type] = on.has(type);
    },
  );
  take(
    SETTINGS_BLOCKS.language,
    readChoice(values, SETTINGS_BLOCKS.language, SETTINGS_ACTIONS.language, LANGUAGES),
    (language) => next.language = language,
  );
  take(SETTINGS_BLOCKS.admins, readAdmins(values), (admins) => next.admins = admins);

  if (
    next.channelMode === "single" && next.channelId === null &&
    errors[SETTINGS_BLOCKS.channel] === undefined
  ) {
    errors[SETTINGS_BLOCKS.channel] = { problem: "channel_required" };
  }
  return { next, errors };
}

/**
 * Reads a submitted settings form over the current settings. A block the view did not have keeps
 * its current value; anything present must be valid. In single-channel mode an empty prefix keeps the
 * current one (it is not used), but a prefix that was typed must still be valid.
 */
export function readSettingsForm(values: unknown, current: Settings): SettingsForm {
  const { next, errors } = readFields(values, current);
  return Object.keys(errors).length > 0
    ? { ok: false, fieldErrors: errors }
    : { ok: true, settings: next };
}

/**
 * What the form shows while the admin is still editing, to rebuild the view around the live
 * example: the readable fields over `base`, and the prefix exactly as typed. Never saved.
 */
export function draftFromValues(values: unknown, base: Settings): Settings {
  const { next } = readFields(values, base);
  const typed = readPrefix(values);
  return typed && "value" in typed ? { ...next, channelPrefix: typed.value } : next;
}

/** The live example under the prefix field: the channel a webinar would get, or why it cannot. */
export function prefixExample(
  prefix: string,
  sampleTitle: string,
): { ok: true; name: string } | { ok: false; error: FieldError } {
  const error = prefixError(prefix.trim());
  if (error) return { ok: false, error };
  return { ok: true, name: channelNameFor(prefix.trim(), sampleTitle, "webinar") };
}

/** The learner preference modal (L5): one checkbox per notification type, checked = receive. */
export const PREFERENCES_BLOCK = "receive";
export const PREFERENCES_ACTION = "receive_types";

export type PreferencesForm =
  | { ok: true; muted: NotificationType[] }
  | { ok: false; fieldErrors: FieldErrors };

/**
 * The types a learner muted: those left unchecked. A missing block mutes nothing new (keeps
 * `current`); an unknown value is refused.
 */
export function readPreferencesForm(
  values: unknown,
  current: readonly NotificationType[],
): PreferencesForm {
  const read = readChecked(values, PREFERENCES_BLOCK, PREFERENCES_ACTION, NOTIFICATION_TYPES);
  if (read === null) return { ok: true, muted: [...current] };
  if ("error" in read) return { ok: false, fieldErrors: { [PREFERENCES_BLOCK]: read.error } };
  return { ok: true, muted: NOTIFICATION_TYPES.filter((type) => !read.value.has(type)) };
}
