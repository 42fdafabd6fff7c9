/**
 * The health overview's handlers (W9, W10): an admin sees a "Loading…" modal at once (the pointer
 * lives ~3 s), then the report; Refresh gathers it again; closing completes the function.
 */
import type {
  BlockActionHandler,
  ViewClosedHandler,
} from "deno-slack-sdk/functions/interactivity/types.ts";
import type { ModalView } from "@slack/types";
import * as z from "zod/mini";
import { checkAccess } from "../../adapters/admins.ts";
import type { AppContext } from "../../adapters/context.ts";
import { gatherHealth } from "../../adapters/health.ts";
import { kickContinuation, RETRY_NOW } from "../../adapters/slack/continuation.ts";
import { HEALTH_TEXT as H } from "../../domain/i18n/health.ts";
import {
  completeSuccess,
  errorCode,
  errorRef,
  interactionContext,
  openedBy,
  type OpenInputs,
  openView,
  updateView,
} from "../../adapters/modal.ts";
import { type Locale, t } from "../../domain/i18n/mod.ts";
import type { Settings } from "../../domain/settings.ts";
import { OPEN_HEALTH_OVERVIEW_ID, type OpenHealthOverviewFunction } from "./definition.ts";
import { HealthMetadata, healthView, loadFailedView, loadingView, refusedView } from "./views.ts";

type Definition = typeof OpenHealthOverviewFunction.definition;
type ActionContext = Parameters<BlockActionHandler<Definition>>[0];
type ClosedContext = Parameters<ViewClosedHandler<Definition>>[0];

const STEP = OPEN_HEALTH_OVERVIEW_ID;

export type { OpenInputs };

/** Gathers the report into the open view; a failure shows a short message with a reference. */
async function showReport(
  ctx: AppContext,
  options: {
    viewId: string;
    settings: Settings;
    locale: Locale;
    user: string;
    hash?: string;
    notice?: string;
  },
): Promise<void> {
  const { viewId, settings, locale, user } = options;
  let view: ModalView;
  try {
    view = healthView(await gatherHealth(ctx, settings), locale, user, options.notice);
  } catch (err) {
    const ref = errorRef();
    ctx.log.error("health_not_loaded", { code: errorCode(err), error: err, ref });
    view = loadFailedView(locale, user, ref);
  }
  await updateView(ctx, viewId, view, options.hash);
}

export async function openHealthOverview(
  ctx: AppContext,
  inputs: OpenInputs,
): Promise<{ completed: false } | { outputs: { status: string } }> {
  const userId = openedBy(inputs);
  const pointer = inputs.interactivity.interactivity_pointer;
  const { viewer, settings, allowed } = await checkAccess(ctx, userId);
  if (!allowed) {
    await openView(ctx, pointer, refusedView(viewer.locale, settings.admins));
    ctx.log.info("health_refused", { user: userId });
    return { outputs: { status: "refused" } };
  }
  const opened = await openView(ctx, pointer, loadingView(viewer.locale, userId));
  await showReport(ctx, { viewId: opened.id, settings, locale: viewer.locale, user: userId });
  return { completed: false };
}

const OpenView = z.object({
  id: z.string(),
  hash: z.optional(z.string()),
  private_metadata: z.optional(z.string()),
});

/** Refresh: the admin check runs again, since the report shows emails. */
export const onRefresh: BlockActionHandler<Definition> = (context: ActionContext): Promise<void> =>
  act(context, null);

/**
 * Retry now: starts a drain that sends the notifications waiting for a retry at once (an admin has
 * just fixed a channel, say), then shows the report again with what happened.
 */
export const onRetryNow: BlockActionHandler<Definition> = (context: ActionContext): Promise<void> =>
  act(context, async (ctx, locale) => {
    const started = await kickContinuation(ctx, RETRY_NOW).catch((err) => {
      ctx.log.error("retry_now_failed", { code: errorCode(err), error: err });
      return false;
    });
    ctx.log.info("retry_now", { started });
    return t(locale, started ? H.retryStarted : H.retryNotStarted);
  });

async function act(
  { body, client, env }: ActionContext,
  before: ((ctx: AppContext, locale: Locale) => Promise<string>) | null,
): Promise<void> {
  const ctx = interactionContext(client, env, STEP);
  const view = OpenView.safeParse(body.view);
  const meta = view.success ? HealthMetadata.decode(view.data.private_metadata) : null;
  if (!view.success || !meta || meta.user !== body.user.id) {
    ctx.log.warn("health_action_ignored", { user: body.user.id, reason: "unverified_view" });
    return;
  }
  const { viewer, settings, allowed } = await checkAccess(ctx, body.user.id);
  if (!allowed) {
    await updateView(ctx, view.data.id, refusedView(viewer.locale, settings.admins));
    await completeSuccess(ctx, body.function_data.execution_id, { status: "refused" });
    return;
  }
  const notice = before ? await before(ctx, viewer.locale) : undefined;
  await showReport(ctx, {
    viewId: view.data.id,
    settings,
    locale: viewer.locale,
    user: body.user.id,
    ...(view.data.hash ? { hash: view.data.hash } : {}),
    ...(notice ? { notice } : {}),
  });
}

export const onHealthClosed: ViewClosedHandler<Definition> = async (
  { body, client, env }: ClosedContext,
): Promise<void> => {
  const ctx = interactionContext(client, env, STEP);
  await completeSuccess(ctx, body.function_data.execution_id, { status: "closed" });
};
