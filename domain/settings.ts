/** Workspace settings (W5, W6, W10, L1, L7, P4): what they are, their defaults and their rules. */
import type { Locale } from "./i18n/mod.ts";

export const NOTIFICATION_TYPES = [
  "session_assignment",
  "session_information",
  "path_step",
] as const;
export type NotificationType = typeof NOTIFICATION_TYPES[number];

export function isNotificationType(value: string): value is NotificationType {
  return NOTIFICATION_TYPES.some((t) => t === value);
}

export type ChannelMode = "single" | "per_webinar";

export type Settings = {
  webinarEnabled: boolean;
  channelMode: ChannelMode;
  /** The one channel (single mode). */
  channelId: string | null;
  /** Per-webinar mode: channel names start with this. */
  channelPrefix: string;
  /** W5: only surface attendees who start chatting. */
  surfaceOnChat: boolean;
  learningEnabled: boolean;
  enabledTypes: Record<NotificationType, boolean>;
  /** Language of channel messages (DMs and modals follow each person's Slack locale). */
  language: Locale;
  /** People an admin named as Session Bridge admins, besides workspace admins and owners. */
  admins: string[];
  updatedBy: string | null;
  updatedAt: number | null;
};

export const DEFAULT_SETTINGS: Settings = {
  webinarEnabled: true,
  channelMode: "single",
  channelId: null,
  channelPrefix: "webinar-",
  surfaceOnChat: false,
  learningEnabled: true,
  enabledTypes: { session_assignment: true, session_information: true, path_step: true },
  language: "en",
  admins: [],
  updatedBy: null,
  updatedAt: null,
};

/** W10: workspace admins and owners, and the people they named, configure Session Bridge. */
export function canAdminister(
  user: { id: string; isAdmin: boolean; isOwner: boolean },
  settings: Pick<Settings, "admins">,
): boolean {
  return user.isAdmin || user.isOwner || settings.admins.includes(user.id);
}

export const PREFIX_MAX = 50;

/** A prefix must itself be a valid start of a Slack channel name. Returns a reason code, or null. */
export function prefixProblem(
  prefix: string,
): "empty" | "too_long" | "characters" | "punctuation_only" | null {
  if (prefix.length === 0) return "empty";
  if (prefix.length > PREFIX_MAX) return "too_long";
  if (!/^[a-z0-9_-]+$/.test(prefix)) return "characters";
  if (/^[-_]+$/.test(prefix)) return "punctuation_only";
  return null;
}

/** What changed between two settings, as field names, for the activity log. */
export function changedFields(before: Settings, after: Settings): string[] {
  const out: string[] = [];
  const keys = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;
  for (const k of keys) {
    if (k === "updatedAt" || k === "updatedBy") continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(k);
  }
  return out;
}
