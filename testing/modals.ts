/**
 * Driving the app's modals through the workflow engine as a person would: click a link trigger, wait
 * for the modal, fill in fields (Slack's view.state.values shape), and, for refusal tests, forge a
 * view or tamper with its private_metadata the way a hostile client could try.
 */
import { SlackAPI } from "deno-slack-api/mod.ts";
import { type View, viewResponse } from "../sandbox/fake_slack/mod.ts";
import type { WorkflowRun } from "../sandbox/engine/mod.ts";
import type { TestApp } from "./app.ts";

export type StateValues = View["state"]["values"];
type Element = Record<string, unknown>;

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what = "condition",
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The modal on top of the person's stack, once it has this callback id (and passes `ready`). */
export async function waitForView(
  app: TestApp,
  userId: string,
  callbackId: string,
  ready: (view: View) => boolean = () => true,
): Promise<View> {
  let found: View | undefined;
  await waitFor(async () => {
    const top = (await app.engine.viewStack(userId)).at(-1);
    if (top && top.callback_id === callbackId && ready(top)) found = top;
    return found !== undefined;
  }, `view "${callbackId}" for ${userId}`);
  return found!;
}

/** Clicks a link trigger (by its file name in triggers/) as this person. */
export async function clickShortcut(
  app: TestApp,
  trigger: string,
  userId: string,
): Promise<WorkflowRun> {
  const t = app.triggers[trigger];
  if (!t) throw new Error(`No trigger "${trigger}" in the test app`);
  return await app.engine.runShortcut(t.id, userId);
}

/** Waits until the run has ended (completed or failed). */
export async function runEnded(run: WorkflowRun): Promise<WorkflowRun> {
  await waitFor(() => run.status !== "running", `run ${run.id} to end`);
  return run;
}

/** Builders for one element's state, as Slack puts it in view.state.values. */
export const field = {
  text: (value: string | null): Element => ({ type: "plain_text_input", value }),
  checkboxes: (values: string[]): Element => ({
    type: "checkboxes",
    selected_options: values.map((value) => ({ value, text: { type: "plain_text", text: value } })),
  }),
  radio: (value: string | null): Element => ({
    type: "radio_buttons",
    selected_option: value === null ? null : { value, text: { type: "plain_text", text: value } },
  }),
  conversation: (id: string | null): Element => ({
    type: "conversations_select",
    selected_conversation: id,
  }),
  users: (ids: string[]): Element => ({ type: "multi_users_select", selected_users: ids }),
};

/**
 * The view's current values with some fields replaced: `{ block_id: element }` (the block's single
 * action id is kept).
 */
export function valuesWith(view: View, changes: Record<string, Element>): StateValues {
  const values: StateValues = structuredClone(view.state.values);
  for (const [block, element] of Object.entries(changes)) {
    const actions = Object.keys(values[block] ?? {});
    const action = actions[0] ?? inputActionId(view, block);
    if (!action) throw new Error(`The view has no input block "${block}"`);
    values[block] = { [action]: element };
  }
  return values;
}

function inputActionId(view: View, block: string): string | undefined {
  for (const raw of view.blocks) {
    const b = raw as { type?: string; block_id?: string; element?: { action_id?: string } };
    if (b.type === "input" && b.block_id === block) return b.element?.action_id;
  }
  return undefined;
}

/** All plain and mrkdwn text in a view's blocks, for assertions on what a person reads. */
export function viewText(view: { blocks: unknown[] }): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if ((o.type === "plain_text" || o.type === "mrkdwn") && typeof o.text === "string") {
        out.push(o.text);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(view.blocks);
  return out.join("\n");
}

/**
 * Puts a copy of `view` (built for someone else) on `userId`'s screen, as a forged client might
 * present it; returns the copy's id. It still belongs to the original function execution.
 */
export async function forgeViewFor(app: TestApp, view: View, userId: string): Promise<string> {
  const copy: View = { ...structuredClone(view), id: `VFORGED${crypto.randomUUID().slice(0, 6)}` };
  copy.user_id = userId;
  copy.open = true;
  await app.fake.workspace.records.setView(copy);
  await app.fake.workspace.records.setViewStack(userId, [copy.id]);
  return copy.id;
}

/** Replaces the private_metadata Slack would send back with this view. */
export async function tamperMetadata(
  app: TestApp,
  viewId: string,
  metadata: string,
): Promise<void> {
  const view = await app.fake.workspace.records.view(viewId);
  if (!view) throw new Error(`No view ${viewId}`);
  await app.fake.workspace.records.setView({ ...view, private_metadata: metadata });
}

/** The datastore rows the fake holds for one datastore. */
export async function storedRows<T = Record<string, unknown>>(
  app: TestApp,
  datastore: string,
): Promise<T[]> {
  return await app.fake.workspace.datastores.items(datastore);
}

/**
 * The context Slack's runtime gives an interaction handler, for calling a named handler directly:
 * `body` as Slack sends it for `type`, a client with a fresh token of the run's execution, the app's
 * env. `H` is the handler; the cast lives here so tests stay cast-free.
 */
export async function handlerContext<H extends (context: never) => unknown>(
  app: TestApp,
  _handler: H,
  options: {
    type: "view_submission" | "view_closed" | "block_actions";
    executionId: string;
    callbackId: string;
    userId: string;
    view: View;
    action?: Record<string, unknown>;
  },
): Promise<Parameters<H>[0]> {
  const token = await app.fake.workspace.mintWorkflowToken(options.executionId);
  const client = SlackAPI(token, { slackApiUrl: app.fake.apiUrl });
  const view = viewResponse(options.view);
  const body = {
    type: options.type,
    team: { id: app.fake.workspace.team.id, domain: app.fake.workspace.team.domain },
    user: { id: options.userId, name: options.userId, team_id: app.fake.workspace.team.id },
    api_app_id: app.fake.workspace.requireApp().app_id,
    trigger_id: "1.test",
    interactivity: {
      interactivity_pointer: "1.test",
      interactor: { id: options.userId, secret: "s" },
    },
    function_data: {
      execution_id: options.executionId,
      function: { callback_id: options.callbackId },
      inputs: {},
    },
    view,
    ...(options.action ? { actions: [options.action] } : {}),
    enterprise: null,
    is_enterprise_install: false,
  };
  const context = {
    body,
    view,
    ...(options.action ? { action: options.action } : {}),
    client,
    env: { ...app.engine.env },
    inputs: {},
    token,
    team_id: app.fake.workspace.team.id,
    enterprise_id: "",
  };
  return context as unknown as Parameters<H>[0];
}
