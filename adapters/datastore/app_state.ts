/** JSON values the app keeps for itself in app_state, each parsed with its schema on read. */
import type * as z from "zod/mini";
import type { AppContext } from "../context.ts";
import { getRow, putRow } from "./records.ts";
import { APP_STATE } from "./specs.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "ms" | "log">;

export async function readState<T>(
  ctx: Ctx,
  id: string,
  schema: z.ZodMiniType<T>,
): Promise<T | null> {
  const row = await getRow(ctx, APP_STATE, id);
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.value_json);
  } catch {
    ctx.log.warn("app_state_unreadable", { id });
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    ctx.log.warn("app_state_unreadable", { id });
    return null;
  }
  return parsed.data;
}

export async function writeState(ctx: Ctx, id: string, value: unknown): Promise<void> {
  await putRow(ctx, APP_STATE, { id, value_json: JSON.stringify(value), updated_at: Date.now() });
}
