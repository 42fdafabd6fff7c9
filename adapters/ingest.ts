/**
 * Accepting a platform's webhook request (P1, P2, P3) and, for a small one, delivering it at once.
 * Checks the shared secret, reads each event, records rejected and ignored ones with a precise
 * reason, and stores the valid ones in the outbox before anything else (Slack answered the platform
 * already). A small request's rows belong to this run: it reads everything they need in one bulk
 * read, posts them in order, marks them done and removes them. An attendee's first events race for
 * their thread with any other run holding first events of theirs (domain/claim.ts). What this run
 * cannot finish, or may not do inline (a subject held by the drainer, a channel to set up, a big
 * request), goes to the drainer, which it wakes (wake_drainer.ts): an ingest loads its own lane's
 * delivery only. docs/reliability.md gives the guarantees.
 */
import type { OutboxRow } from "../datastores/outbox.ts";
import { readBatch } from "../domain/batch.ts";
import { LastEvent } from "../domain/health_state.ts";
import {
  CLAIM_GUARD_MS,
  CLAIM_SETTLE_MS,
  type ClaimDecision,
  decideClaim,
  ingestOwner,
  WRITE_BOUND_MS,
} from "../domain/claim.ts";
import { type ActivityInput, recordActivity } from "./activity.ts";
import { type AppContext, finishing } from "./context.ts";
import { parseState, stateRow } from "./datastore/app_state.ts";
import { getRow, putRow } from "./datastore/records.ts";
import { ledgerKey, type LedgerView, readLedger, writeLedger } from "./datastore/ledger.ts";
import { loadSettings } from "./datastore/settings_store.ts";
import { LEDGER, OUTBOX } from "./datastore/specs.ts";
import { type LaneProcessor, newRound, runSubjects } from "./delivery.ts";
import { HELD_KEY, heldFrom, HeldSchema, isHeld, withHeld } from "./held.ts";
import {
  bySubject,
  INGEST_HOLD_MS,
  type Lane,
  outboxRow,
  released,
  removeFromOutbox,
  rowsOfSubjects,
  writeOutbox,
} from "./outbox.ts";
import { SlackCallError } from "./slack/client.ts";
import { Pacer } from "./slack/pacer.ts";
import { wakeDrainer } from "./wake_drainer.ts";

export type Parsed<E> =
  | { kind: "valid"; event: E }
  | { kind: "invalid"; id: string | null; reason: string }
  | { kind: "unknown_type"; id: string | null; type: string };

export type IngestSpec<E> = {
  lane: Lane;
  /** Delivers the lane's rows inline; what waits is the drainer's (wake_drainer.ts). */
  processor: LaneProcessor;
  secret: string;
  /** The env variable holding the secret, for the remediation text. */
  secretName: string;
  maxEvents: number;
  parse(raw: unknown, where: string): Parsed<E>;
  /** Checks that need the clock or settings (a path step in the past...): a reason, or null. */
  check?(event: E, now: number): { code: string; reason: string } | null;
  describe(event: E): { eventId: string; occurredAt: number; subject: string };
};

export type IngestOutputs = { status: string; accepted: number; rejected: number; ignored: number };

/** How stale the "last event" health shows may get while events keep coming. */
const LAST_EVENT_EVERY_MS = 60_000;

/** Requests with more rows than this go to the drainer at once: it paces them in one place. */
export const INLINE_MAX_ROWS = 10;
/** Inline delivery stops this long before the run's hold on its rows runs out. */
const HOLD_MARGIN_MS = 15_000;

export async function ingest<E>(
  ctx: AppContext,
  spec: IngestSpec<E>,
  inputs: { secret?: unknown; events?: unknown },
): Promise<IngestOutputs> {
  const batch = readBatch(
    inputs,
    spec.secret,
    spec.maxEvents,
    (raw, where) => spec.parse(raw, where),
  );
  if (!batch.ok) {
    const settings = await loadSettings(ctx);
    await recordActivity(ctx, [{
      kind: "rejected",
      source: spec.lane,
      code: batch.reason,
      detail: `A ${spec.lane} webhook request was refused: ${batch.detail}`,
      remediation: batch.reason === "bad_secret" ? "bad_secret" : "invalid_event",
      remediationParams: { secret_name: spec.secretName, detail: batch.detail },
    }], settings.language);
    const count = Array.isArray(inputs.events) ? inputs.events.length : 0;
    return { status: `rejected:${batch.reason}`, accepted: 0, rejected: count, ignored: 0 };
  }
  // Our claim time for new threads: before the read that decides whether a thread exists.
  const startedAt = Date.now();
  const owner = ingestOwner(ctx.runId);
  const { rows, notes, rejected, ignored } = readEvents(spec, batch.results, {
    startedAt,
    owner,
  });
  const lastEvent = stateRow(`last_event:${spec.lane}`, {
    at: startedAt,
    accepted: rows.length,
    rejected,
    ignored,
  });
  ctx.log.info("events_received", { lane: spec.lane, accepted: rows.length, rejected, ignored });
  const counts = { accepted: rows.length, rejected, ignored };
  if (rows.length === 0) {
    await finishNotes(ctx, notes);
    await writeLedger(ctx, [lastEvent]);
    return { status: rejected > 0 ? "rejected" : "ignored", ...counts };
  }
  if (rows.length > INLINE_MAX_ROWS) {
    const status = await acceptForDrainer(ctx, spec.lane, rows, lastEvent);
    await finishNotes(ctx, notes);
    return { status, ...counts };
  }

  // One read for all these rows need (their done markers, threads or people, the held subjects),
  // while the rows are stored: the write does not wait for the read, so a single event reaches
  // Slack one round trip sooner. A platform's retry of done events is stored too, then removed: a
  // rare extra write, and a stored row is never delivered twice (its marker is read before posting).
  const processor = spec.processor;
  let storedAt = Infinity;
  const [view, settings, unstored] = await Promise.all([
    readLedger(ctx, [
      ...rows.map((r) => ledgerKey.done(r.id)),
      ...await processor.ledgerKeys(rows),
      HELD_KEY,
      lastEvent.id,
    ]),
    loadSettings(ctx),
    store(ctx, spec.lane, rows).then((unstored) => {
      storedAt = Date.now();
      return unstored;
    }),
  ]);
  // Health shows when each platform last sent events: a steady stream refreshes it once a minute.
  const known = parseState(ctx, view.get(lastEvent.id), LastEvent);
  const noteLastEvent = !known || known.at < startedAt - LAST_EVENT_EVERY_MS ||
    rejected + ignored > 0;
  const fresh = rows.filter((r) => !view.get(ledgerKey.done(r.id)));
  const done = rows.filter((r) => view.get(ledgerKey.done(r.id))).map((r) => r.id);
  if (unstored.length > 0) {
    await finishNotes(ctx, notes, settings.language);
    return { status: `failed:${unstored.length}_not_stored`, ...counts };
  }
  if (fresh.length === 0) {
    // A platform's retry of events that already had their effect (P3).
    await removeFromOutbox(finishing(ctx), done);
    if (noteLastEvent) await writeLedger(ctx, [lastEvent]);
    await finishNotes(ctx, notes, settings.language);
    return { status: "duplicate", ...counts };
  }
  // Our claim is only as good as its timing: a slow write wins only alone (domain/claim.ts). What
  // counts is when the rows' write returned, not the reads beside it.
  const slow = storedAt - startedAt > WRITE_BOUND_MS;

  const held = heldFrom(ctx, view);
  const inline: OutboxRow[][] = [];
  const claims: OutboxRow[][] = [];
  const toDrainer: OutboxRow[] = [];
  for (const [subject, subjectRows] of bySubject(fresh)) {
    if (isHeld(held, subject)) toDrainer.push(...subjectRows);
    else if (!processor.threads?.opens(subjectRows, view)) inline.push(subjectRows);
    else claims.push(subjectRows);
  }
  const round = newRound(ctx, {
    settings,
    pacer: new Pacer(1000),
    view,
    canPrepare: false,
  });
  if (noteLastEvent) round.remember([lastEvent]);
  const { won, lost } = claims.length > 0 && processor.threads
    ? await claimThreads(ctx, processor.threads, owner, claims, slow)
    : { won: [], lost: [] };
  // What we lost goes to the drainer, which delivers it once the winner is done; looked for first,
  // in case the winner took and posted it.
  toDrainer.push(...lost.map((r) => ({ ...r, suspect: true })));

  const holdEnds = startedAt + INGEST_HOLD_MS - HOLD_MARGIN_MS;
  const result = await runSubjects(round, { [spec.lane]: processor }, [...inline, ...won], {
    // Every subject at once (a request this small has at most INLINE_MAX_ROWS); the anchors of the
    // threads it opens go with the run's marks.
    parallel: INLINE_MAX_ROWS,
    mayStart: () => ctx.budget.has(5_000) && Date.now() < holdEnds,
  });
  const handed = [...toDrainer, ...result.untouched, ...result.handedOver];
  const waiting = [...handed, ...result.retried];
  if (handed.length > 0) {
    await writeOutbox(finishing(ctx), handed.map((r) => ({ ...released(r), suspect: r.suspect })));
  }
  if (waiting.length > 0) {
    // A later event of these subjects must not overtake what waits for the drainer.
    await writeLedger(finishing(ctx), [
      withHeld(await freshHeld(ctx), waiting.map((r) => r.subject)),
    ]);
  }
  if (won.length > 0) {
    // The rows of a thread we opened are our claim: keep them until a run that read "no thread" just
    // before our anchor was written has read them too (domain/claim.ts).
    await ctx.sleep(CLAIM_GUARD_MS);
  }
  await removeFromOutbox(finishing(ctx), [...done, ...result.done.map((r) => r.id)]);
  let status = waiting.length > 0 ? "accepted:queued" : "accepted:delivered";
  if (waiting.length > 0) status = `accepted:${await wakeDrainer(ctx, `ingest:${spec.lane}`)}`;
  await finishNotes(ctx, notes, settings.language);
  ctx.log.info("events_delivered", {
    lane: spec.lane,
    delivered: result.done.length,
    queued: waiting.length,
  });
  return { status, ...counts };
}

function readEvents<E>(
  spec: IngestSpec<E>,
  results: readonly Parsed<E>[],
  at: { startedAt: number; owner: string },
): { rows: OutboxRow[]; notes: ActivityInput[]; rejected: number; ignored: number } {
  const rows = new Map<string, OutboxRow>();
  const notes: ActivityInput[] = [];
  let rejected = 0;
  let ignored = 0;
  for (const [i, result] of results.entries()) {
    if (result.kind === "invalid") {
      rejected++;
      notes.push({
        kind: "rejected",
        source: spec.lane,
        code: "invalid_event",
        detail: result.reason,
        context: { event: result.id ?? `#${i}` },
        remediation: "invalid_event",
        remediationParams: { detail: result.reason },
        ...(result.id ? { id: `rejected:${spec.lane}:${result.id}` } : {}),
      });
      continue;
    }
    if (result.kind === "unknown_type") {
      ignored++;
      notes.push({
        kind: "ignored",
        source: spec.lane,
        code: "unknown_event_type",
        detail: `events[${i}]: type "${result.type}" is not part of the event contract; ignored`,
        context: { event: result.id ?? `#${i}`, type: result.type },
        ...(result.id ? { id: `ignored:${spec.lane}:${result.id}` } : {}),
      });
      continue;
    }
    const problem = spec.check?.(result.event, at.startedAt);
    const meta = spec.describe(result.event);
    if (problem) {
      rejected++;
      notes.push({
        kind: "rejected",
        source: spec.lane,
        code: problem.code,
        detail: `events[${i}]: ${problem.reason}`,
        context: { event: meta.eventId },
        remediation: problem.code === "time_in_past" ? "time_in_past" : "invalid_event",
        remediationParams: { detail: problem.reason },
        id: `rejected:${spec.lane}:${meta.eventId}`,
      });
      continue;
    }
    const row = outboxRow({
      lane: spec.lane,
      ...meta,
      position: i,
      event: result.event,
      owner: at.owner,
      notBefore: at.startedAt + INGEST_HOLD_MS,
    }, at.startedAt);
    // Two copies of one event in the same request are one event, at its first place.
    if (!rows.has(row.id)) rows.set(row.id, row);
  }
  return { rows: [...rows.values()], notes, rejected, ignored };
}

/**
 * Writes the rows to the outbox, waiting out 429s until Slack would stop the function. Returns the
 * ids it could not store (logged and, if the datastore lets it, recorded for admins).
 */
async function store(ctx: AppContext, lane: Lane, rows: readonly OutboxRow[]): Promise<string[]> {
  const unstored: string[] = [];
  const chunks: OutboxRow[][] = [];
  for (let i = 0; i < rows.length; i += 25) chunks.push(rows.slice(i, i + 25));
  // Every chunk at once: a full request is stored in one round trip (or one wait for Retry-After),
  // not four in a row, so a run stopped early has lost as little as possible.
  await Promise.all(chunks.map(async (chunk) => {
    try {
      // Waits out 429s within the run's budget; its margin is kept for the spill below.
      await writeOutbox(ctx, chunk);
      return;
    } catch (err) {
      if (!(err instanceof SlackCallError && err.code === "ratelimited") || chunk.length === 1) {
        ctx.log.error("events_not_stored", { lane, error: err });
        unstored.push(...chunk.map((r) => r.id));
        return;
      }
      ctx.log.warn("events_spilled", { lane, rows: chunk.length, error: err });
    }
    // bulkPut's limit (tier 3) is shared with every run's bulk writes and was spent past this run's
    // time (a flood of big requests does that). apps.datastore.put has its own limit (tier 4): the
    // rows go one per call in the time left. A 429 wrote nothing, so nothing is written twice.
    const puts = await Promise.allSettled(chunk.map((row) => putRow(finishing(ctx), OUTBOX, row)));
    const failed = chunk.flatMap((row, i) => {
      const put = puts[i]!;
      return put.status === "rejected" ? [{ id: row.id, error: put.reason }] : [];
    });
    if (failed.length > 0) {
      ctx.log.error("events_not_stored", { lane, rows: failed.length, error: failed[0]!.error });
      unstored.push(...failed.map((f) => f.id));
    }
  }));
  if (unstored.length > 0) {
    ctx.log.error("events_lost", { lane, count: unstored.length, events: unstored });
    await recordActivity(finishing(ctx), [{
      kind: "error",
      source: lane,
      code: "events_not_stored",
      detail: `Slack's datastore did not take ${unstored.length} accepted events; ` +
        `the platform should send them again: ${unstored.join(", ")}`.slice(0, 1900),
      context: { platform: lane },
      remediation: "unexpected",
      id: `not_stored:${unstored[0]}`,
    }], "en");
  }
  return unstored;
}

/** A big request: every row goes to the drainer, which paces deliveries in one place. */
async function acceptForDrainer(
  ctx: AppContext,
  lane: Lane,
  rows: OutboxRow[],
  lastEvent: ReturnType<typeof stateRow>,
): Promise<string> {
  const mine = rows.map((r) => released(r, r.received_at));
  const unstored = await store(ctx, lane, mine);
  if (unstored.length === rows.length) return `failed:${unstored.length}_not_stored`;
  const stored = mine.filter((r) => !unstored.includes(r.id));
  try {
    await writeLedger(finishing(ctx), [
      withHeld(await freshHeld(ctx), stored.map((r) => r.subject)),
      lastEvent,
    ]);
  } catch (err) {
    // The events are stored: failing the run now would report accepted events as refused. The
    // held row is advice the drainer rewrites from its next full scan (held.ts); until then a
    // later event of these subjects may go inline ahead of them. Health's "last event" waits for
    // the next request.
    ctx.log.warn("held_not_written", { lane, error: err });
  }
  const woken = await wakeDrainer(ctx, `ingest:${lane}`);
  return unstored.length > 0 ? `failed:${unstored.length}_not_stored` : `accepted:${woken}`;
}

/** The held subjects as stored now (they may have changed since this run's first read). */
async function freshHeld(ctx: AppContext) {
  return parseState(ctx, await getRow(ctx, LEDGER, HELD_KEY), HeldSchema) ??
    { subjects: {}, all_until: 0 };
}

/**
 * New threads: our rows are our claim. After the settle time, every run's rows of each subject are
 * visible; the earliest live run opens the thread with all of them, in order.
 */
async function claimThreads(
  ctx: AppContext,
  threads: NonNullable<LaneProcessor["threads"]>,
  owner: string,
  claims: OutboxRow[][],
  slow: boolean,
): Promise<{ won: OutboxRow[][]; lost: OutboxRow[] }> {
  // Our rows' write has returned: a read this long after it sees every run that could have missed
  // them (domain/claim.ts).
  await ctx.sleep(CLAIM_SETTLE_MS);
  const subjects = claims.map((rows) => rows[0]!.subject);
  // A slow run reads the threads again too: a winner whose anchor our first read missed may have let
  // go of its rows since (it keeps them CLAIM_GUARD_MS, measured from a fast write).
  const [seen, anchors] = await Promise.all([
    rowsOfSubjects(ctx, subjects),
    slow ? readLedger(ctx, claims.map((rows) => threads.anchorKey(rows[0]!))) : null,
  ]);
  const bySubjectSeen = bySubject(seen);
  const won: OutboxRow[][] = [];
  const lost: OutboxRow[] = [];
  const take: OutboxRow[] = [];
  const now = Date.now();
  for (const mine of claims) {
    const subject = mine[0]!.subject;
    // Our own rows are there whatever a read shows: we wrote them before the settle time.
    const all = new Map((bySubjectSeen.get(subject) ?? []).map((r) => [r.id, r]));
    for (const r of mine) all.set(r.id, r);
    const decision: ClaimDecision = anchors && !threads.opens(mine, anchors)
      ? { kind: "withdrawn" }
      : decideClaim(owner, [...all.values()], now, { slow });
    if (decision.kind === "win") {
      const taken = decision.take.map((id) => ({ ...all.get(id)!, owner }));
      take.push(...taken);
      won.push(bySubject([...mine, ...taken]).get(subject)!);
    } else {
      ctx.log.info("thread_claim_lost", { subject, to: decision.kind });
      lost.push(...mine);
    }
  }
  // Other runs' rows we deliver become ours first: their run sees it and leaves them.
  if (take.length > 0) await writeOutbox(ctx, take);
  return { won, lost };
}

async function finishNotes(
  ctx: AppContext,
  notes: ActivityInput[],
  language?: Awaited<ReturnType<typeof loadSettings>>["language"],
): Promise<void> {
  if (notes.length === 0) return;
  await recordActivity(ctx, notes, language ?? (await loadSettings(ctx)).language);
}

export type { LedgerView };
