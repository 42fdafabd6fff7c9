/**
 * Subjects whose rows wait with the drainer (a retry, a request too big to deliver inline, a channel
 * to set up): until they are delivered, a later event of the same attendee or learner goes to the
 * drainer too, behind them, instead of overtaking them inline. Kept as one ledger state row that
 * every ingest reads in its one bulk read; the drainer rewrites it from each full scan, and an
 * ingest that hands rows over adds their subjects.
 */
import * as z from "zod/mini";
import type { LedgerRow } from "../datastores/ledger.ts";
import type { OutboxRow } from "../datastores/outbox.ts";
import { stateFrom, stateKey, stateRow } from "./datastore/app_state.ts";
import type { LedgerView } from "./datastore/ledger.ts";
import { heldByIngest } from "./outbox.ts";
import type { SlackCtx } from "./slack/client.ts";

export const HELD_STATE = "held";
export const HELD_KEY = stateKey(HELD_STATE);

/** A handed-over subject stays held this long unless a drainer's scan says otherwise sooner. */
export const HOLD_MS = 2 * 60_000;
/** Beyond this many subjects the row would grow past what an item should hold: hold everything. */
const MAX_SUBJECTS = 400;

const Held = z.object({
  subjects: z.record(z.string(), z.number()),
  /** Every subject is held until then (a flood: inline delivery would only overtake it). */
  all_until: z.number(),
});
export type Held = z.infer<typeof Held>;

const EMPTY: Held = { subjects: {}, all_until: 0 };

export function heldFrom(ctx: Pick<SlackCtx, "log">, view: LedgerView): Held {
  return stateFrom(ctx, view, HELD_STATE, Held) ?? EMPTY;
}

export function isHeld(held: Held, subject: string, now = Date.now()): boolean {
  return held.all_until > now || (held.subjects[subject] ?? 0) > now;
}

function bounded(subjects: Record<string, number>, now: number): Held {
  const live = Object.entries(subjects).filter(([, until]) => until > now);
  if (live.length > MAX_SUBJECTS) {
    return { subjects: {}, all_until: Math.max(...live.map(([, until]) => until)) };
  }
  return { subjects: Object.fromEntries(live), all_until: 0 };
}

/** The held row after adding `subjects` (an ingest handing rows over). */
export function withHeld(held: Held, subjects: Iterable<string>, now = Date.now()): LedgerRow {
  const next = { ...held.subjects };
  for (const s of subjects) next[s] = Math.max(next[s] ?? 0, now + HOLD_MS);
  const out = bounded(next, now);
  if (held.all_until > now) out.all_until = Math.max(out.all_until, held.all_until);
  return stateRow(HELD_STATE, out, now);
}

/**
 * The held row a drainer's full scan implies: every subject with rows the drainer has or will take,
 * held until a little after its last row is due.
 */
export function heldFromScan(rows: readonly OutboxRow[], now = Date.now()): Held {
  const subjects: Record<string, number> = {};
  for (const r of rows) {
    if (heldByIngest(r, now)) continue;
    const until = Math.max(r.not_before, now) + HOLD_MS;
    subjects[r.subject] = Math.max(subjects[r.subject] ?? 0, until);
  }
  return bounded(subjects, now);
}

/**
 * Whether `next` says something `written` (what the ledger holds) does not: another subject, a
 * subject let go, holding everything or not, or a hold that would run out before `next`'s by more
 * than half its length. A drainer rewrites the row only then, not on every scan.
 */
export function heldChanged(written: Held | null, next: Held, now = Date.now()): boolean {
  if (!written) return Object.keys(next.subjects).length > 0 || next.all_until > now;
  if ((written.all_until > now) !== (next.all_until > now)) return true;
  if (next.all_until > now && written.all_until < next.all_until - HOLD_MS / 2) return true;
  const before = Object.keys(written.subjects).filter((s) => written.subjects[s]! > now);
  const after = Object.keys(next.subjects);
  if (before.length !== after.length) return true;
  return after.some((s) =>
    !(s in written.subjects) || written.subjects[s]! < next.subjects[s]! - HOLD_MS / 2
  );
}

export { Held as HeldSchema };
