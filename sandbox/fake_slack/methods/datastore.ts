import { SlackApiError } from "../errors.ts";
import { compileExpression, ExpressionError } from "../expression.ts";
import type { DatastoreDef } from "../model.ts";
import { type Args, type CallContext, type MethodTable, num, str } from "../spec.ts";
import { decodeCursor, encodeCursor } from "./common.ts";

type Item = Record<string, unknown>;
const BULK_MAX = 25;
/** Deno KV holds at most 64 KiB a value; Slack's own cap is undocumented (DynamoDB: 400 KB). */
const MAX_ITEM_BYTES = 60 * 1024;

function dsError(code: string, message: string, pointer = "/datastores"): SlackApiError {
  return new SlackApiError("datastore_error", { errors: [{ code, message, pointer }] });
}

function datastore(ctx: CallContext, args: Args): DatastoreDef {
  const name = str(args, "datastore")!;
  const def = ctx.workspace.requireApp().datastores[name];
  if (!def) {
    throw dsError("datastore_config_not_found", "The datastore configuration could not be found");
  }
  return def;
}

function typeMatches(type: string, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case "string":
    case "slack#/types/user_id":
    case "slack#/types/channel_id":
    case "slack#/types/usergroup_id":
    case "slack#/types/date":
    case "slack#/types/rich_text":
      return typeof v === "string" || (type === "slack#/types/rich_text" && typeof v === "object");
    case "number":
    case "slack#/types/timestamp":
      return typeof v === "number";
    case "integer":
      return Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v);
    case "object":
      return typeof v === "object" && !Array.isArray(v);
    default:
      return true; // custom types are objects or arrays; Slack checks them against the type definition
  }
}

/** The checks Slack makes on an item before storing it: key present, attributes declared and typed. */
function checkItem(def: DatastoreDef, item: unknown, partial = false): Item {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] item must be an object"] },
    });
  }
  const it = item as Item;
  const key = it[def.primary_key];
  if (typeof key !== "string" || key.length === 0) {
    throw dsError(
      "primary_key_missing",
      `The primary key "${def.primary_key}" must be a non-empty string`,
      `/item/${def.primary_key}`,
    );
  }
  for (const [k, v] of Object.entries(it)) {
    const attr = def.attributes[k];
    if (!attr) {
      throw dsError(
        "unknown_attribute",
        `"${k}" is not an attribute of datastore "${def.name}"`,
        `/item/${k}`,
      );
    }
    if (!typeMatches(attr.type, v)) {
      throw dsError("type_mismatch", `"${k}" must be of type ${attr.type}`, `/item/${k}`);
    }
  }
  if (!partial && new TextEncoder().encode(JSON.stringify(it)).length > MAX_ITEM_BYTES) {
    throw tooLarge();
  }
  return it;
}

const tooLarge = () =>
  dsError("item_too_large", "The item is larger than the sandbox's 60 KB limit", "/item");

/** Stores an item; Deno KV's own 64 KiB cap (its encoding, not JSON's) answers item_too_large. */
async function save(ctx: CallContext, def: DatastoreDef, item: Item): Promise<void> {
  try {
    await ctx.workspace.datastores.put(def.name, item[def.primary_key] as string, item);
  } catch (err) {
    if (err instanceof TypeError && /too large/i.test(err.message)) throw tooLarge();
    throw err;
  }
}

/** Expired by its TTL and past the sweep lag: gone from every read (Slack deletes lazily). */
function swept(ctx: CallContext, def: DatastoreDef, item: Item): boolean {
  const ttl = def.time_to_live_attribute;
  if (!ttl) return false;
  const expires = item[ttl];
  return typeof expires === "number" &&
    expires * 1000 + ctx.workspace.ttlSweepLagMs < ctx.workspace.clock.now();
}

/** An item as a read sees it (possibly stale, never swept). */
function readItem(ctx: CallContext, def: DatastoreDef, id: string): Promise<Item | null> {
  return ctx.workspace.datastores.read(def.name, id, (item) => swept(ctx, def, item));
}

function idsArg(args: Args): string[] {
  const ids = args.ids;
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== "string")) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] ids must be an array of strings"] },
    });
  }
  if (ids.length === 0 || ids.length > BULK_MAX) {
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: [`[ERROR] ids must hold 1 to ${BULK_MAX} ids`] },
    });
  }
  return ids as string[];
}

function filterFrom(args: Args): ((item: Item) => boolean) | null {
  const expression = str(args, "expression");
  if (!expression) return null;
  try {
    return compileExpression(
      expression,
      (args.expression_attributes ?? {}) as Record<string, string>,
      (args.expression_values ?? {}) as Record<string, unknown>,
    );
  } catch (err) {
    if (err instanceof ExpressionError) {
      throw dsError("invalid_expression", err.message, "/expression");
    }
    throw err;
  }
}

const BASE = { datastore: { type: "string", required: true }, app_id: { type: "string" } } as const;
const QUERY_ARGS = {
  ...BASE,
  expression: { type: "string" },
  expression_attributes: { type: "json" },
  expression_values: { type: "json" },
} as const;

export const datastoreMethods: MethodTable = {
  "apps.datastore.put": {
    tier: 4,
    scopes: () => ["datastore:write"],
    args: { ...BASE, item: { type: "json", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const item = checkItem(def, args.item);
      await save(ctx, def, item);
      return { datastore: def.name, item };
    },
  },

  "apps.datastore.update": {
    tier: 4,
    scopes: () => ["datastore:write"],
    args: { ...BASE, item: { type: "json", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const patch = checkItem(def, args.item, true);
      const id = patch[def.primary_key] as string;
      // The server merges into its latest version, whatever a read would see.
      const latest = await ctx.workspace.datastores.latest(def.name, id);
      const merged = { ...(latest && !swept(ctx, def, latest) ? latest : {}), ...patch };
      checkItem(def, merged);
      await save(ctx, def, merged);
      return { datastore: def.name, item: merged };
    },
  },

  "apps.datastore.get": {
    tier: 4,
    scopes: () => ["datastore:read"],
    args: { ...BASE, id: { type: "string", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      return { datastore: def.name, item: (await readItem(ctx, def, str(args, "id")!)) ?? {} };
    },
  },

  "apps.datastore.delete": {
    tier: 4,
    scopes: () => ["datastore:write"],
    args: { ...BASE, id: { type: "string", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      await ctx.workspace.datastores.delete(def.name, str(args, "id")!);
      return { datastore: def.name };
    },
  },

  "apps.datastore.query": {
    tier: 4,
    scopes: () => ["datastore:read"],
    args: { ...QUERY_ARGS, limit: { type: "number" }, cursor: { type: "string" } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const filter = filterFrom(args);
      const limit = num(args, "limit") ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new SlackApiError("invalid_arguments", {
          response_metadata: { messages: ["[ERROR] limit must be 1 to 1000"] },
        });
      }
      const cursor = decodeCursor(str(args, "cursor"));
      // Pages come in hash order, as DynamoDB scans them; an item written behind the cursor is missed.
      const page = await ctx.workspace.datastores.scan(def.name, {
        ...(cursor !== undefined ? { after: decodeURIComponent(cursor) } : {}),
        limit,
        expired: (item) => swept(ctx, def, item),
      });
      return {
        datastore: def.name,
        items: filter ? page.items.filter(filter) : page.items,
        response_metadata: {
          next_cursor: page.next === null ? "" : encodeCursor(encodeURIComponent(page.next)),
        },
      };
    },
  },

  "apps.datastore.count": {
    tier: 3,
    scopes: () => ["datastore:read"],
    args: QUERY_ARGS,
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const filter = filterFrom(args);
      let count = 0;
      for (const item of await ctx.workspace.datastores.all(def.name, (i) => swept(ctx, def, i))) {
        if (!filter || filter(item)) count++;
      }
      return { datastore: def.name, count };
    },
  },

  "apps.datastore.bulkPut": {
    tier: 3,
    scopes: () => ["datastore:write"],
    args: { ...BASE, items: { type: "json", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const items = args.items;
      if (!Array.isArray(items) || items.length === 0 || items.length > BULK_MAX) {
        throw new SlackApiError("invalid_arguments", {
          response_metadata: { messages: [`[ERROR] items must hold 1 to ${BULK_MAX} items`] },
        });
      }
      const failed: Array<{ item: unknown; error: { code: string; message: string } }> = [];
      for (const raw of items) {
        try {
          const item = checkItem(def, raw);
          await save(ctx, def, item);
        } catch (err) {
          if (!(err instanceof SlackApiError)) throw err;
          const detail = (err.extra.errors as Array<{ code: string; message: string }> | undefined)
            ?.[0];
          failed.push({ item: raw, error: detail ?? { code: err.code, message: err.code } });
        }
      }
      if (failed.length > 0) {
        throw new SlackApiError("partial_failure", { datastore: def.name, failed_items: failed });
      }
      return { datastore: def.name, failed_items: [] };
    },
  },

  "apps.datastore.bulkGet": {
    tier: 3,
    scopes: () => ["datastore:read"],
    args: { ...BASE, ids: { type: "json", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      const items: Item[] = [];
      for (const id of idsArg(args)) {
        const item = await readItem(ctx, def, id);
        if (item) items.push(item);
      }
      return { datastore: def.name, items, failed_items: [] };
    },
  },

  "apps.datastore.bulkDelete": {
    tier: 3,
    scopes: () => ["datastore:write"],
    args: { ...BASE, ids: { type: "json", required: true } },
    async handler(ctx, args) {
      const def = datastore(ctx, args);
      for (const id of idsArg(args)) await ctx.workspace.datastores.delete(def.name, id);
      return { datastore: def.name, failed_items: [] };
    },
  },
};
