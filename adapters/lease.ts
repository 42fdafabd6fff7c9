/**
 * A lease so only one invocation drains the outbox at a time. Datastores have no conditional writes
 * (sdk#410), so the lease is claimed the way Fischer's timed mutual exclusion works: read that it is
 * free, write a claim, wait SETTLE_MS, read it back, and go on only if the claim is still ours. It
 * holds if every claim's write lands within SETTLE_MS of the read that found the lease free; a claimant
 * whose read-to-write took longer (a retried or slow write) withdraws instead of trusting its claim
 * (docs/reliability.md).
 */
import * as z from "zod/mini";
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
export const SETTLE_MS = 600;

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

  /**
   * Gives the lease up, unless someone else holds it by now. `unconfirmed` are rows this holder may
   * have delivered without recording it (a failed last flush): the next holder checks them first.
   */
  async release(unconfirmed: string[] = []): Promise<void> {
    const current = await readState(this.ctx, this.id, LeaseValue);
    if (current && current.holder !== this.holder) return;
    const value: LeaseValue = {
      holder: this.holder,
      expires_at: 0,
      released: true,
      inflight: unconfirmed,
    };
    await writeState(this.ctx, this.id, value);
  }
}

export type Acquired = {
  lease: Lease; /** Rows a holder that died left unconfirmed. */
  suspects: string[];
};

/** null: someone holds it; "contended": our claims kept being too slow to trust, so nobody may. */
export async function acquireLease(ctx: Ctx, name: string): Promise<Acquired | null | "contended"> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await claim(ctx, `lease:${name}`);
    if (result !== "withdrawn") return result;
    ctx.log.debug("lease_claim_withdrawn", { name, attempt });
  }
  return "contended";
}

async function claim(ctx: Ctx, id: string): Promise<Acquired | null | "withdrawn"> {
  const holder = crypto.randomUUID();
  const readAt = Date.now();
  const before = await readState(ctx, id, LeaseValue);
  if (before && !before.released && before.expires_at > Date.now()) return null;
  const lease = new Lease(ctx, id, holder);
  // A released lease may still name rows its holder could not confirm; they stay suspect.
  const inherited = before?.inflight ?? [];
  await lease.renew(inherited);
  if (Date.now() - readAt > ctx.ms(SETTLE_MS) / 2) {
    // Our write may have landed after another claimant's read-back: do not trust it. Withdrawing is
    // safe: while our claim stands unexpired, nobody else can claim.
    await lease.release(inherited);
    return "withdrawn";
  }
  await ctx.sleep(SETTLE_MS);
  const after = await readState(ctx, id, LeaseValue);
  if (after?.holder !== holder) return null;
  if (inherited.length > 0) {
    ctx.log.warn("lease_inherited_suspects", { suspects: inherited.length });
  }
  return { lease, suspects: inherited };
}
