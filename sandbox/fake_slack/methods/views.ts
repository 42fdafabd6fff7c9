import { SlackApiError } from "../errors.ts";
import { checkView } from "../blocks.ts";
import { slackId } from "../ids.ts";
import type { Pointer, View } from "../model.ts";
import { type CallContext, type MethodTable, str } from "../spec.ts";

const MAX_VIEW_BYTES = 250 * 1024;
const MAX_STACK = 3;

function validate(view: unknown): Record<string, unknown> {
  if (typeof view !== "object" || view === null) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] missing required field: view"] },
    });
  }
  if (JSON.stringify(view).length > MAX_VIEW_BYTES) throw new SlackApiError("view_too_large");
  const problems = checkView(view);
  if (problems.length > 0) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return view as Record<string, unknown>;
}

/** Slack fills in block_id and action_id where the app left them out. */
function withIds(blocks: unknown[]): unknown[] {
  return blocks.map((b, i) => {
    const block = { ...(b as Record<string, unknown>) };
    block.block_id ??= `b${i}_${slackId("", 4)}`;
    if (block.type === "input" && block.element && typeof block.element === "object") {
      const el = { ...(block.element as Record<string, unknown>) };
      el.action_id ??= `a${i}_${slackId("", 4)}`;
      block.element = el;
    }
    return block;
  });
}

function initialValues(blocks: unknown[]): View["state"] {
  const values: View["state"]["values"] = {};
  for (const raw of blocks) {
    const b = raw as Record<string, unknown>;
    if (b.type !== "input") continue;
    const el = b.element as Record<string, unknown>;
    const entry: Record<string, unknown> = { type: el.type };
    if (el.initial_value !== undefined) entry.value = el.initial_value;
    if (el.initial_option !== undefined) entry.selected_option = el.initial_option;
    if (el.initial_options !== undefined) entry.selected_options = el.initial_options;
    if (el.initial_channel !== undefined) entry.selected_channel = el.initial_channel;
    if (el.initial_conversation !== undefined) {
      entry.selected_conversation = el.initial_conversation;
    }
    if (el.initial_user !== undefined) entry.selected_user = el.initial_user;
    if (el.type === "plain_text_input" && entry.value === undefined) entry.value = null;
    values[String(b.block_id)] = { [String(el.action_id)]: entry };
  }
  return { values };
}

function build(ctx: CallContext, raw: Record<string, unknown>, base: Partial<View>): View {
  const app = ctx.workspace.requireApp();
  const blocks = withIds(raw.blocks as unknown[]);
  const id = base.id ?? slackId("V");
  return {
    id,
    team_id: ctx.workspace.team.id,
    app_id: app.app_id,
    user_id: base.user_id ?? "",
    type: "modal",
    callback_id: String(raw.callback_id ?? ""),
    title: raw.title,
    ...(raw.submit !== undefined ? { submit: raw.submit } : {}),
    ...(raw.close !== undefined ? { close: raw.close } : {}),
    blocks,
    private_metadata: String(raw.private_metadata ?? ""),
    ...(raw.external_id !== undefined ? { external_id: String(raw.external_id) } : {}),
    notify_on_close: raw.notify_on_close === true,
    clear_on_close: raw.clear_on_close === true,
    hash: `${Math.floor(ctx.workspace.clock.now() / 1000)}.${slackId("", 8)}`,
    root_view_id: base.root_view_id ?? id,
    previous_view_id: base.previous_view_id ?? null,
    state: initialValues(blocks),
    ...(base.execution_id ? { execution_id: base.execution_id } : {}),
    ...(base.function_callback_id ? { function_callback_id: base.function_callback_id } : {}),
    open: true,
  };
}

export function viewResponse(v: View): Record<string, unknown> {
  const { user_id: _u, execution_id: _e, function_callback_id: _f, open: _o, ...rest } = v;
  return { ...rest, bot_id: null };
}

/** Takes a single-use interactivity pointer (trigger_id) or fails as Slack does. */
async function exchangePointer(ctx: CallContext, id: string | undefined): Promise<Pointer> {
  if (!id) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] },
    });
  }
  const p = await ctx.workspace.records.pointer(id);
  if (!p) throw new SlackApiError("invalid_trigger_id");
  if (p.used) throw new SlackApiError("exchanged_trigger_id");
  if (p.expires_at < ctx.workspace.clock.now()) throw new SlackApiError("expired_trigger_id");
  await ctx.workspace.records.setPointer({ ...p, used: true });
  return p;
}

export const viewMethods: MethodTable = {
  "views.open": {
    tier: 4,
    args: {
      trigger_id: { type: "string" },
      interactivity_pointer: { type: "string" },
      view: { type: "json", required: true },
    },
    async handler(ctx, args) {
      const raw = validate(args.view);
      const pointer = await exchangePointer(
        ctx,
        str(args, "trigger_id") ?? str(args, "interactivity_pointer"),
      );
      const view = build(ctx, raw, {
        user_id: pointer.user_id,
        ...(pointer.execution_id ? { execution_id: pointer.execution_id } : {}),
        ...(pointer.function_callback_id
          ? { function_callback_id: pointer.function_callback_id }
          : {}),
      });
      // A new root replaces whatever modal stack the person had open.
      for (const old of await ctx.workspace.records.viewStack(pointer.user_id)) {
        const v = await ctx.workspace.records.view(old);
        if (v) await ctx.workspace.records.setView({ ...v, open: false });
      }
      await ctx.workspace.records.setView(view);
      await ctx.workspace.records.setViewStack(pointer.user_id, [view.id]);
      ctx.workspace.emit("view", { view_id: view.id, user_id: pointer.user_id, action: "open" });
      return { view: viewResponse(view) };
    },
  },

  "views.push": {
    tier: 4,
    args: {
      trigger_id: { type: "string" },
      interactivity_pointer: { type: "string" },
      view: { type: "json", required: true },
    },
    async handler(ctx, args) {
      const raw = validate(args.view);
      const pointer = await exchangePointer(
        ctx,
        str(args, "trigger_id") ?? str(args, "interactivity_pointer"),
      );
      const stack = await ctx.workspace.records.viewStack(pointer.user_id);
      if (stack.length === 0) throw new SlackApiError("not_found");
      if (stack.length >= MAX_STACK) throw new SlackApiError("push_limit_reached");
      const top = await ctx.workspace.records.view(stack[stack.length - 1]!);
      const view = build(ctx, raw, {
        user_id: pointer.user_id,
        root_view_id: top?.root_view_id ?? stack[0]!,
        previous_view_id: top?.id ?? null,
        ...(pointer.execution_id ? { execution_id: pointer.execution_id } : {}),
        ...(pointer.function_callback_id
          ? { function_callback_id: pointer.function_callback_id }
          : {}),
      });
      await ctx.workspace.records.setView(view);
      await ctx.workspace.records.setViewStack(pointer.user_id, [...stack, view.id]);
      ctx.workspace.emit("view", { view_id: view.id, user_id: pointer.user_id, action: "push" });
      return { view: viewResponse(view) };
    },
  },

  "views.update": {
    tier: 4,
    args: {
      view_id: { type: "string" },
      external_id: { type: "string" },
      hash: { type: "string" },
      view: { type: "json", required: true },
    },
    async handler(ctx, args) {
      const raw = validate(args.view);
      let existing: View | null = null;
      const id = str(args, "view_id");
      const external = str(args, "external_id");
      if (id) existing = await ctx.workspace.records.view(id);
      else if (external) {
        existing = (await ctx.workspace.records.views()).find((v) => v.external_id === external) ??
          null;
      } else {
        throw new SlackApiError("invalid_arguments", {
          response_metadata: { messages: ["[ERROR] view_id or external_id is required"] },
        });
      }
      // A person's token belongs to no app here: it can update no app's view, and so never
      // another person's (Slack answers as if the view did not exist).
      if (
        !existing || existing.app_id !== ctx.workspace.requireApp().app_id ||
        ctx.token.kind === "user"
      ) {
        throw new SlackApiError("not_found");
      }
      const hash = str(args, "hash");
      if (hash && hash !== existing.hash) throw new SlackApiError("hash_conflict");
      const view = build(ctx, raw, existing);
      view.open = existing.open;
      await ctx.workspace.records.setView(view);
      ctx.workspace.emit("view", { view_id: view.id, user_id: view.user_id, action: "update" });
      return { view: viewResponse(view) };
    },
  },
};
