/**
 * Typed access to datastores: rows are parsed with their zod schema on the way in and out, queries
 * loop on the cursor (a page can be empty yet have one), bulk calls are cut into Slack's 25-item
 * batches, and rows past their TTL are dropped on read (Slack deletes them lazily). A batch of one
 * goes through the single-item method: tier 4 (100 a minute) where the bulk ones are tier 3 (50).
 * Calls go through `slackCall` with the method names spelled out, so every call checks `ok`.
 */
import type * as z from "zod/mini";
import type { AppContext } from "../context.ts";
import { slackCall } from "../slack/client.ts";

export type StoreSpec<T extends Record<string, unknown>> = {
  /** The datastore's name, as its definition in datastores/ names it. */
  name: string;
  schema: z.ZodMiniType<T>;
  key: keyof T & string;
  /** The expiry attribute (epoch seconds) readers filter on, if the rows expire. */
  ttl?: keyof T & string;
};

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

const BULK = 25;

function chunks<T>(items: readonly T[], size = BULK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parseRow<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  raw: unknown,
): T | null {
  if (!raw || typeof raw !== "object" || Object.keys(raw).length === 0) return null;
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    ctx.log.warn("datastore_row_unreadable", {
      datastore: spec.name,
      id: (raw as Record<string, unknown>)[spec.key],
    });
    return null;
  }
  const row = parsed.data;
  if (spec.ttl) {
    const expires = row[spec.ttl];
    if (typeof expires === "number" && expires * 1000 <= Date.now()) return null;
  }
  return row;
}

export async function getRow<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  id: string,
): Promise<T | null> {
  const res = await slackCall(ctx, "apps.datastore.get", { datastore: spec.name, id });
  return parseRow(ctx, spec, res.item);
}

export async function putRow<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  row: T,
): Promise<void> {
  await slackCall(ctx, "apps.datastore.put", { datastore: spec.name, item: withoutUndefined(row) });
}

/** Merges the given attributes into the row (creating it if absent) and returns the whole row. */
export async function updateRow<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  patch: Partial<T>,
): Promise<T | null> {
  if (typeof patch[spec.key] !== "string") {
    throw new TypeError(`Cannot update a "${spec.name}" row: its key "${spec.key}" is missing`);
  }
  const res = await slackCall(ctx, "apps.datastore.update", {
    datastore: spec.name,
    item: withoutUndefined(patch),
  });
  return parseRow(ctx, spec, res.item);
}

export async function deleteRow<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  id: string,
): Promise<void> {
  await slackCall(ctx, "apps.datastore.delete", { datastore: spec.name, id });
}

export async function putRows<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  rows: readonly T[],
): Promise<void> {
  for (const batch of chunks(rows)) {
    if (batch.length === 1) {
      await putRow(ctx, spec, batch[0]!);
      continue;
    }
    await slackCall(ctx, "apps.datastore.bulkPut", {
      datastore: spec.name,
      items: batch.map(withoutUndefined),
    });
  }
}

export async function getRows<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  ids: readonly string[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const batch of chunks([...new Set(ids)])) {
    if (batch.length === 1) {
      const row = await getRow(ctx, spec, batch[0]!);
      if (row) out.set(String(row[spec.key]), row);
      continue;
    }
    const res = await slackCall(ctx, "apps.datastore.bulkGet", {
      datastore: spec.name,
      ids: batch,
    });
    for (const raw of (res.items as unknown[] | undefined) ?? []) {
      const row = parseRow(ctx, spec, raw);
      if (row) out.set(String(row[spec.key]), row);
    }
  }
  return out;
}

export async function deleteRows<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  ids: readonly string[],
): Promise<void> {
  for (const batch of chunks([...new Set(ids)])) {
    if (batch.length === 1) await deleteRow(ctx, spec, batch[0]!);
    else await slackCall(ctx, "apps.datastore.bulkDelete", { datastore: spec.name, ids: batch });
  }
}

export type Query = {
  expression: string;
  attributes?: Record<string, string>;
  values?: Record<string, unknown>;
};

function queryArgs(spec: { name: string }, query?: Query): Record<string, unknown> {
  return {
    datastore: spec.name,
    ...(query ? { expression: query.expression } : {}),
    ...(query?.attributes ? { expression_attributes: query.attributes } : {}),
    ...(query?.values ? { expression_values: query.values } : {}),
  };
}

/** Every matching row; loops until the cursor is empty. `max` stops early (rows, not pages). */
export async function queryAll<T extends Record<string, unknown>>(
  ctx: Ctx,
  spec: StoreSpec<T>,
  query?: Query,
  options: { max?: number; pageSize?: number } = {},
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const res = await slackCall(ctx, "apps.datastore.query", {
      ...queryArgs(spec, query),
      limit: options.pageSize ?? 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const raw of (res.items as unknown[] | undefined) ?? []) {
      const row = parseRow(ctx, spec, raw);
      if (row) out.push(row);
    }
    cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ||
      undefined;
  } while (cursor && (options.max === undefined || out.length < options.max));
  return options.max === undefined ? out : out.slice(0, options.max);
}

export async function countRows(ctx: Ctx, spec: { name: string }, query?: Query): Promise<number> {
  const res = await slackCall(ctx, "apps.datastore.count", queryArgs(spec, query));
  return Number(res.count ?? 0);
}

function withoutUndefined<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
}
