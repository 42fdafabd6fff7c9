/**
 * The learner preference modal's handlers (L5): anyone opens their own choices, saves them (muting
 * path steps also cancels the ones already scheduled for them) and reads a short confirmation in
 * the modal, or cancels.
 */
import type {
  ViewClosedHandler,
  ViewSubmissionHandler,
} from "deno-slack-sdk/functions/interactivity/types.ts";
import { lookupViewer } from "../../adapters/admins.ts";
import type { AppContext } from "../../adapters/context.ts";
import { loadSettings } from "../../adapters/datastore/settings_store.ts";
import { loadMuted, saveMuted } from "../../adapters/learning/preferences.ts";
import {
  completeError,
  completeSuccess,
  errorCode,
  errorRef,
  interactionContext,
  openedBy,
  type OpenInputs,
  openView,
} from "../../adapters/modal.ts";
import { readPreferencesForm } from "../../domain/settings_form.ts";
import type { Locale } from "../../domain/i18n/mod.ts";
import { MODAL_TEXT as M } from "../../domain/i18n/modal.ts";
import { t } from "../../domain/i18n/mod.ts";
import { OPEN_LEARNER_PREFERENCES_ID, type OpenLearnerPreferencesFunction } from "./definition.ts";
import {
  PreferencesMetadata,
  preferencesView,
  savedView,
  saveFailedView,
  tamperedView,
} from "./views.ts";
import { NOTIFICATION_TYPES } from "../../domain/settings.ts";

type Definition = typeof OpenLearnerPreferencesFunction.definition;
type SubmissionContext = Parameters<ViewSubmissionHandler<Definition>>[0];
type ClosedContext = Parameters<ViewClosedHandler<Definition>>[0];
type ResponseView = ReturnType<typeof preferencesView>;
export type SubmissionResponse =
  | Record<string, never>
  | { response_action: "errors"; errors: Record<string, string> }
  | { response_action: "update"; view: ResponseView };

const STEP = OPEN_LEARNER_PREFERENCES_ID;

export type { OpenInputs };

/** Three quick reads at once (locale, their choices, what admins allow), then the modal. */
export async function openLearnerPreferences(
  ctx: AppContext,
  inputs: OpenInputs,
): Promise<{ completed: false }> {
  const userId = openedBy(inputs);
  const [viewer, muted, settings] = await Promise.all([
    lookupViewer(ctx, userId),
    loadMuted(ctx, userId),
    loadSettings(ctx),
  ]);
  await openView(
    ctx,
    inputs.interactivity.interactivity_pointer,
    preferencesView({ muted, settings, locale: viewer.locale, user: userId }),
  );
  return { completed: false };
}

/** Saves the learner's own choices; a view built for someone else is refused. */
export const onPreferencesSubmitted: ViewSubmissionHandler<Definition> = async (
  { body, view, client, env }: SubmissionContext,
): Promise<SubmissionResponse> => {
  const ctx = interactionContext(client, env, STEP);
  const executionId = body.function_data.execution_id;
  const actor = body.user.id;
  const meta = PreferencesMetadata.decode(view.private_metadata);
  let locale: Locale = meta?.locale ?? "en";
  try {
    if (!meta || meta.user !== actor) {
      locale = (await lookupViewer(ctx, actor)).locale;
      ctx.log.warn("preferences_refused", { user: actor, reason: "tampered" });
      await completeSuccess(ctx, executionId, { status: "refused:tampered" });
      return { response_action: "update", view: tamperedView(locale) };
    }
    const form = readPreferencesForm(view.state.values, []);
    if (!form.ok) {
      return {
        response_action: "errors",
        errors: Object.fromEntries(
          Object.keys(form.fieldErrors).map((block) => [block, t(locale, M.invalid_option)]),
        ),
      };
    }
    const { cancelledSteps } = await saveMuted(ctx, actor, form.muted);
    ctx.log.info("preferences_saved", { user: actor, muted: form.muted, cancelledSteps });
    await completeSuccess(ctx, executionId, { status: "saved" });
    const receiving = NOTIFICATION_TYPES.filter((type) => !form.muted.includes(type)).length;
    return { response_action: "update", view: savedView(locale, { receiving, cancelledSteps }) };
  } catch (err) {
    const ref = errorRef();
    const code = errorCode(err);
    ctx.log.error("preferences_not_saved", { code, error: err, ref });
    try {
      await completeError(
        ctx,
        executionId,
        `Cannot save notification choices: ${code} (ref ${ref})`,
      );
    } catch (completion) {
      ctx.log.error("completion_failed", { code: errorCode(completion), ref });
    }
    return { response_action: "update", view: saveFailedView(locale, ref) };
  }
};

export const onPreferencesClosed: ViewClosedHandler<Definition> = async (
  { body, client, env }: ClosedContext,
): Promise<void> => {
  const ctx = interactionContext(client, env, STEP);
  await completeSuccess(ctx, body.function_data.execution_id, { status: "cancelled" });
};
