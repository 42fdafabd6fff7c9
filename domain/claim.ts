/**
 * Who opens an attendee's thread when several runs hold first events of that attendee at once.
 * Datastores have no conditional writes, so the rows themselves are the claim (a bakery-style rule):
 * each run writes its rows stamped with when it started writing, waits CLAIM_SETTLE_MS, then reads
 * every row of the subject. The earliest writer among live runs delivers all rows it can see, in
 * order; the others wait for its thread. Rows held by the drainer, or left by a run that died, win
 * over every run: the drainer delivers the subject then. Pure; docs/reliability.md gives the proof.
 */

/** How stale a datastore read may be (an assumption about Slack: docs/reliability.md). */
export const STALE_READ_BOUND_MS = 100;
/**
 * A claim whose write took longer than this after its stamp is slow: it wins only if it is alone
 * (decideClaim's `slow`).
 */
export const WRITE_BOUND_MS = 150;
/** Wait between writing a claim and reading it back: more than a stale read plus a slow write. */
export const CLAIM_SETTLE_MS = STALE_READ_BOUND_MS + WRITE_BOUND_MS + 50;
/**
 * How long a winner keeps its rows after the thread's anchor is written, so a run that read "no
 * thread" just before still sees the claim when it reads the rows.
 */
export const CLAIM_GUARD_MS = STALE_READ_BOUND_MS + WRITE_BOUND_MS + CLAIM_SETTLE_MS + 50;

/** Owner ids: an ingest run's, or a drainer holder's. An empty owner means "the drainer's". */
export const ingestOwner = (runId: string): string => `ingest:${runId}`;
export const drainOwner = (holderId: string): string => `drain:${holderId}`;

export type ClaimRow = {
  id: string;
  owner: string;
  /** When the owner started writing it (its claim time). */
  written_at: number;
  /** Until when the owner holds it; due time once nobody does. */
  not_before: number;
};

export type ClaimDecision =
  /** Deliver every row of the subject, in order; `take` are other runs' rows to take over first. */
  | { kind: "win"; take: string[] }
  /** Another run opens the thread: wait for it, then deliver whatever of ours it did not take. */
  | { kind: "wait"; winner: string }
  /** The drainer has (or will take) rows of this subject: hand ours to it too. */
  | { kind: "drainer" }
  /** Our write was slow and another run has rows of this subject: leave the subject to the drainer. */
  | { kind: "withdrawn" };

/** Whether a row is held by a live ingest run (as opposed to the drainer, or nobody). */
export function heldByIngest(row: Pick<ClaimRow, "owner" | "not_before">, now: number): boolean {
  return row.owner.startsWith("ingest:") && row.not_before > now;
}

/**
 * `rows`: every row of the subject a read showed, ours included. `slow`: our write returned more than
 * WRITE_BOUND_MS after our stamp, so a run that read before it landed may have missed us and won.
 * Such a run's rows landed before ours (it is fast), so a read made STALE_READ_BOUND_MS after our
 * write returned shows them: a slow claim that sees no other run's row can still win.
 */
export function decideClaim(
  me: string,
  rows: readonly ClaimRow[],
  now: number,
  options: { slow?: boolean } = {},
): ClaimDecision {
  if (rows.some((r) => !heldByIngest(r, now))) return { kind: "drainer" };
  if (options.slow && rows.some((r) => r.owner !== me)) return { kind: "withdrawn" };
  let first: ClaimRow | null = null;
  for (const r of rows) {
    if (
      !first || r.written_at < first.written_at ||
      (r.written_at === first.written_at && r.owner < first.owner)
    ) first = r;
  }
  if (!first) return { kind: "drainer" };
  if (first.owner !== me) return { kind: "wait", winner: first.owner };
  return { kind: "win", take: rows.filter((r) => r.owner !== me).map((r) => r.id) };
}
