/** Loads and saves the workspace settings row, converting between datastore and domain shapes. */
import { SETTINGS_ROW_ID, type SettingsRow } from "../../datastores/settings.ts";
import { DEFAULT_SETTINGS, type Settings } from "../../domain/settings.ts";
import type { AppContext } from "../context.ts";
import { getRow, putRow } from "./records.ts";
import { SETTINGS } from "./specs.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export function settingsFromRow(row: SettingsRow | null): Settings {
  const d = DEFAULT_SETTINGS;
  if (!row) return structuredClone(d);
  return {
    webinarEnabled: row.webinar_enabled ?? d.webinarEnabled,
    channelMode: row.channel_mode ?? d.channelMode,
    channelId: row.channel_id || null,
    channelPrefix: row.channel_prefix ?? d.channelPrefix,
    surfaceOnChat: row.surface_on_chat ?? d.surfaceOnChat,
    learningEnabled: row.learning_enabled ?? d.learningEnabled,
    enabledTypes: {
      session_assignment: row.type_session_assignment ?? d.enabledTypes.session_assignment,
      session_information: row.type_session_information ?? d.enabledTypes.session_information,
      path_step: row.type_path_step ?? d.enabledTypes.path_step,
    },
    language: row.language ?? d.language,
    admins: row.admins ?? [],
    updatedBy: row.updated_by || null,
    updatedAt: row.updated_at ?? null,
  };
}

export function settingsToRow(s: Settings): SettingsRow {
  return {
    id: SETTINGS_ROW_ID,
    webinar_enabled: s.webinarEnabled,
    channel_mode: s.channelMode,
    channel_id: s.channelId ?? "",
    channel_prefix: s.channelPrefix,
    surface_on_chat: s.surfaceOnChat,
    learning_enabled: s.learningEnabled,
    type_session_assignment: s.enabledTypes.session_assignment,
    type_session_information: s.enabledTypes.session_information,
    type_path_step: s.enabledTypes.path_step,
    language: s.language,
    admins: s.admins,
    updated_by: s.updatedBy ?? "",
    updated_at: s.updatedAt ?? 0,
  };
}

export async function loadSettings(ctx: Ctx): Promise<Settings> {
  return settingsFromRow(await getRow(ctx, SETTINGS, SETTINGS_ROW_ID));
}

export async function saveSettings(ctx: Ctx, settings: Settings): Promise<void> {
  await putRow(ctx, SETTINGS, settingsToRow(settings));
}
