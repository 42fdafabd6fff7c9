/**
 * A lease so only one invocation drains the outbox at a time. Datastores have no conditional writes
 * (sdk#410), so the lease is claimed by write, wait, read back: two claimants that overlap both see
 * the later write and only its author goes on. This holds while one datastore round trip is shorter
 * than the settle wait (docs/reliability.md states the assumption).
 */
import { z } from "zod/mini";
import type { AppContext } from "./context.ts";
import { readState, writeState } from "./datastore/app_state.ts";

export const LeaseValue = z.object({
  holder: z.string(),
  expires_at: z.number(),
  released: z.boolean(),
  /** Outbox rows the holder may have delivered without recording it yet. */
  inflight: z.array(z.string()),
});
export type LeaseValue = z.infer<typeof LeaseValue>;

type Ctx = Pick<AppContext, "client" | "budget" | "ms" | "log" | "sleep">;

/** Longer than any function may run (60 s), so a crashed holder's lease runs out soon after. */
export const LEASE_TTL_MS = 75_000;
export const SETTLE_MS = 400;

export class Lease {
  constructor(readonly ctx: Ctx, readonly id: string, readonly holder: string) {}

  async renew(inflight: string[]): Promise<void> {
    await writeState(
      this.ctx,
      this.id,
      {
        holder: this.holder,
        expires_at: Date.now() + this.ctx.ms(LEASE_TTL_MS),
        released: false,
        inflight,
      } satisfies LeaseValue,
    );
  }

  /** Gives the lease up, unless someone else holds it by now. */
  async release(): Promise<void> {
    const current = await readState(this.ctx, this.id, LeaseValue);
    if (current && current.holder !== this.holder) return;
    await writeState(
      this.ctx,
      this.id,
      { holder: this.holder, expires_at: 0, released: true, inflight: [] } satisfies LeaseValue,
    );
  }
}

export type Acquired = {
  lease: Lease; /** Rows a holder that died left unconfirmed. */
  suspects: string[];
};

export async function acquireLease(ctx: Ctx, name: string): Promise<Acquired | null> {
  const id = `lease:${name}`;
  const holder = crypto.randomUUID();
  const before = await readState(ctx, id, LeaseValue);
  if (before && !before.released && before.expires_at > Date.now()) return null;
  const lease = new Lease(ctx, id, holder);
  await lease.renew(before && !before.released ? before.inflight : []);
  await ctx.sleep(SETTLE_MS);
  const after = await readState(ctx, id, LeaseValue);
  if (after?.holder !== holder) {
    ctx.log.debug("lease_lost_race", { name });
    return null;
  }
  const suspects = before && !before.released ? before.inflight : [];
  if (suspects.length > 0) ctx.log.warn("lease_taken_over", { name, suspects: suspects.length });
  return { lease, suspects };
}
