/**
 * The admin settings modal's handlers (W10 checked on open and on every submission): open it, keep
 * the channel-name example live while the prefix is typed, save a valid submission, record what
 * changed and confirm it in the modal, and complete the function when the modal is saved, refused
 * or cancelled.
 */
import type {
  BlockActionHandler,
  ViewClosedHandler,
  ViewSubmissionHandler,
} from "deno-slack-sdk/functions/interactivity/types.ts";
import * as z from "zod/mini";
import { recordActivity } from "../../adapters/activity.ts";
import { channelProblem, checkAccess } from "../../adapters/admins.ts";
import { type AppContext, Budget } from "../../adapters/context.ts";
import { kickContinuation, RETRY_NOW } from "../../adapters/slack/continuation.ts";
import { saveSettings } from "../../adapters/datastore/settings_store.ts";
import {
  completeError,
  completeSuccess,
  errorCode,
  errorRef,
  interactionContext,
  openedBy,
  type OpenInputs,
  openView,
  updateView,
} from "../../adapters/modal.ts";
import type { Locale } from "../../domain/i18n/mod.ts";
import { changedFields, DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { draftFromValues, readSettingsForm } from "../../domain/settings_form.ts";
import { OPEN_ADMIN_SETTINGS_ID, type OpenAdminSettingsFunction } from "./definition.ts";
import {
  failedView,
  fieldErrorMessages,
  fieldErrorText,
  refusedView,
  savedView,
  SETTINGS_BLOCKS,
  SettingsMetadata,
  settingsView,
  submitRefusedView,
} from "./views.ts";

type Definition = typeof OpenAdminSettingsFunction.definition;
type ActionContext = Parameters<BlockActionHandler<Definition>>[0];
type SubmissionContext = Parameters<ViewSubmissionHandler<Definition>>[0];
type ClosedContext = Parameters<ViewClosedHandler<Definition>>[0];
type ResponseView = ReturnType<typeof settingsView>;
export type SubmissionResponse =
  | Record<string, never>
  | { response_action: "errors"; errors: Record<string, string> }
  | { response_action: "update"; view: ResponseView };

const STEP = OPEN_ADMIN_SETTINGS_ID;

export type { OpenInputs };

/**
 * The main handler: reads who is asking and the settings (two quick reads at once), then opens the
 * form, or for someone who is not an admin a modal saying who is, and completes.
 */
export async function openAdminSettings(
  ctx: AppContext,
  inputs: OpenInputs,
): Promise<{ completed: false } | { outputs: { status: string } }> {
  const userId = openedBy(inputs);
  const pointer = inputs.interactivity.interactivity_pointer;
  const { viewer, settings, allowed } = await checkAccess(ctx, userId);
  if (!allowed) {
    await openView(ctx, pointer, refusedView(viewer.locale, settings.admins));
    ctx.log.info("settings_refused", { user: userId, when: "open" });
    return { outputs: { status: "refused" } };
  }
  await openView(ctx, pointer, settingsView({ settings, locale: viewer.locale, user: userId }));
  return { completed: false };
}

/** The parts of `body.view` the handlers read, checked (the SDK types them loosely). */
const OpenView = z.object({
  id: z.string(),
  hash: z.optional(z.string()),
  private_metadata: z.optional(z.string()),
  state: z.object({ values: z.record(z.string(), z.unknown()) }),
});

/**
 * W6 live example: each character typed in the prefix rebuilds the view from what is on screen, so
 * the example under the field follows. A stale update (the view changed since) is skipped.
 */
export const onPrefixTyped: BlockActionHandler<Definition> = async (
  { body, action, client, env }: ActionContext,
): Promise<void> => {
  const ctx = interactionContext(client, env, STEP);
  const view = OpenView.safeParse(body.view);
  const meta = view.success ? SettingsMetadata.decode(view.data.private_metadata) : null;
  if (!view.success || !meta || meta.user !== body.user.id) {
    ctx.log.warn("settings_action_ignored", { user: body.user.id, reason: "unverified_view" });
    return;
  }
  const draft = draftFromValues(view.data.state.values, DEFAULT_SETTINGS);
  if (typeof action.value === "string") draft.channelPrefix = action.value.trim();
  try {
    await updateView(
      ctx,
      view.data.id,
      settingsView({ settings: draft, locale: meta.locale, user: meta.user }),
      view.data.hash,
    );
  } catch (err) {
    // The example is a convenience: the submission validates the prefix anyway.
    ctx.log.warn("prefix_example_not_updated", { code: errorCode(err) });
  }
};

async function refuse(
  ctx: AppContext,
  options: {
    executionId: string;
    user: string;
    reason: "not_admin" | "tampered";
    locale: Locale;
    admins: readonly string[];
  },
): Promise<SubmissionResponse> {
  ctx.log.warn("settings_refused", { user: options.user, when: "submit", reason: options.reason });
  await completeSuccess(ctx, options.executionId, { status: `refused:${options.reason}` });
  return {
    response_action: "update",
    view: submitRefusedView(options.locale, options.reason, options.admins),
  };
}

/** Settings that decide where notifications go: changing one may free what a channel held. */
const DESTINATION_FIELDS: ReadonlySet<string> = new Set([
  "channelMode",
  "channelId",
  "channelPrefix",
]);
/** What the modal's answer may wait for the kick: Slack wants a view submission answered in 3 s. */
const KICK_BUDGET_MS = 1_500;

/**
 * Notifications held back by the old channel (the app not in it, archived...) go out now, to where
 * the new settings send them, not at their next retry up to 15 minutes away: the same Retry now as
 * health's button and the app's own join. A refused or slow kick is only logged: the rows keep their
 * retries, and the save stands.
 */
async function resumeHeld(ctx: AppContext): Promise<void> {
  const kick = kickContinuation({ ...ctx, budget: new Budget(KICK_BUDGET_MS) }, RETRY_NOW)
    .catch((err) => {
      ctx.log.warn("retry_now_failed", { code: errorCode(err), error: err });
      return false;
    });
  // The budget bounds waiting out a 429, not a webhook that is slow to answer: never wait past it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((r) => timer = setTimeout(() => r("late"), KICK_BUDGET_MS));
  const started = await Promise.race([kick, late]);
  clearTimeout(timer);
  ctx.log.info("retry_now", { started, after: "settings_saved" });
}

/**
 * Saves a valid submission from an admin. Invalid fields come back inline and nothing is saved;
 * someone who is not (or no longer) an admin, or a view that was not built for them, is refused.
 */
export const onSettingsSubmitted: ViewSubmissionHandler<Definition> = async (
  { body, view, client, env }: SubmissionContext,
): Promise<SubmissionResponse> => {
  const ctx = interactionContext(client, env, STEP);
  const executionId = body.function_data.execution_id;
  const actor = body.user.id;
  let locale: Locale = "en";
  try {
    const access = await checkAccess(ctx, actor);
    locale = access.viewer.locale;
    const meta = SettingsMetadata.decode(view.private_metadata);
    const admins = access.settings.admins;
    if (!meta || meta.user !== actor) {
      return await refuse(ctx, { executionId, user: actor, reason: "tampered", locale, admins });
    }
    if (!access.allowed) {
      return await refuse(ctx, { executionId, user: actor, reason: "not_admin", locale, admins });
    }
    const form = readSettingsForm(view.state.values, access.settings);
    if (!form.ok) {
      return { response_action: "errors", errors: fieldErrorMessages(form.fieldErrors, locale) };
    }
    const next = form.settings;
    if (next.channelMode === "single" && next.channelId) {
      const problem = await channelProblem(ctx, next.channelId);
      if (problem) {
        return {
          response_action: "errors",
          errors: { [SETTINGS_BLOCKS.channel]: fieldErrorText({ problem }, locale) },
        };
      }
    }
    const changed = changedFields(access.settings, next);
    if (changed.length > 0) {
      await saveSettings(ctx, { ...next, updatedBy: actor, updatedAt: Date.now() });
      await recordActivity(ctx, [{
        kind: "settings_changed",
        source: "admin",
        code: "settings_changed",
        detail: `Settings changed: ${changed.join(", ")}`,
        context: { fields: changed.join(",") },
        actor,
      }], next.language);
      ctx.log.info("settings_saved", { user: actor, fields: changed });
      if (changed.some((f) => DESTINATION_FIELDS.has(f))) await resumeHeld(ctx);
    }
    await completeSuccess(ctx, executionId, { status: changed.length > 0 ? "saved" : "unchanged" });
    // Slack closes a modal that answers nothing; say what happened instead, as the modal's own view.
    return { response_action: "update", view: savedView(locale, changed.length > 0) };
  } catch (err) {
    const ref = errorRef();
    const code = errorCode(err);
    ctx.log.error("settings_not_saved", { code, error: err, ref });
    try {
      await completeError(ctx, executionId, `Cannot save settings: ${code} (ref ${ref})`);
    } catch (completion) {
      ctx.log.error("completion_failed", { code: errorCode(completion), ref });
    }
    return { response_action: "update", view: failedView(locale, ref) };
  }
};

/** Cancelling the modal ends the function cleanly: nothing was saved. */
export const onSettingsClosed: ViewClosedHandler<Definition> = async (
  { body, client, env }: ClosedContext,
): Promise<void> => {
  const ctx = interactionContext(client, env, STEP);
  await completeSuccess(ctx, body.function_data.execution_id, { status: "cancelled" });
};
