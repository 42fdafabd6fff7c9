/**
 * Typed access to the ledger (datastores/ledger.ts): the key of each row kind, its shape, and a
 * view of rows read in one bulk call, so an event's marker, thread, webinar, person and the app's
 * state come back together.
 */
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { SlackCtx } from "../slack/client.ts";
import { getRows, putRows } from "./records.ts";
import { LEDGER } from "./specs.ts";

/** Done markers and reply markers last at least this long: a platform's late retry has one effect. */
export const MARKER_KEEP_S = 30 * 86_400;

export const ledgerKey = {
  done: (outboxId: string): string => `done:${outboxId}`,
  reply: (channelId: string, ts: string): string => `reply:${channelId}:${ts}`,
  attendee: (webinarId: string, attendeeId: string): string => `att:${webinarId}:${attendeeId}`,
  message: (channelId: string, ts: string): string => `msg:${channelId}:${ts}`,
  webinar: (webinarId: string): string => `web:${webinarId}`,
  person: (emailHash: string): string => `person:${emailHash}`,
  state: (name: string): string => `state:${name}`,
} as const;

/** A thread anchor: the attendee's thread, found from the attendee (`att:`) or its parent (`msg:`). */
export type Anchor = {
  webinarId: string;
  attendeeId: string;
  attendeeName: string;
  channelId: string;
  threadTs: string;
  openedBy: string | null;
  /** When the attendee registered, if the registration opened the thread. */
  registeredAt?: number | null;
  /** The join time the parent shows; null until it shows one (W1). */
  joinedAt?: number | null;
};

export function anchorFrom(row: LedgerRow | undefined | null): Anchor | null {
  if (!row?.channel_id || !row.thread_ts || !row.webinar_id || !row.attendee_id) return null;
  return {
    webinarId: row.webinar_id,
    attendeeId: row.attendee_id,
    attendeeName: row.attendee_name ?? "",
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    openedBy: row.opened_by ?? null,
    registeredAt: row.registered_at ?? null,
    joinedAt: row.joined_at ?? null,
  };
}

/** The two rows of a new thread: by attendee (for later events) and by parent (for replies). */
export function anchorRows(a: Anchor, now = Date.now()): LedgerRow[] {
  const base = {
    webinar_id: a.webinarId,
    attendee_id: a.attendeeId,
    attendee_name: a.attendeeName.slice(0, 200),
    channel_id: a.channelId,
    thread_ts: a.threadTs,
    ...(a.openedBy ? { opened_by: a.openedBy } : {}),
    ...(typeof a.registeredAt === "number" ? { registered_at: a.registeredAt } : {}),
    ...(typeof a.joinedAt === "number" ? { joined_at: a.joinedAt } : {}),
    at: now,
  };
  return [
    { id: ledgerKey.attendee(a.webinarId, a.attendeeId), ...base },
    { id: ledgerKey.message(a.channelId, a.threadTs), ...base },
  ];
}

export function doneMarker(
  outboxId: string,
  outcome: string,
  where: { channel?: string; ts?: string } = {},
  now = Date.now(),
): LedgerRow {
  return {
    id: ledgerKey.done(outboxId),
    outcome: outcome.slice(0, 200),
    ...(where.channel ? { channel_id: where.channel } : {}),
    ...(where.ts ? { ts: where.ts } : {}),
    at: now,
    expires_at: Math.floor(now / 1000) + MARKER_KEEP_S,
  };
}

/** Rows read together; `get` answers from the view, `set` keeps it current after a write. */
export class LedgerView {
  readonly #rows = new Map<string, LedgerRow>();
  readonly #asked = new Set<string>();

  constructor(rows: Iterable<LedgerRow> = [], asked: Iterable<string> = []) {
    for (const id of asked) this.#asked.add(id);
    for (const r of rows) this.set(r);
  }

  get(id: string): LedgerRow | null {
    return this.#rows.get(id) ?? null;
  }

  /** Whether the view read this id (a missing row then means "absent", not "unknown"). */
  knows(id: string): boolean {
    return this.#asked.has(id);
  }

  set(row: LedgerRow): void {
    this.#rows.set(row.id, row);
    this.#asked.add(row.id);
  }

  /** Reads the ids this view does not know yet (bulk, 25 a call) and adds them. */
  async fill(ctx: SlackCtx, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.#asked.has(id));
    if (missing.length === 0) return;
    const found = await getRows(ctx, LEDGER, missing);
    for (const id of missing) this.#asked.add(id);
    for (const row of found.values()) this.#rows.set(row.id, row);
  }
}

export async function readLedger(ctx: SlackCtx, ids: Iterable<string>): Promise<LedgerView> {
  const view = new LedgerView();
  await view.fill(ctx, ids);
  return view;
}

export async function writeLedger(
  ctx: SlackCtx,
  rows: readonly LedgerRow[],
  view?: LedgerView,
): Promise<void> {
  // The last row for an id wins, as it would in the datastore.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  if (unique.length === 0) return;
  await putRows(ctx, LEDGER, unique);
  for (const r of unique) view?.set(r);
}
