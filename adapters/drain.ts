/**
 * The drainer: delivers outbox rows to Slack under Slack's limits. One invocation at a time holds
 * the lease; it works through due rows in order (per attendee or learner), paces posts per channel,
 * records done markers in batches, and when its time budget runs out hands over to a fresh
 * invocation through the drain webhook. docs/reliability.md describes the guarantees.
 */
import type { DeliveryRow } from "../datastores/deliveries.ts";
import type { OutboxRow } from "../datastores/outbox.ts";
import type { ThreadRow } from "../datastores/threads.ts";
import type { Settings } from "../domain/settings.ts";
import { type ActivityInput, recordActivity } from "./activity.ts";
import type { AppContext } from "./context.ts";
import { deleteRows, getRows, putRows, queryAll } from "./datastore/records.ts";
import { loadSettings } from "./datastore/settings_store.ts";
import { DELIVERIES, OUTBOX, THREADS } from "./datastore/specs.ts";
import { acquireLease } from "./lease.ts";
import { GIVE_UP_AFTER_MS, type Lane, REORDER_WINDOW_MS, retryDelayMs } from "./outbox.ts";
import { Pacer } from "./slack/pacer.ts";
import { kickContinuation } from "./slack/continuation.ts";
import { errorCode } from "./slack/client.ts";

const MARKER_KEEP_S = 14 * 86_400;
const ROUND_MAX = 200;
const PARALLEL_QUEUES = 6;
const FLUSH_EVERY = 25;
const FLUSH_INTERVAL_MS = 10_000;

export type Outcome =
  | { kind: "done"; outcome: string; channel?: string; ts?: string; extra?: Partial<DeliveryRow> }
  | { kind: "retry"; error: string; delayMs?: number }
  | { kind: "give_up"; error: string };

/** A 429: try the row again once Slack's Retry-After has passed (Slack time). */
export function rateLimitedRetry(round: Pick<Round, "ctx">, retryAfterS: number | null): Outcome {
  return { kind: "retry", error: "ratelimited", delayMs: round.ctx.ms((retryAfterS ?? 1) * 1000) };
}

/** What a lane's processor shares across the rows of one round. */
export type Round = {
  ctx: AppContext;
  settings: Settings;
  pacer: Pacer;
  suspects: ReadonlySet<string>;
  /** Channels that failed for everyone this round (not_in_channel...): later rows wait without calling Slack. */
  blocked: Map<string, string>;
  /** Thread anchors created this round (written with the next flush). */
  threads: Map<string, ThreadRow>;
  addThreadRows(rows: ThreadRow[]): void;
  activity(input: ActivityInput): void;
  /** Per-round memo for lookups (webinar channels, people...). */
  memo: Map<string, unknown>;
};

export type LaneProcessor = {
  /** Rows with the same queue key are delivered one after another, in order. */
  queueKey(row: OutboxRow): string;
  process(row: OutboxRow, round: Round): Promise<Outcome>;
  /** Work a round does before its rows: batch lookups, making sure the channel is watched... */
  prepare?(round: Round, rows: OutboxRow[]): Promise<void>;
};

export type DrainReport = {
  status: "busy" | "drained" | "continued" | "stopped";
  delivered: number;
  retried: number;
  gaveUp: number;
};

type Flushable = {
  markers: DeliveryRow[];
  deletes: string[];
  retries: OutboxRow[];
  threads: ThreadRow[];
  activity: ActivityInput[];
};

export async function drain(
  ctx: AppContext,
  processors: Record<Lane, LaneProcessor>,
  options: { reason: string },
): Promise<DrainReport> {
  const report: DrainReport = { status: "drained", delivered: 0, retried: 0, gaveUp: 0 };
  // The lease's own calls (claim, renew, release) may use the margin: a lease left behind stalls delivery.
  const acquired = await acquireLease(finishing(ctx), "drain");
  if (!acquired) return { ...report, status: "busy" };
  if (acquired === "contended") {
    // Nobody could take the lease for sure: a fresh invocation tries again, so rows do not wait.
    const kicked = await kickContinuation(finishing(ctx), options.reason);
    return { ...report, status: kicked ? "continued" : "stopped" };
  }
  const { lease } = acquired;
  const suspects = new Set(acquired.suspects);
  /** Rows this holder started on whose outcome is not yet written: suspects for the next holder. */
  const unconfirmed = new Set<string>();
  const pacer = new Pacer(ctx.ms(1000));
  let stoppedEarly = false;
  ctx.log.info("drain_started", { reason: options.reason, suspects: suspects.size });
  try {
    while (ctx.budget.has(ctx.ms(3_000))) {
      const soon = (await queryAll(ctx, OUTBOX, {
        expression: "#nb <= :soon",
        attributes: { "#nb": "not_before" },
        values: { ":soon": Date.now() + ctx.ms(REORDER_WINDOW_MS * 2) },
      }, { max: ROUND_MAX })).sort((a, b) =>
        a.order_key.localeCompare(b.order_key) || a.id.localeCompare(b.id)
      );
      const due = soon.filter((r) => r.not_before <= Date.now());
      if (due.length === 0) {
        // Rows just accepted wait out the reorder window; stay for them rather than hand over.
        if (soon.length === 0) break;
        const wait = Math.min(...soon.map((r) => r.not_before)) - Date.now();
        if (!ctx.budget.has(wait + ctx.ms(3_000))) break;
        await new Promise((r) => setTimeout(r, Math.max(0, wait)));
        continue;
      }
      const markers = await getRows(ctx, DELIVERIES, due.map((r) => r.id));
      const already = due.filter((r) => markers.has(r.id)).map((r) => r.id);
      if (already.length) await deleteRows(ctx, OUTBOX, already);
      const pending = due.filter((r) => !markers.has(r.id));
      if (pending.length === 0) continue;
      await lease.renew([...new Set([...pending.map((r) => r.id), ...suspects])]);
      const settings = await loadSettings(ctx);
      const result = await runRound(ctx, processors, pending, {
        settings,
        pacer,
        suspects,
        unconfirmed,
      });
      report.delivered += result.delivered;
      report.retried += result.retried;
      report.gaveUp += result.gaveUp;
      if (result.unfinished) {
        stoppedEarly = true;
        break;
      }
      if (result.progress === 0) break; // everything left is waiting for a retry time
    }
  } finally {
    try {
      await lease.release([...new Set([...unconfirmed, ...suspects])]);
    } catch (err) {
      ctx.log.error("lease_release_failed", { error: err });
    }
  }
  // Anything due or about to be goes to a fresh invocation: rows left over, and rows an ingest wrote
  // while we were finishing. That ingest found the lease held and left its rows to us, still inside
  // their reorder window, so "due now" would miss them until the hourly upkeep.
  const left = stoppedEarly || (await queryAll(ctx, OUTBOX, {
        expression: "#nb <= :soon",
        attributes: { "#nb": "not_before" },
        values: { ":soon": Date.now() + ctx.ms(REORDER_WINDOW_MS * 2) },
      }, { max: 1 })).length > 0;
  if (left) {
    const kicked = await kickContinuation(finishing(ctx), options.reason);
    report.status = kicked ? "continued" : "stopped";
  }
  ctx.log.info("drain_finished", { ...report });
  return report;
}

async function runRound(
  ctx: AppContext,
  processors: Record<Lane, LaneProcessor>,
  rows: OutboxRow[],
  shared: { settings: Settings; pacer: Pacer; suspects: Set<string>; unconfirmed: Set<string> },
): Promise<
  {
    delivered: number;
    retried: number;
    gaveUp: number;
    progress: number;
    unfinished: boolean;
  }
> {
  const pendingFlush: Flushable = {
    markers: [],
    deletes: [],
    retries: [],
    threads: [],
    activity: [],
  };
  const round: Round = {
    ctx,
    settings: shared.settings,
    pacer: shared.pacer,
    suspects: shared.suspects,
    blocked: new Map(),
    threads: new Map(),
    memo: new Map(),
    addThreadRows(rows) {
      for (const r of rows) round.threads.set(r.id, r);
      pendingFlush.threads.push(...rows);
    },
    activity(input) {
      pendingFlush.activity.push(input);
    },
  };
  for (const [lane, p] of Object.entries(processors) as Array<[Lane, LaneProcessor]>) {
    const mine = rows.filter((r) => r.lane === lane);
    if (mine.length > 0) await p.prepare?.(round, mine);
  }

  const stats = {
    delivered: 0,
    retried: 0,
    gaveUp: 0,
    progress: 0,
    unfinished: false,
  };
  let lastFlush = Date.now();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch: Flushable = {
      markers: pendingFlush.markers.splice(0),
      deletes: pendingFlush.deletes.splice(0),
      retries: pendingFlush.retries.splice(0),
      threads: pendingFlush.threads.splice(0),
      activity: pendingFlush.activity.splice(0),
    };
    lastFlush = Date.now();
    const ids = [...batch.markers.map((m) => m.id), ...batch.retries.map((r) => r.id)];
    flushing = flushing.then(async () => {
      await writeFlush(finishing(ctx), batch, round.settings);
      for (const id of ids) {
        shared.unconfirmed.delete(id);
        shared.suspects.delete(id);
      }
    });
    return flushing;
  };

  // Queues: rows with the same key go in order; different keys run side by side.
  const queues = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key = `${row.lane}:${processors[row.lane].queueKey(row)}`;
    queues.set(key, [...(queues.get(key) ?? []), row]);
  }
  const waiting = [...queues.values()];
  const worker = async () => {
    for (let queue = waiting.shift(); queue; queue = waiting.shift()) {
      const held = new Set<string>();
      for (const row of queue) {
        // A row may need several calls (create a channel, invite, listen): keep room for them.
        if (!ctx.budget.has(ctx.ms(5_000))) {
          stats.unfinished = true;
          return;
        }
        // Keep per-subject order: once a row must wait, later rows about the same subject wait too.
        if (held.has(row.subject)) continue;
        let outcome: Outcome;
        shared.unconfirmed.add(row.id);
        try {
          outcome = await processors[row.lane].process(row, round);
        } catch (err) {
          outcome = unexpected(ctx, row, err);
        }
        if (outcome.kind === "retry" && Date.now() - row.received_at > ctx.ms(GIVE_UP_AFTER_MS)) {
          outcome = { kind: "give_up", error: outcome.error };
        }
        apply(row, outcome, pendingFlush, stats, ctx.ms);
        if (outcome.kind === "retry") held.add(row.subject);
        if (
          pendingFlush.markers.length + pendingFlush.retries.length >= FLUSH_EVERY ||
          Date.now() - lastFlush > ctx.ms(FLUSH_INTERVAL_MS)
        ) {
          await flush();
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_QUEUES, waiting.length) }, worker));
  } finally {
    await flush();
  }
  return stats;
}

/** Finishing what was started (the last flush, the hand-over) may use the margin before Slack's stop. */
function finishing(ctx: AppContext): AppContext {
  return { ...ctx, budget: ctx.deadline };
}

function unexpected(ctx: AppContext, row: OutboxRow, err: unknown): Outcome {
  const code = errorCode(err);
  ctx.log.error("delivery_failed", { row: row.id, code, error: err });
  return { kind: "retry", error: code };
}

function apply(
  row: OutboxRow,
  outcome: Outcome,
  f: Flushable,
  stats: { delivered: number; retried: number; gaveUp: number; progress: number },
  ms: (slackMs: number) => number,
): void {
  const now = Date.now();
  switch (outcome.kind) {
    case "done":
      f.markers.push({
        id: row.id,
        outcome: outcome.outcome,
        ...(outcome.channel ? { channel_id: outcome.channel } : {}),
        ...(outcome.ts ? { ts: outcome.ts } : {}),
        ...outcome.extra,
        done_at: now,
        expires_at: Math.floor(now / 1000) + MARKER_KEEP_S,
      });
      f.deletes.push(row.id);
      stats.delivered++;
      stats.progress++;
      return;
    case "give_up":
      f.markers.push({
        id: row.id,
        outcome: `failed:${outcome.error}`,
        done_at: now,
        expires_at: Math.floor(now / 1000) + MARKER_KEEP_S,
      });
      f.deletes.push(row.id);
      f.activity.push({
        kind: "error",
        source: row.lane,
        code: outcome.error,
        detail: `Gave up delivering ${row.id} after ${row.attempts + 1} attempts: ${outcome.error}`,
        context: { row: row.id },
        remediation: "delivery_gave_up",
        id: `gaveup:${row.id}`,
      });
      stats.gaveUp++;
      stats.progress++;
      return;
    case "retry": {
      const attempts = row.attempts + 1;
      f.retries.push({
        ...row,
        attempts,
        not_before: now + (outcome.delayMs ?? ms(retryDelayMs(attempts))),
        last_error: outcome.error.slice(0, 500),
      });
      stats.retried++;
      return;
    }
  }
}

/** Writes markers first: a crash after them leaves a row that the next drain deletes, not re-sends. */
async function writeFlush(ctx: AppContext, f: Flushable, settings: Settings): Promise<void> {
  if (f.threads.length) await putRows(ctx, THREADS, f.threads);
  if (f.markers.length) await putRows(ctx, DELIVERIES, f.markers);
  if (f.deletes.length) await deleteRows(ctx, OUTBOX, f.deletes);
  if (f.retries.length) await putRows(ctx, OUTBOX, f.retries);
  if (f.activity.length) await recordActivity(ctx, f.activity, settings.language);
}
