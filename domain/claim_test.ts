import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CLAIM_SETTLE_MS,
  type ClaimRow,
  decideClaim,
  drainOwner,
  ingestOwner,
  STALE_READ_BOUND_MS,
  WRITE_BOUND_MS,
} from "./claim.ts";

const NOW = 1_000_000;
const row = (id: string, owner: string, written_at: number, not_before = NOW + 60_000) => ({
  id,
  owner,
  written_at,
  not_before,
});

Deno.test("decideClaim(): the earliest live run wins and takes the others' rows", () => {
  const a = ingestOwner("a");
  const b = ingestOwner("b");
  const rows = [row("r1", a, NOW - 300), row("r2", b, NOW - 200), row("r3", a, NOW - 300)];
  assert.deepEqual(decideClaim(a, rows, NOW), { kind: "win", take: ["r2"] });
  assert.deepEqual(decideClaim(b, rows, NOW), { kind: "wait", winner: a });
});

Deno.test("decideClaim(): equal claim times are broken by owner id, the same way for everyone", () => {
  const a = ingestOwner("a");
  const b = ingestOwner("b");
  const rows = [row("r1", b, NOW - 300), row("r2", a, NOW - 300)];
  assert.equal(decideClaim(a, rows, NOW).kind, "win");
  assert.equal(decideClaim(b, rows, NOW).kind, "wait");
});

Deno.test("decideClaim(): rows the drainer has, or a dead run left, send everyone to the drainer", () => {
  const a = ingestOwner("a");
  assert.deepEqual(
    decideClaim(a, [row("r1", a, NOW - 300), row("r2", "", NOW - 9_000, NOW)], NOW),
    {
      kind: "drainer",
    },
  );
  assert.deepEqual(
    decideClaim(a, [row("r1", a, NOW - 300), row("r2", drainOwner("d"), NOW - 9_000)], NOW),
    { kind: "drainer" },
  );
  const dead = row("r2", ingestOwner("z"), NOW - 120_000, NOW - 1);
  assert.deepEqual(decideClaim(a, [row("r1", a, NOW - 300), dead], NOW), { kind: "drainer" });
});

Deno.test("decideClaim(): under the stated bounds, at most one run wins, and the earliest always does", () => {
  // Each run i stamps r_i, its write completes at c_i <= r_i + WRITE_BOUND_MS, it reads at
  // q_i >= c_i + CLAIM_SETTLE_MS, and sees run j's rows iff they completed before q_i less some
  // staleness <= STALE_READ_BOUND_MS.
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          start: fc.integer({ min: 0, max: 2_000 }),
          write: fc.integer({ min: 0, max: WRITE_BOUND_MS }),
          extraWait: fc.integer({ min: 0, max: 200 }),
        }),
        { minLength: 2, maxLength: 6 },
      ),
      staleness(),
      (runs, stale) => {
        const claimants = schedule(runs);
        const winners =
          claimants.filter((me, i) =>
            decideClaim(me.owner, seenBy(claimants, i, stale), me.q).kind === "win"
          ).length;
        const earliest = [...claimants].sort((x, y) =>
          x.r - y.r || (x.owner < y.owner ? -1 : 1)
        )[0]!;
        const seenByEarliest = claimants.filter((o) => o.c <= earliest.q).map(rowOf);
        return winners === 1 &&
          decideClaim(earliest.owner, seenByEarliest, earliest.q).kind === "win";
      },
    ),
    { numRuns: 2_000, seed: 42 },
  );
});

Deno.test("decideClaim(): with slow writes among the runs, at most one wins, and a lone slow run does", () => {
  // As above, but a write may take up to two seconds; a run whose write took longer than
  // WRITE_BOUND_MS passes `slow`, as the ingest does.
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          start: fc.integer({ min: 0, max: 2_000 }),
          write: fc.oneof(
            fc.integer({ min: 0, max: WRITE_BOUND_MS }),
            fc.integer({ min: WRITE_BOUND_MS + 1, max: 2_000 }),
          ),
          extraWait: fc.integer({ min: 0, max: 200 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      staleness(),
      (runs, stale) => {
        const claimants = schedule(runs);
        const decide = (i: number) => {
          const me = claimants[i]!;
          return decideClaim(me.owner, seenBy(claimants, i, stale), me.q, {
            slow: me.c - me.r > WRITE_BOUND_MS,
          }).kind;
        };
        const winners = claimants.filter((_, i) => decide(i) === "win").length;
        return winners <= 1 && (claimants.length > 1 || winners === 1);
      },
    ),
    { numRuns: 5_000, seed: 42 },
  );
});

/** How stale each read is, one draw per pair of runs. */
const staleness = () =>
  fc.array(fc.integer({ min: 0, max: STALE_READ_BOUND_MS }), { minLength: 36, maxLength: 36 });

type Claimant = { owner: string; r: number; c: number; q: number };

function schedule(runs: { start: number; write: number; extraWait: number }[]): Claimant[] {
  return runs.map((r, i) => {
    const c = r.start + r.write;
    return { owner: ingestOwner(`run${i}`), r: r.start, c, q: c + CLAIM_SETTLE_MS + r.extraWait };
  });
}

function rowOf(k: Claimant): ClaimRow {
  return { id: `e-${k.owner}`, owner: k.owner, written_at: k.r, not_before: 1e12 };
}

/** What run i's read shows: its own rows, and every row completed before its read less staleness. */
function seenBy(claimants: Claimant[], i: number, staleness: number[]): ClaimRow[] {
  const me = claimants[i]!;
  return claimants.filter((other, j) =>
    other === me || other.c <= me.q - staleness[(i * 6 + j) % staleness.length]!
  ).map(rowOf);
}
