/**
 * A lease so only one invocation drains the outbox (or schedules path steps) at a time. Datastores
 * have no conditional writes (sdk#410) and reads may be stale, so the lease is claimed the way
 * Fischer's timed mutual exclusion works: read that it is free, write a claim, wait CLAIM_SETTLE_MS,
 * read it back, and go on only if the claim is still ours. It holds if a read sees every write that
 * completed STALE_READ_BOUND_MS before it, and every claim's write lands within WRITE_BOUND_MS of
 * the read that found the lease free: a claimant whose write was slower withdraws instead of
 * trusting its claim (docs/reliability.md). The lease is an economy, not the safety: rows are taken
 * one round at a time (adapters/drain.ts), so two holders never deliver the same row.
 */
import * as z from "zod/mini";
import { CLAIM_SETTLE_MS, STALE_READ_BOUND_MS, WRITE_BOUND_MS } from "../domain/claim.ts";
import type { AppContext } from "./context.ts";
import { readState, writeState } from "./datastore/app_state.ts";
import type { MethodPace, PaceState } from "./slack/pace.ts";

export const LeaseValue = z.object({
  holder: z.string(),
  expires_at: z.number(),
  released: z.boolean(),
  /** The holder's method pace (slack/pace.ts), handed on to the next holder. */
  pace: z.optional(z.record(z.string(), z.object({ tokens: z.number(), at: z.number() }))),
});
export type LeaseValue = z.infer<typeof LeaseValue>;

type Ctx = Pick<AppContext, "client" | "budget" | "log" | "sleep">;

/** Longer than what is left of a function when it renews (its budget ends 12 s before Slack's 60 s). */
export const LEASE_TTL_MS = 60_000;

export class Lease {
  #expiresAt = 0;
  /** When our last write of the lease completed (epoch ms). */
  #writtenAt = 0;
  /** Set by the holder: its method pace, written with the lease so the next holder keeps it. */
  pace: MethodPace | null = null;

  constructor(readonly ctx: Ctx, readonly name: string, readonly holder: string) {}

  /** Until when this holder may act (epoch ms). */
  get expiresAt(): number {
    return this.#expiresAt;
  }

  async renew(): Promise<void> {
    const expiresAt = Date.now() + LEASE_TTL_MS;
    await writeState(
      this.ctx,
      this.name,
      {
        holder: this.holder,
        expires_at: expiresAt,
        released: false,
        ...(this.pace ? { pace: this.pace.state() } : {}),
      } satisfies LeaseValue,
    );
    this.#expiresAt = expiresAt;
    this.#writtenAt = Date.now();
  }

  /** Gives the lease up, unless someone else holds it by now. */
  async release(): Promise<void> {
    // A read sooner than that after our own write may still show the value before it (a previous
    // holder's): we would leave our claim standing, and everyone would wait for a holder who is gone.
    const settled = this.#writtenAt + STALE_READ_BOUND_MS - Date.now();
    if (settled > 0) await this.ctx.sleep(settled);
    const current = await readState(this.ctx, this.name, LeaseValue);
    if (current && current.holder !== this.holder) return;
    await writeState(
      this.ctx,
      this.name,
      {
        holder: this.holder,
        expires_at: 0,
        released: true,
        ...(this.pace ? { pace: this.pace.state() } : {}),
      } satisfies LeaseValue,
    );
    this.#expiresAt = 0;
  }
}

const held = (value: LeaseValue, now = Date.now()) => !value.released && value.expires_at > now;

/**
 * Whether someone holds the lease, as a read shows it now (it may be stale: STALE_READ_BOUND_MS). A
 * run that finds it held and leaves its rows to the holder relies on the holder's last look after
 * letting go (drain.ts).
 */
export async function leaseHeld(
  ctx: Pick<AppContext, "client" | "budget" | "log">,
  name: string,
): Promise<boolean> {
  const value = await readState(ctx, `lease:${name}`, LeaseValue);
  return value !== null && held(value);
}

export type LeaseResult =
  /** `pace`: what the previous holder left of its method pace. */
  | { kind: "acquired"; lease: Lease; pace: PaceState }
  /** Someone holds it (until `until`, epoch ms). */
  | { kind: "busy"; until: number }
  /** Our claims kept landing too slowly to trust: nobody may be sure to hold it. */
  | { kind: "contended" };

export async function acquireLease(
  ctx: Ctx,
  name: string,
  options: { patienceMs?: number } = {},
): Promise<LeaseResult> {
  // Our own withdrawn claims: a read may still show one for a moment, and it does not count.
  const withdrawn = new Set<string>();
  const giveUpAt = Date.now() + (options.patienceMs ?? 0);
  // A patient caller looks again after 0.5 s, then every second: a holder finishing its round takes
  // seconds, and each look is a datastore read the other runs share.
  let pause = 500;
  for (let attempt = 0; attempt < 3;) {
    const result = await claim(ctx, `lease:${name}`, withdrawn);
    if (typeof result === "string") {
      withdrawn.add(result);
      ctx.log.debug("lease_claim_withdrawn", { name, attempt });
      attempt++;
      continue;
    }
    // Busy: a patient caller (a continuation) waits a little for the holder to let go.
    if (result.kind === "busy" && Date.now() + 500 < giveUpAt) {
      await ctx.sleep(Math.min(pause, giveUpAt - Date.now()));
      pause = 1_000;
      continue;
    }
    return result;
  }
  return { kind: "contended" };
}

/** Returns the holder id of a claim it withdrew, or the outcome. */
async function claim(
  ctx: Ctx,
  name: string,
  withdrawn: ReadonlySet<string>,
): Promise<LeaseResult | string> {
  const holder = crypto.randomUUID();
  const readAt = Date.now();
  const before = await readState(ctx, name, LeaseValue);
  if (before && held(before) && !withdrawn.has(before.holder)) {
    return { kind: "busy", until: before.expires_at };
  }
  const lease = new Lease(ctx, name, holder);
  await lease.renew();
  if (Date.now() - readAt > WRITE_BOUND_MS) {
    // Our write may have landed after another claimant's read-back: do not trust it. Withdrawing is
    // safe: while our claim stands unexpired, nobody else can claim.
    await lease.release();
    return holder;
  }
  await ctx.sleep(CLAIM_SETTLE_MS);
  const after = await readState(ctx, name, LeaseValue);
  if (after?.holder !== holder) {
    return { kind: "busy", until: after?.expires_at ?? Date.now() + LEASE_TTL_MS };
  }
  return { kind: "acquired", lease, pace: before?.pace ?? {} };
}
