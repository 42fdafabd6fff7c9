/**
 * Delivering outbox rows, shared by the ingest (its own rows, inline) and the drainer (the rows it
 * took for a round): subjects side by side, the rows of one subject strictly in order, posts paced
 * per channel; each outcome recorded (done markers in the ledger, retries back in the outbox for the
 * drainer), in batches. A thread's anchor is written as soon as its parent is posted, before any
 * later post. What a failure means is domain/delivery_policy.ts.
 */
import type { LedgerRow } from "../datastores/ledger.ts";
import type { OutboxRow } from "../datastores/outbox.ts";
import { decideFailure, type Decision, retryDelayMs } from "../domain/delivery_policy.ts";
import type { Settings } from "../domain/settings.ts";
import { type ActivityInput, recordActivity } from "./activity.ts";
import { type AppContext, finishing } from "./context.ts";
import { doneMarker, LedgerView, writeLedger } from "./datastore/ledger.ts";
import { GIVE_UP_AFTER_MS, type Lane, orphaned, writeOutbox } from "./outbox.ts";
import { errorCode, SlackCallError } from "./slack/client.ts";
import type { Pacer } from "./slack/pacer.ts";

export type Outcome =
  | { kind: "done"; outcome: string; channel?: string; ts?: string }
  /** Not now: back to the drainer, due after `delayMs` (backoff when null). */
  | { kind: "retry"; error: string; delayMs?: number | null; suspect?: boolean }
  | { kind: "give_up"; error: string }
  /** This run cannot do it (a channel to create, a listener to add): the drainer does, at once. */
  | { kind: "handover"; reason: string };

/** What a lane's processor shares across the rows of one run. */
export type Round = {
  ctx: AppContext;
  settings: Settings;
  pacer: Pacer;
  /** Ledger rows read for these rows (markers, threads, webinars, people, state), kept current. */
  view: LedgerView;
  /** Whether this run may set channels up (create, join, listen): the drainer may, an ingest not. */
  canPrepare: boolean;
  /** Channels that failed for everyone this run (not_in_channel...): later rows wait without calling. */
  blocked: Map<string, string>;
  /** Channels the app tried to join this run. */
  joinTried: Set<string>;
  activity(input: ActivityInput): void;
  /** Ledger rows to write with the next batch (markers, digests, people...). */
  remember(rows: LedgerRow[]): void;
  /**
   * A new thread's anchor rows: written with the run's next batch, like the markers. Until then, and
   * for the claim guard after, the run's own rows of the attendee send any other run to wait or to
   * the drainer; a moderator's reply that comes before the anchor is readable is recognised by the
   * parent's message metadata (adapters/webinar/relay.ts).
   */
  anchor(rows: LedgerRow[]): void;
  /** How many threads this run opened (their rows are a claim: keep them a while after). */
  readonly opened: number;
  /** Per-run memo for lookups (bot user id, preferences link...). */
  memo: Map<string, unknown>;
};

export type LaneProcessor = {
  /** Rows of one queue go one after another (a webinar's channel; a learner). */
  queueKey(row: OutboxRow): string;
  /** The ledger ids the lane reads for these rows, fetched in the same bulk read as the markers. */
  ledgerKeys(rows: readonly OutboxRow[]): Promise<string[]>;
  process(row: OutboxRow, round: Round): Promise<Outcome>;
  /** Drainer only: channel set-up before the rows (join, listen, ...). */
  prepare?(round: Round, rows: readonly OutboxRow[]): Promise<void>;
  /** A lane whose subjects have threads (webinar attendees): racing for a new one (domain/claim.ts). */
  threads?: {
    /** Where the ledger keeps the anchor of a row's thread. */
    anchorKey(row: OutboxRow): string;
    /** The subject has no thread yet: whoever delivers these rows may open one. */
    opens(rows: readonly OutboxRow[], view: LedgerView): boolean;
  };
};

export type Processors = Record<Lane, LaneProcessor>;

/** A run that delivers one lane only (an ingest, inline) loads that lane's processor only. */
function processorOf(processors: Partial<Processors>, lane: Lane): LaneProcessor {
  const processor = processors[lane];
  if (!processor) throw new Error(`this run has no processor for the ${lane} lane`);
  return processor;
}

/** Whether a row must be looked for in Slack before posting it again. */
export function isSuspect(row: OutboxRow, now = Date.now()): boolean {
  return row.suspect || orphaned(row, now);
}

export function newRound(
  ctx: AppContext,
  input: { settings: Settings; pacer: Pacer; view: LedgerView; canPrepare: boolean },
): Round & {
  drain(): { ledger: LedgerRow[]; activity: ActivityInput[] };
} {
  let ledger: LedgerRow[] = [];
  let activity: ActivityInput[] = [];
  const round = {
    ctx,
    ...input,
    blocked: new Map<string, string>(),
    joinTried: new Set<string>(),
    memo: new Map<string, unknown>(),
    activity: (a: ActivityInput) => void activity.push(a),
    remember: (rows: LedgerRow[]) => {
      for (const r of rows) input.view.set(r);
      ledger.push(...rows);
    },
    opened: 0,
    anchor(rows: LedgerRow[]) {
      round.remember(rows);
      round.opened++;
    },
    drain() {
      const out = { ledger, activity };
      ledger = [];
      activity = [];
      return out;
    },
  };
  return round;
}

export type RunResult = {
  /** Rows done (delivered, skipped or given up): their markers are written; delete them. */
  done: OutboxRow[];
  /** Rows that failed and went back to the drainer with a due time (already written). */
  retried: OutboxRow[];
  /** Rows not attempted (time ran out, or an earlier row of their subject must go first). */
  untouched: OutboxRow[];
  /** Rows this run could not do and hands to the drainer at once (not yet written). */
  handedOver: OutboxRow[];
};

const FLUSH_EVERY = 25;
const FLUSH_INTERVAL_MS = 10_000;

/**
 * Delivers `subjects` (each a list of rows in delivery order) with `parallel` queues at a time.
 * `mayStart(row)` says whether there is still time to start a row.
 */
export async function runSubjects(
  round: ReturnType<typeof newRound>,
  processors: Partial<Processors>,
  subjects: readonly OutboxRow[][],
  options: { parallel: number; mayStart(row: OutboxRow): boolean },
): Promise<RunResult> {
  const { ctx } = round;
  const result: RunResult = { done: [], retried: [], untouched: [], handedOver: [] };
  let markers: LedgerRow[] = [];
  let retries: OutboxRow[] = [];
  let lastFlush = Date.now();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = { markers, retries, ...round.drain() };
    markers = [];
    retries = [];
    lastFlush = Date.now();
    flushing = flushing.then(() => writeBatch(finishing(ctx), batch, round.settings));
    return flushing;
  };

  const queues = new Map<string, OutboxRow[][]>();
  for (const rows of subjects) {
    const first = rows[0];
    if (!first) continue;
    const key = `${first.lane}:${processorOf(processors, first.lane).queueKey(first)}`;
    queues.set(key, [...(queues.get(key) ?? []), rows]);
  }
  const waiting = [...queues.values()];
  const worker = async () => {
    for (let queue = waiting.shift(); queue; queue = waiting.shift()) {
      for (const rows of queue) {
        let stopped = false;
        for (const row of rows) {
          if (stopped || !options.mayStart(row)) {
            stopped = true;
            result.untouched.push(row);
            continue;
          }
          let outcome: Outcome;
          try {
            outcome = await processorOf(processors, row.lane).process(row, round);
          } catch (err) {
            outcome = unexpected(ctx, row, err);
          }
          if (outcome.kind === "retry" && Date.now() - row.received_at > GIVE_UP_AFTER_MS) {
            outcome = { kind: "give_up", error: outcome.error };
          }
          switch (outcome.kind) {
            case "done":
              markers.push(
                doneMarker(row.id, outcome.outcome, { channel: outcome.channel, ts: outcome.ts }),
              );
              result.done.push(row);
              break;
            case "give_up":
              markers.push(doneMarker(row.id, `failed:${outcome.error}`));
              round.activity(gaveUp(row, outcome.error));
              result.done.push(row);
              break;
            case "retry": {
              const attempts = row.attempts + 1;
              const retried: OutboxRow = {
                ...row,
                owner: "",
                attempts,
                suspect: outcome.suspect ?? false,
                not_before: Date.now() + (outcome.delayMs ?? retryDelayMs(attempts)),
                last_error: outcome.error.slice(0, 500),
              };
              retries.push(retried);
              result.retried.push(retried);
              // Per-subject order: the rest of this subject waits for this row.
              stopped = true;
              break;
            }
            case "handover":
              result.handedOver.push(row);
              stopped = true;
              break;
          }
          if (
            markers.length + retries.length >= FLUSH_EVERY ||
            Date.now() - lastFlush > FLUSH_INTERVAL_MS
          ) {
            await flush();
          }
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.parallel, waiting.length) }, worker));
  } finally {
    await flush();
  }
  return result;
}

function gaveUp(row: OutboxRow, error: string): ActivityInput {
  return {
    kind: "error",
    source: row.lane,
    code: error,
    detail: `Gave up delivering ${row.id} after ${row.attempts + 1} attempts: ${error}`,
    context: { row: row.id },
    remediation: "delivery_gave_up",
    id: `gaveup:${row.id}`,
  };
}

function unexpected(ctx: AppContext, row: OutboxRow, err: unknown): Outcome {
  const code = errorCode(err);
  ctx.log.error("delivery_failed", { row: row.id, code, error: err });
  return { kind: "retry", error: code, suspect: err instanceof SlackCallError && err.ambiguous };
}

/** Markers first: a stop after them leaves a row the next drainer deletes, never re-sends. */
async function writeBatch(
  ctx: AppContext,
  b: { markers: LedgerRow[]; retries: OutboxRow[]; ledger: LedgerRow[]; activity: ActivityInput[] },
  settings: Settings,
): Promise<void> {
  if (b.ledger.length || b.markers.length) await writeLedger(ctx, [...b.ledger, ...b.markers]);
  if (b.retries.length) await writeOutbox(ctx, b.retries);
  if (b.activity.length) await recordActivity(ctx, b.activity, settings.language);
}

/** The policy's decision for a failed Slack call, with what the caller knows of the channel. */
export function decide(
  round: Round,
  err: SlackCallError,
  channel: string | null,
  publicChannel: boolean | null = null,
): Decision {
  return decideFailure({
    code: err.code,
    ambiguous: err.ambiguous,
    retryAfterS: err.retryAfterS,
    channel,
    publicChannel,
    joinTried: channel !== null && round.joinTried.has(channel),
  });
}

export { LedgerView };
