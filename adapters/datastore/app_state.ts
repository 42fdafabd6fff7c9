/**
 * JSON values the app keeps for itself (leases, the triggers it created, the last event from each
 * platform...), as `state:<name>` rows of the ledger, each parsed with its schema on read. Reading
 * them from a LedgerView lets the hot path fetch state in the same bulk read as everything else.
 */
import type * as z from "zod/mini";
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { SlackCtx } from "../slack/client.ts";
import { ledgerKey, type LedgerView } from "./ledger.ts";
import { getRow, putRow } from "./records.ts";
import { LEDGER } from "./specs.ts";

export const stateKey = ledgerKey.state;

export function stateRow(name: string, value: unknown, now = Date.now()): LedgerRow {
  return { id: stateKey(name), value_json: JSON.stringify(value), at: now };
}

export function parseState<T>(
  ctx: Pick<SlackCtx, "log">,
  row: LedgerRow | null,
  schema: z.ZodMiniType<T>,
): T | null {
  if (!row?.value_json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.value_json);
  } catch {
    ctx.log.warn("app_state_unreadable", { id: row.id });
    return null;
  }
  if (raw === null) return null; // cleared
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    ctx.log.warn("app_state_unreadable", { id: row.id });
    return null;
  }
  return parsed.data;
}

export async function readState<T>(
  ctx: SlackCtx,
  name: string,
  schema: z.ZodMiniType<T>,
): Promise<T | null> {
  return parseState(ctx, await getRow(ctx, LEDGER, stateKey(name)), schema);
}

/** A state value from rows already read (null when absent or unreadable). */
export function stateFrom<T>(
  ctx: Pick<SlackCtx, "log">,
  view: LedgerView,
  name: string,
  schema: z.ZodMiniType<T>,
): T | null {
  return parseState(ctx, view.get(stateKey(name)), schema);
}

export async function writeState(ctx: SlackCtx, name: string, value: unknown): Promise<void> {
  await putRow(ctx, LEDGER, stateRow(name, value));
}
