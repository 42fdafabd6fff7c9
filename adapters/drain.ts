/**
 * The drainer: delivers what waits in the outbox (rows handed over by ingests, retries, rows whose
 * run died) under Slack's limits. One invocation at a time holds the lease (an economy), and each
 * round takes the rows it will deliver (the safety: two drainers that overlap for any reason never
 * deliver the same row). Rows of one subject go in order, whatever order a scan returns them in;
 * posts are paced per channel; before Slack's 60 s it hands over to a fresh invocation, and an
 * alarm (a one-shot scheduled trigger) starts one if this invocation dies or rows wait for later.
 * docs/reliability.md describes the guarantees.
 */
import type { OutboxRow } from "../datastores/outbox.ts";
import {
  CLAIM_GUARD_MS,
  CLAIM_SETTLE_MS,
  drainOwner,
  STALE_READ_BOUND_MS,
} from "../domain/claim.ts";
import { type AppContext, finishing } from "./context.ts";
import { ledgerKey, readLedger, writeLedger } from "./datastore/ledger.ts";
import { getRows } from "./datastore/records.ts";
import { loadSettings } from "./datastore/settings_store.ts";
import { OUTBOX } from "./datastore/specs.ts";
import { newRound, type Processors, runSubjects } from "./delivery.ts";
import { watchForFix } from "./slack/fix_trigger.ts";
import { type Held, HELD_STATE, heldChanged, heldFromScan } from "./held.ts";
import { stateRow } from "./datastore/app_state.ts";
import { acquireLease, type Lease, LEASE_TTL_MS } from "./lease.ts";
import {
  byOrder,
  bySubject,
  heldByIngest,
  released,
  removeFromOutbox,
  scanOutbox,
  takeable,
  writeOutbox,
} from "./outbox.ts";
import { kickContinuation, RETRY_NOW } from "./slack/continuation.ts";
import { MethodPace } from "./slack/pace.ts";
import { Pacer } from "./slack/pacer.ts";
import { armWatchdog, disarmWatchdog } from "./slack/watchdog.ts";

export type DrainReport = {
  status: "busy" | "drained" | "continued" | "waiting" | "stopped";
  delivered: number;
  retried: number;
};

/**
 * Most rows taken in one round, all queues together. Taking, reading back, marking and deleting a row
 * costs about five bulk datastore calls per 25 rows, and the drainer keeps bulk methods (tier 3) to
 * 40% of their tier: 75 rows is about half a minute of that, so a round always ends in the invocation
 * that took it.
 */
const ROUND_ROWS = 75;
/** A queue (a webinar's channel, a learner) posts about once a second. */
const POST_MS = 1_000;
const PARALLEL_QUEUES = 10;
/** If this invocation dies, a fresh drain starts this long after it began (within 2 minutes). */
const WATCHDOG_AFTER_MS = 100_000;
/** Kept at the end of an invocation to finish: the last markers, the lease, the hand-over. */
const FINISH_MS = 12_000;
/** How long a continuation waits for its predecessor to let go of the lease. */
const CONTINUATION_PATIENCE_MS = 20_000;
/**
 * A run's last round starts the next invocation this long before the round ends, so the next one has
 * loaded (a cold start takes a second or more) by the time this one lets go of the lease.
 */
const KICK_LEAD_MS = 5_000;
/** Rows due within this long are waited for rather than left to the alarm. */
const SOON_MS = 3_000;

/** How many posts one queue can still make in this invocation (a post a second): a round's share. */
const postsLeft = (ctx: AppContext) =>
  Math.max(5, Math.floor((ctx.deadline.remaining() - FINISH_MS) / POST_MS));

/** A released row waiting for a later retry. */
const waitingForRetry = (r: OutboxRow, now: number) => r.owner === "" && r.not_before > now;

/**
 * Released rows waiting for a later retry (of `only`, when given), due now: in memory, the drain
 * then takes them as any due row.
 */
export function dueNow(
  rows: readonly OutboxRow[],
  now = Date.now(),
  only?: ReadonlySet<string>,
): OutboxRow[] {
  return rows.map((r) =>
    waitingForRetry(r, now) && (!only || only.has(r.id)) ? { ...r, not_before: now } : r
  );
}

export async function drain(
  run: AppContext,
  processors: Processors,
  options: { reason: string },
): Promise<DrainReport> {
  const retryNow = options.reason === RETRY_NOW || options.reason === `continue:${RETRY_NOW}`;
  /** Retry now: the rows waiting for a retry when the drain began, until it has taken each once. */
  let retrying: Set<string> | null = null;
  // What follows this drain (a continuation, the alarm) retries on the usual schedule again.
  const onward = retryNow ? "after_retry_now" : options.reason;
  // A drainer may run for minutes: it keeps each method to half its tier, leaving the rest to
  // ingests storing what Slack acknowledged and to moderators' replies.
  let ctx: AppContext = { ...run, pace: run.pace ?? new MethodPace() };
  const report: DrainReport = { status: "drained", delivered: 0, retried: 0 };
  const start = finishing(ctx);
  let acquired: Awaited<ReturnType<typeof acquireLease>>;
  try {
    // A continuation is started while its predecessor finishes: it waits for the lease a moment.
    // Retry now (an admin's button, the app added back to a channel) does not: a drainer at work may
    // be in a round that lasts most of a minute, so the request delivers what waited beside it.
    acquired = await acquireLease(start, "drain", {
      patienceMs: options.reason.startsWith("continue:") ? CONTINUATION_PATIENCE_MS : 0,
    });
  } catch (err) {
    // The datastore refuses even the lease: the alarm tries again in a minute.
    ctx.log.error("drain_failed", { error: err });
    return { ...report, status: await handOver(start, null, options.reason) };
  }
  if (acquired.kind === "busy") {
    if (retryNow) Object.assign(report, await retryBesideHolder(start, processors));
    return { ...report, status: "busy" };
  }
  if (acquired.kind === "contended") {
    // Nobody could take the lease for sure: a fresh invocation tries again, so rows do not wait.
    const kicked = await kickContinuation(start, options.reason);
    return { ...report, status: kicked ? "continued" : "stopped" };
  }
  const { lease } = acquired;
  // One pace for the whole chain of drainers: this one goes on from where the last one stopped.
  const pace = new MethodPace(acquired.pace);
  // The loop below decides from the deadline when to stop starting rounds (FINISH_MS before it), so
  // calls within a round may wait out a 429 or retry a 5xx until then: a round stopped halfway by a
  // budget kept for starting work would throw away the invocation.
  ctx = finishing({ ...ctx, pace });
  const end = finishing(ctx);
  lease.pace = pace;
  const holder = drainOwner(lease.holder);
  ctx.log.info("drain_started", { reason: options.reason });
  let left: OutboxRow[] | null = null;
  let failed = false;
  let continued = false;
  /** What this drainer last wrote of the held subjects (null: nothing yet). */
  let heldWritten: Held | null = null;
  /** Done rows to delete once it is safe (rows of a thread we opened are a claim for a while). */
  const toRemove: Removal[] = [];
  /** The next invocation, started ahead of this one's end: when (a timer), then whether it did. */
  let kickTimer: ReturnType<typeof setTimeout> | undefined;
  let kicked: Promise<boolean> | null = null;
  try {
    // If Slack stops us (or we crash), a fresh drain starts soon after, without waiting for an event.
    await armWatchdog(end, Date.now() + WATCHDOG_AFTER_MS).catch((err) =>
      ctx.log.error("watchdog_not_set", { error: err })
    );
    const settings = await loadSettings(ctx);
    const pacer = new Pacer(1000);
    while (ctx.deadline.has(FINISH_MS + 3_000)) {
      const scanned = await scanOutbox(ctx);
      if (retryNow && retrying === null) {
        retrying = new Set(scanned.filter((r) => waitingForRetry(r, Date.now())).map((r) => r.id));
      }
      // Only this drainer, holding the lease, changes when rows are due: nothing is written here.
      // A row that fails again is not made due again: it waits for its next retry.
      const rows = retrying ? dueNow(scanned, Date.now(), retrying) : scanned;
      left = rows;
      // Rows this drainer delivered but keeps a moment (a claim) wait for nothing: their subjects are
      // not held, or a busy attendee would stay on the drainer's path for as long as events come.
      const removing = new Set(toRemove.flatMap((p) => p.ids));
      const held = heldFromScan(rows.filter((r) => !removing.has(r.id)));
      if (heldChanged(heldWritten, held)) {
        await writeLedger(end, [stateRow(HELD_STATE, held)]);
        heldWritten = held;
      }
      await removeDue(ctx, toRemove);
      // A round holds what this invocation can still post in a channel, a post a second.
      const perQueue = postsLeft(ctx);
      const round = pickRound(rows, perQueue);
      ctx.log.debug("drain_round", {
        rows: rows.length,
        round: round.length,
        remaining_ms: ctx.deadline.remaining(),
      });
      if (round.length === 0) {
        // A run that is opening a thread lets go within a second or two; retries wait longer.
        const wake = wakeAt(rows);
        if (wake === null || wake - Date.now() > SOON_MS || !ctx.budget.has(wake - Date.now())) {
          break;
        }
        await ctx.sleep(Math.max(500, wake - Date.now()));
        continue;
      }
      if (kickTimer === undefined && endsRun(round, rows, perQueue)) {
        // Due rows will be left when this round has used the invocation: start the next one ahead.
        const inMs = ctx.deadline.remaining() - (FINISH_MS + 3_000) - KICK_LEAD_MS;
        kickTimer = setTimeout(() => kicked = kickContinuation(end, onward), Math.max(0, inMs));
      }
      await lease.renew();
      const taken = await take(ctx, round, holder, lease);
      for (const r of taken) retrying?.delete(r.id);
      ctx.log.debug("drain_taken", { taken: taken.length });
      if (taken.length === 0) continue;
      const result = await deliverRound(ctx, processors, taken, {
        settings,
        pacer,
        lease,
        toRemove,
      });
      report.delivered += result.delivered;
      report.retried += result.retried;
    }
    clearTimeout(kickTimer);
    if (kicked) {
      continued = await kicked;
    } else if (!ctx.deadline.has(FINISH_MS + 3_000) && left && left.length > 0) {
      // Out of time with rows left: start the next invocation now, so it loads while we finish.
      continued = await kickContinuation(end, onward);
    }
  } catch (err) {
    // Whatever stopped us (the datastore refusing, a crash), the rows are still there: hand over.
    failed = true;
    ctx.log.error("drain_failed", { error: err });
    clearTimeout(kickTimer);
    if (kicked) continued = await (kicked as Promise<boolean>).catch(() => false);
  } finally {
    // The lease first: the next drainer may start while we delete our done rows (each is marked
    // done and stays ours until our hold on it ends, so nobody takes it meanwhile).
    try {
      await lease.release();
    } catch (err) {
      ctx.log.error("lease_release_failed", { error: err });
    }
    try {
      await removeDue(end, toRemove, { all: true });
    } catch (err) {
      ctx.log.error("drain_remove_failed", { error: err });
    }
  }
  if (continued) {
    report.status = "continued";
    ctx.log.info("drain_finished", { ...report });
    return report;
  }
  // An ingest may have handed rows over while we were finishing (it found the lease held, so it
  // left them to us): look once more after letting go, late enough that a stale read cannot miss
  // rows written before that ingest's read of the lease.
  try {
    await ctx.sleep(2 * STALE_READ_BOUND_MS);
    left = await scanOutbox(end);
  } catch (err) {
    ctx.log.error("drain_final_scan_failed", { error: err });
    left = null;
  }
  report.status = await handOver(end, left, onward);
  if (failed && report.status === "drained") report.status = "stopped";
  ctx.log.info("drain_finished", { ...report });
  return report;
}

/** When the outbox cannot be read, the alarm tries again this much later. */
const RETRY_UNREADABLE_MS = 60_000;

type Removal = { ids: string[]; after: number };

/** Deletes the done rows whose time has come (`all`: waits for the rest, then deletes them too). */
async function removeDue(
  ctx: AppContext,
  pending: Removal[],
  options: { all?: boolean } = {},
): Promise<void> {
  if (options.all && pending.length > 0) {
    const last = Math.max(...pending.map((p) => p.after));
    if (last > Date.now()) await ctx.sleep(last - Date.now());
  }
  const now = Date.now();
  const due = pending.filter((p) => p.after <= now);
  if (due.length === 0) return;
  await removeFromOutbox(ctx, due.flatMap((p) => p.ids));
  for (const p of due) pending.splice(pending.indexOf(p), 1);
}

/**
 * Whether `round` keeps this invocation busy to its end (a queue has as many rows as it can post in
 * the time left) and due rows will still wait after it.
 */
export function endsRun(
  round: readonly OutboxRow[],
  rows: readonly OutboxRow[],
  perQueue: number,
  now = Date.now(),
): boolean {
  const perQueueCount = new Map<string, number>();
  for (const r of round) perQueueCount.set(queueOf(r), (perQueueCount.get(queueOf(r)) ?? 0) + 1);
  if (Math.max(0, ...perQueueCount.values()) < perQueue) return false;
  const inRound = new Set(round.map((r) => r.id));
  return rows.some((r) => !inRound.has(r.id) && takeable(r, now));
}

/** The earliest time a row becomes takeable, or null when the outbox is empty. */
function nextDue(rows: readonly OutboxRow[]): number | null {
  let next: number | null = null;
  for (const r of rows) if (next === null || r.not_before < next) next = r.not_before;
  return next;
}

/**
 * When a round could next find work: a subject's head row coming due, or, for a subject a live
 * ingest run is working on (opening its thread), a second from now.
 */
function wakeAt(rows: readonly OutboxRow[], now = Date.now()): number | null {
  let wake: number | null = null;
  for (const subjectRows of bySubject(rows).values()) {
    const at = subjectRows.some((r) => heldByIngest(r, now))
      ? (subjectRows.some((r) => !heldByIngest(r, now)) ? now + 1_000 : subjectRows[0]!.not_before)
      : subjectRows[0]!.not_before;
    if (wake === null || at < wake) wake = at;
  }
  return wake;
}

/**
 * The rows to take this round: for each subject whose first row is takeable and that no live
 * ingest run is working on, its takeable rows from the head, oldest subjects first, fairly across
 * queues.
 */
export function pickRound(
  rows: readonly OutboxRow[],
  perQueue: number,
  now = Date.now(),
): OutboxRow[] {
  const ready: OutboxRow[][] = [];
  for (const subjectRows of bySubject(rows).values()) {
    if (subjectRows.some((r) => heldByIngest(r, now))) continue;
    const head: OutboxRow[] = [];
    for (const r of subjectRows) {
      if (!takeable(r, now)) break;
      head.push(r);
    }
    if (head.length > 0) ready.push(head);
  }
  ready.sort((a, b) => byOrder(a[0]!, b[0]!));
  const taken = new Map<string, number>();
  const out: OutboxRow[] = [];
  for (const head of ready) {
    const queue = queueOf(head[0]!);
    const used = taken.get(queue) ?? 0;
    if (used >= perQueue) continue;
    const part = head.slice(0, perQueue - used);
    if (part.length < head.length && used > 0) continue; // a subject is taken whole, or first
    taken.set(queue, used + part.length);
    out.push(...part);
    if (out.length >= ROUND_ROWS) break;
  }
  return out;
}

function queueOf(row: OutboxRow): string {
  return row.lane === "webinar" ? `w:${row.subject.split(":")[1]}` : row.subject;
}

/**
 * Takes the round's rows: writes them as ours, waits, reads them back, and keeps the subjects whose
 * rows are all still ours (another drainer, or an ingest's retry of the same event, may have written
 * them meanwhile). A subject only partly ours is left whole for the next round.
 */
async function take(
  ctx: AppContext,
  rows: readonly OutboxRow[],
  holder: string,
  lease: Pick<Lease, "expiresAt">,
): Promise<OutboxRow[]> {
  const mine = rows.map((r) => ({
    ...r,
    owner: holder,
    // A row a dead holder left is looked for before it is posted again.
    suspect: r.suspect || r.owner !== "",
    not_before: lease.expiresAt,
  }));
  await writeOutbox(ctx, mine);
  await ctx.sleep(CLAIM_SETTLE_MS);
  const back = await getRows(ctx, OUTBOX, mine.map((r) => r.id));
  const notOurs = new Set<string>();
  for (const r of mine) if (back.get(r.id)?.owner !== holder) notOurs.add(r.subject);
  if (notOurs.size > 0) ctx.log.warn("drain_rows_not_taken", { subjects: notOurs.size });
  return mine.filter((r) => !notOurs.has(r.subject));
}

async function deliverRound(
  ctx: AppContext,
  processors: Processors,
  rows: OutboxRow[],
  shared: {
    settings: Awaited<ReturnType<typeof loadSettings>>;
    pacer: Pacer;
    lease: Pick<Lease, "expiresAt">;
    toRemove: Removal[];
  },
): Promise<{ delivered: number; retried: number }> {
  const keys = rows.map((r) => ledgerKey.done(r.id));
  for (const lane of ["webinar", "learning"] as const) {
    const laneRows = rows.filter((r) => r.lane === lane);
    if (laneRows.length > 0) keys.push(...await processors[lane].ledgerKeys(laneRows));
  }
  const view = await readLedger(ctx, keys);
  const already = rows.filter((r) => view.get(ledgerKey.done(r.id)));
  const pending = rows.filter((r) => !view.get(ledgerKey.done(r.id)));
  const round = newRound(ctx, {
    settings: shared.settings,
    pacer: shared.pacer,
    view,
    canPrepare: true,
  });
  for (const lane of ["webinar", "learning"] as const) {
    const laneRows = pending.filter((r) => r.lane === lane);
    if (laneRows.length > 0) await processors[lane].prepare?.(round, laneRows);
  }
  const result = await runSubjects(round, processors, [...bySubject(pending).values()], {
    parallel: PARALLEL_QUEUES,
    // Never start a row once our hold on it may have run out: another drainer could take it then.
    mayStart: () => ctx.deadline.has(FINISH_MS) && Date.now() < shared.lease.expiresAt - 15_000,
  });
  const end = finishing(ctx);
  // What we took but did not get to goes back, due as it was; handed-over rows are due now.
  const back = [...result.untouched, ...result.handedOver].map((r) => released(r, Date.now()));
  if (back.length > 0) await writeOutbox(end, back);
  // Rows of a thread we opened are a claim for a while after its anchor (domain/claim.ts): an ingest
  // that read "no thread" just before must still find them, and leave the attendee to us.
  shared.toRemove.push({
    ids: [...already, ...result.done].map((r) => r.id),
    after: round.opened > 0 ? Date.now() + CLAIM_GUARD_MS : 0,
  });
  await removeDue(end, shared.toRemove);
  // Held for a channel the app cannot post in: its fix (the app added back) starts a drain at once.
  // After the rows' own writes, which matter more if time runs short.
  if (round.blocked.size > 0) await watchForFix(end, [...round.blocked.keys()]);
  return { delivered: result.done.length, retried: result.retried.length };
}

/**
 * Retry now while another drainer holds the lease (in a round that can last most of a minute, or
 * passing the lease on through a backlog): this run delivers the rows that were waiting for a retry
 * itself, one round, in the queues that drainer is not posting in. It takes them as any round does:
 * the take, not the lease, is what keeps two runs from posting the same row, and a subject is taken
 * whole, so its rows keep their order (docs/reliability.md). What it does not take (a queue the
 * holder is posting in, a subject someone else took first) is made due for the holder's next scan.
 */
async function retryBesideHolder(
  ctx: AppContext,
  processors: Processors,
): Promise<Pick<DrainReport, "delivered" | "retried">> {
  const none = { delivered: 0, retried: 0 };
  /** Waiting rows this run will not take, for the holder (not yet made due). */
  let forHolder: OutboxRow[] = [];
  try {
    const now = Date.now();
    const scanned = await scanOutbox(ctx);
    const waiting = scanned.filter((r) => waitingForRetry(r, now));
    if (waiting.length === 0) return none;
    const ids = new Set(waiting.map((r) => r.id));
    const busyQueues = new Set(
      scanned.filter((r) => r.owner !== "" && !takeable(r, now)).map(queueOf),
    );
    // Subjects whose first row was waiting, in queues nobody is posting in; their later rows, due
    // already but kept behind that first one, go with it.
    const ours = [...bySubject(dueNow(scanned, now, ids)).values()]
      .filter((s) => ids.has(s[0]!.id) && !busyQueues.has(queueOf(s[0]!)))
      .flat();
    const perQueue = postsLeft(ctx);
    const picked = pickRound(ours, perQueue);
    // A row we try to take and lose is another run's: it is never rewritten as due.
    const pickedIds = new Set(picked.map((r) => r.id));
    const ourQueues = new Set(picked.map(queueOf));
    forHolder = waiting.filter((r) => !pickedIds.has(r.id));
    // More than one round's worth in a queue we post in: the rest is made due once we are done
    // there, so the holder does not post in that queue beside us.
    const afterUs = forHolder.filter((r) => ourQueues.has(queueOf(r)));
    const hold = { expiresAt: Date.now() + LEASE_TTL_MS };
    const taken = await take(ctx, picked, drainOwner(crypto.randomUUID()), hold);
    await makeWaitingDue(ctx, forHolder.filter((r) => !ourQueues.has(queueOf(r))));
    forHolder = afterUs;
    ctx.log.info("retry_now_beside_drainer", { taken: taken.length });
    let result = none;
    if (taken.length > 0) {
      const toRemove: Removal[] = [];
      result = await deliverRound(ctx, processors, taken, {
        settings: await loadSettings(ctx),
        pacer: new Pacer(1000),
        lease: hold,
        toRemove,
      });
      await removeDue(finishing(ctx), toRemove, { all: true });
    }
    forHolder = [];
    await makeWaitingDue(finishing(ctx), await stillWaiting(finishing(ctx), afterUs));
    return result;
  } catch (err) {
    // What we took and did not deliver comes back when our hold runs out, as a dead drainer's does;
    // what we meant to leave to the holder goes to it now.
    ctx.log.error("retry_now_beside_drainer_failed", { error: err });
    await stillWaiting(finishing(ctx), forHolder)
      .then((rows) => makeWaitingDue(finishing(ctx), rows))
      .catch((e) => ctx.log.error("retry_now_not_handed", { error: e }));
    return none;
  }
}

/**
 * Of rows a scan showed waiting for a retry, those still waiting now: read again, since a round has
 * passed, and a row some run took meanwhile (its retry time came) must not be rewritten as free.
 */
async function stillWaiting(ctx: AppContext, rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
  if (rows.length === 0) return [];
  const now = Date.now();
  const fresh = await getRows(ctx, OUTBOX, rows.map((r) => r.id));
  return [...fresh.values()].filter((r) => waitingForRetry(r, now));
}

/**
 * What Retry now leaves to the drainer holding the lease: the rows waiting for a retry are made due
 * in the outbox, so its next scan takes them rather than their next retry, up to 15 minutes away.
 * The one write of when rows are due by a run without the lease (or a take): only released rows
 * are written, so a row a run holds is untouched, and a row the holder took in the instant of our
 * (possibly stale) scan, if rewritten after its delivery, is found done by its marker and removed
 * without a second post.
 */
async function makeWaitingDue(ctx: AppContext, waiting: readonly OutboxRow[]): Promise<void> {
  if (waiting.length === 0) return;
  try {
    await writeOutbox(ctx, waiting.map((r) => released(r, Date.now())));
    ctx.log.info("retry_now_handed_to_drainer", { rows: waiting.length });
  } catch (err) {
    ctx.log.error("retry_now_not_handed", { error: err });
  }
}

/**
 * After a run: a fresh invocation for rows due now, the alarm for rows due later, or nothing. When
 * the outbox could not be read (`rows` null), the alarm comes back in a minute.
 */
async function handOver(
  ctx: AppContext,
  rows: readonly OutboxRow[] | null,
  reason: string,
): Promise<DrainReport["status"]> {
  try {
    if (rows === null) {
      await armWatchdog(ctx, Date.now() + RETRY_UNREADABLE_MS);
      return "waiting";
    }
    const next = nextDue(rows);
    if (next === null) {
      await disarmWatchdog(ctx);
      return "drained";
    }
    if (next - Date.now() <= SOON_MS) {
      const kicked = await kickContinuation(ctx, reason);
      if (kicked) return "continued";
    }
    // Later rows (retries, rows a live run holds): the alarm rings when the first is due.
    await armWatchdog(ctx, next);
    return "waiting";
  } catch (err) {
    ctx.log.error("drain_handover_failed", { error: err });
    return "stopped";
  }
}
