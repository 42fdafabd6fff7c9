/**
 * Slack I/O shared by the modal functions (STYLE 2.5): their contexts, opening and updating views,
 * and completing the function from an interaction handler. The main handler opens the modal and
 * returns `{ completed: false }`; a submission or close later completes it here.
 */
import type { ModalView } from "@slack/types";
import * as z from "zod/mini";
import { type AppContext, type Client, createContext, INTERACTION_LIMIT_MS } from "./context.ts";
import { errorCode, slackCall, SlackCallError, slackCallOr } from "./slack/client.ts";
import { guardStep, type StepOptions } from "./step.ts";

export type ModalStepResult =
  | { completed: false }
  | { outputs: { status: string } }
  | { error: string };

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

/** What a link trigger hands a modal function (`interactivity`, and who clicked). */
export type OpenInputs = {
  interactivity: { interactivity_pointer: string; interactor: { id: string } };
  user_id?: string;
};

/** Who opened the modal: the interactor, else the trigger's user_id. */
export function openedBy(inputs: OpenInputs): string {
  return inputs.interactivity.interactor.id || inputs.user_id || "";
}

/** A short reference users can quote (logs carry it too), never a raw exception. */
export function errorRef(): string {
  return crypto.randomUUID().slice(0, 8);
}

export { errorCode };

/**
 * Runs a modal function's main handler: it opens the modal and returns `{ completed: false }` (or
 * completes at once); any exception becomes `{ error }` with a short code.
 */
export function runModalStep(
  options: StepOptions,
  body: (ctx: AppContext) => Promise<{ completed: false } | { outputs: { status: string } }>,
): Promise<ModalStepResult> {
  return guardStep(options, body);
}

/** The context of an interaction handler: Slack stops it after 10 s. */
export function interactionContext(
  client: Client,
  env: Record<string, string | undefined>,
  step: string,
): AppContext {
  return createContext({ client, env, step, limitMs: INTERACTION_LIMIT_MS });
}

const Opened = z.object({ view: z.object({ id: z.string(), hash: z.optional(z.string()) }) });

/** Opens a modal with a link trigger's or button's interactivity pointer (single use, ~3 s). */
export async function openView(
  ctx: Ctx,
  pointer: string,
  view: ModalView,
): Promise<{ id: string; hash: string }> {
  const res = Opened.safeParse(
    await slackCall(ctx, "views.open", { interactivity_pointer: pointer, view }),
  );
  if (!res.success) throw new SlackCallError("views.open", "invalid_response");
  return { id: res.data.view.id, hash: res.data.view.hash ?? "" };
}

/**
 * Replaces an open modal. With `hash`, a view changed meanwhile is left alone (a newer update is on
 * its way): returns false then, or when the person already closed it.
 */
export async function updateView(
  ctx: Ctx,
  viewId: string,
  view: ModalView,
  hash?: string,
): Promise<boolean> {
  const res = await slackCallOr(
    ctx,
    "views.update",
    { view_id: viewId, view, ...(hash ? { hash } : {}) },
    ["hash_conflict", "not_found"],
  );
  return res.ok;
}

/** Completes the function; one already completed (closed twice, refused then closed) is fine. */
export async function completeSuccess(
  ctx: Ctx,
  executionId: string,
  outputs: { status: string },
): Promise<void> {
  await slackCallOr(
    ctx,
    "functions.completeSuccess",
    { function_execution_id: executionId, outputs },
    ["execution_not_in_running_state"],
  );
}

export async function completeError(ctx: Ctx, executionId: string, error: string): Promise<void> {
  await slackCallOr(
    ctx,
    "functions.completeError",
    { function_execution_id: executionId, error },
    ["execution_not_in_running_state"],
  );
}
