import { SlackApiError } from "../errors.ts";
import { secretToken, slackId } from "../ids.ts";
import type { TriggerRecord } from "../model.ts";
import { type Args, bool, type CallContext, type MethodTable, num, scope, str } from "../spec.ts";
import { clampLimit, page } from "./common.ts";

const TYPES = new Set(["shortcut", "webhook", "event", "scheduled"]);
const FREQUENCIES = new Set(["once", "hourly", "daily", "weekly", "monthly", "yearly"]);
/** Channel-level events: each trigger lists 1 to 20 channels (or all_resources). PLATFORM.md 5.2. */
const CHANNEL_EVENTS = new Set([
  "slack#/events/message_posted",
  "slack#/events/user_joined_channel",
  "slack#/events/user_left_channel",
  "slack#/events/reaction_added",
  "slack#/events/reaction_removed",
  "slack#/events/app_mentioned",
  "slack#/events/pin_added",
  "slack#/events/pin_removed",
  "slack#/events/message_metadata_posted",
]);

function bad(message: string): SlackApiError {
  return new SlackApiError("invalid_arguments", {
    response_metadata: { messages: [`[ERROR] ${message}`] },
  });
}

function checkFilter(filter: unknown, path: string): void {
  if (typeof filter !== "object" || filter === null) throw bad(`${path} must be an object`);
  const f = filter as Record<string, unknown>;
  if (f.version !== 1) throw bad(`${path}/version must be 1`);
  const node = (n: unknown, p: string): void => {
    if (typeof n !== "object" || n === null) throw bad(`${p} must be an object`);
    const o = n as Record<string, unknown>;
    if (typeof o.statement === "string") return;
    if (
      !["AND", "OR", "NOT"].includes(String(o.operator)) || !Array.isArray(o.inputs) ||
      o.inputs.length === 0
    ) {
      throw bad(`${p} must have a statement, or an operator (AND, OR, NOT) with inputs`);
    }
    o.inputs.forEach((x, i) => node(x, `${p}/inputs/${i}`));
  };
  node(f.root, `${path}/root`);
}

/** Validates a whole trigger definition (create, and update's full replace). */
function definition(
  ctx: CallContext,
  args: Args,
): Omit<TriggerRecord, "id" | "owner_id" | "date_created" | "date_updated" | "secret"> {
  const type = str(args, "type");
  if (!type || !TYPES.has(type)) {
    throw bad("type must be one of shortcut, webhook, event, scheduled");
  }
  const name = str(args, "name");
  if (!name) throw bad("missing required field: name");
  const workflow = str(args, "workflow");
  const app = ctx.workspace.requireApp();
  const cb = /^#\/workflows\/([A-Za-z0-9_-]+)$/.exec(workflow ?? "")?.[1];
  if (!cb || !app.workflows.includes(cb)) throw new SlackApiError("invalid_workflow_id");
  const inputs = (args.inputs ?? {}) as Record<string, { value: unknown }>;
  if (typeof inputs !== "object" || Array.isArray(inputs)) throw bad("inputs must be an object");
  for (const [k, v] of Object.entries(inputs)) {
    if (typeof v !== "object" || v === null || !("value" in v)) {
      throw bad(`inputs/${k} must have a value`);
    }
  }
  const rec: ReturnType<typeof definition> = {
    type: type as TriggerRecord["type"],
    name,
    workflow: workflow!,
    inputs,
    ...(str(args, "description") ? { description: str(args, "description")! } : {}),
  };
  if (type === "event") {
    const event = args.event as Record<string, unknown> | undefined;
    if (!event || typeof event.event_type !== "string") throw bad("event/event_type is required");
    if (CHANNEL_EVENTS.has(event.event_type)) {
      const ids = event.channel_ids;
      if (event.all_resources !== true) {
        if (!Array.isArray(ids) || ids.length === 0) {
          throw bad("event/channel_ids must list 1 to 20 channels");
        }
        if (ids.length > 20) throw bad("event/channel_ids must list at most 20 channels");
      }
    }
    if (event.event_type === "slack#/events/message_posted" && event.filter === undefined) {
      throw bad("event/filter is required for message_posted");
    }
    if (event.filter !== undefined) checkFilter(event.filter, "event/filter");
    rec.event = event;
  }
  if (type === "webhook") {
    const webhook = args.webhook as Record<string, unknown> | undefined;
    if (webhook?.filter !== undefined) checkFilter(webhook.filter, "webhook/filter");
    if (webhook) rec.webhook = webhook;
  }
  if (type === "scheduled") {
    const schedule = args.schedule as Record<string, unknown> | undefined;
    if (!schedule || typeof schedule.start_time !== "string") {
      throw bad("schedule/start_time is required");
    }
    const start = Date.parse(schedule.start_time);
    if (!Number.isFinite(start)) throw bad("schedule/start_time must be an ISO 8601 date");
    if (start < ctx.workspace.clock.now()) throw bad("schedule/start_time must be in the future");
    const frequency = schedule.frequency as Record<string, unknown> | undefined;
    if (frequency && !FREQUENCIES.has(String(frequency.type))) {
      throw bad("schedule/frequency/type is not valid");
    }
    rec.schedule = schedule;
    rec.next_run_at = start;
  }
  return rec;
}

export function triggerView(t: TriggerRecord): Record<string, unknown> {
  const cb = t.workflow.replace("#/workflows/", "");
  return {
    id: t.id,
    type: t.type,
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    workflow: { id: `Wf${cb}`, callback_id: cb, workflow_id: `Wf${cb}` },
    inputs: t.inputs,
    ...(t.event
      ? {
        event_type: t.event.event_type,
        channel_ids: t.event.channel_ids,
        filter: t.event.filter,
        event: t.event,
      }
      : {}),
    ...(t.webhook ? { webhook: t.webhook } : {}),
    ...(t.schedule ? { schedule: t.schedule } : {}),
    ...(t.shortcut_url ? { shortcut_url: t.shortcut_url } : {}),
    ...(t.webhook_url ? { webhook_url: t.webhook_url } : {}),
    date_created: Math.floor(t.date_created / 1000),
    date_updated: Math.floor(t.date_updated / 1000),
    owners: [{ id: t.owner_id }],
  };
}

const DEF_ARGS = {
  type: { type: "string", required: true },
  name: { type: "string", required: true },
  description: { type: "string" },
  workflow: { type: "string", required: true },
  inputs: { type: "json" },
  event: { type: "json" },
  webhook: { type: "json" },
  schedule: { type: "json" },
  shortcut: { type: "json" },
} as const;

export const triggerMethods: MethodTable = {
  "workflows.triggers.create": {
    tier: 3,
    scopes: scope("triggers:write"),
    args: DEF_ARGS,
    async handler(ctx, args) {
      const def = definition(ctx, args);
      const now = ctx.workspace.clock.now();
      const id = slackId("Ft");
      const secret = secretToken("s").slice(2);
      const t: TriggerRecord = {
        ...def,
        id,
        owner_id: ctx.actor,
        date_created: now,
        date_updated: now,
        secret,
        runs: 0,
      };
      if (t.type === "shortcut") t.shortcut_url = `${ctx.origin}/shortcuts/${id}/${secret}`;
      if (t.type === "webhook") {
        t.webhook_url = `${ctx.origin}/triggers/${ctx.workspace.team.id}/${id}/${secret}`;
      }
      await ctx.workspace.records.setTrigger(t);
      ctx.workspace.emit("state", { what: "trigger" });
      return { trigger: triggerView(t) };
    },
  },

  "workflows.triggers.update": {
    tier: 3,
    scopes: scope("triggers:write"),
    args: { ...DEF_ARGS, trigger_id: { type: "string", required: true } },
    async handler(ctx, args) {
      const id = str(args, "trigger_id")!;
      const old = await ctx.workspace.records.trigger(id);
      if (!old) throw new SlackApiError("trigger_not_found");
      if (old.owner_id !== ctx.actor) throw new SlackApiError("access_denied");
      const def = definition(ctx, args);
      if (def.type !== old.type) throw bad("type cannot change");
      const t: TriggerRecord = {
        ...def,
        id,
        owner_id: old.owner_id,
        date_created: old.date_created,
        date_updated: ctx.workspace.clock.now(),
        secret: old.secret,
        runs: old.runs ?? 0,
        ...(old.shortcut_url ? { shortcut_url: old.shortcut_url } : {}),
        ...(old.webhook_url ? { webhook_url: old.webhook_url } : {}),
      };
      await ctx.workspace.records.setTrigger(t);
      ctx.workspace.emit("state", { what: "trigger" });
      return { trigger: triggerView(t) };
    },
  },

  "workflows.triggers.list": {
    tier: 3,
    scopes: scope("triggers:read"),
    args: {
      is_owner: { type: "boolean" },
      is_published: { type: "boolean" },
      type: { type: "string" },
      limit: { type: "number" },
      cursor: { type: "string" },
    },
    async handler(ctx, args) {
      const type = str(args, "type");
      const all = (await ctx.workspace.records.triggers())
        .filter((t) => !bool(args, "is_owner") || t.owner_id === ctx.actor)
        .filter((t) => !type || t.type === type)
        .sort((a, b) => a.date_created - b.date_created || a.id.localeCompare(b.id));
      const { items, next } = page(
        all,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 100, 1000),
      );
      return { triggers: items.map(triggerView), response_metadata: { next_cursor: next } };
    },
  },

  "workflows.triggers.delete": {
    tier: 3,
    scopes: scope("triggers:write"),
    args: { trigger_id: { type: "string", required: true } },
    async handler(ctx, args) {
      const id = str(args, "trigger_id")!;
      const t = await ctx.workspace.records.trigger(id);
      if (!t) throw new SlackApiError("trigger_not_found");
      if (t.owner_id !== ctx.actor) throw new SlackApiError("access_denied");
      await ctx.workspace.records.deleteTrigger(id);
      ctx.workspace.emit("state", { what: "trigger" });
      return {};
    },
  },
};
