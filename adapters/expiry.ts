/**
 * Row expiry. Slack's manifest schema (2.0.0) does not accept `time_to_live_attribute`, so expiring
 * rows carry an `expires_at` (epoch seconds) that every read filters (records.ts) and that the hourly
 * upkeep purges here, a bounded number per run.
 */
import type { AppContext } from "./context.ts";
import { deleteRows, queryAll, type StoreSpec } from "./datastore/records.ts";
import { ACTIVITY, DELIVERIES, OUTBOX, PEOPLE, STEPS } from "./datastore/specs.ts";

const EXPIRING: Array<StoreSpec<Record<string, unknown>>> = [
  OUTBOX,
  DELIVERIES,
  ACTIVITY,
  PEOPLE,
  STEPS,
] as unknown as Array<StoreSpec<Record<string, unknown>>>;

export async function purgeExpired(
  ctx: AppContext,
  options: { maxPerStore?: number } = {},
): Promise<number> {
  const nowS = Math.floor(Date.now() / 1000);
  let purged = 0;
  for (const spec of EXPIRING) {
    if (!spec.ttl || !ctx.budget.has(ctx.ms(5_000))) continue;
    // Read without the expiry filter: these are exactly the rows it would hide.
    const expired = await queryAll(ctx, { ...spec, ttl: undefined }, {
      expression: "#e < :now",
      attributes: { "#e": spec.ttl },
      values: { ":now": nowS },
    }, { max: options.maxPerStore ?? 500 });
    if (expired.length === 0) continue;
    await deleteRows(ctx, spec, expired.map((r) => String(r[spec.key])));
    purged += expired.length;
  }
  if (purged > 0) ctx.log.info("expired_rows_purged", { count: purged });
  return purged;
}
