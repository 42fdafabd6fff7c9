/**
 * Outbox rows (datastores/outbox.ts): how an accepted event becomes a row, the order of rows within
 * a subject, who holds a row, and the reads and writes the ingest and the drainer make on them.
 */
import type { OutboxRow } from "../datastores/outbox.ts";
import { heldByIngest } from "../domain/claim.ts";
import type { SlackCtx } from "./slack/client.ts";
import { deleteRows, putRows, queryAll } from "./datastore/records.ts";
import { OUTBOX } from "./datastore/specs.ts";

export type Lane = OutboxRow["lane"];

/** A row is kept at most this long; after GIVE_UP_AFTER_MS of failing it is set aside and reported. */
const KEEP_S = 8 * 86_400;
export const GIVE_UP_AFTER_MS = 7 * 86_400_000;

/**
 * An ingest run holds the rows it accepted this long: beyond any function's 60 s, so nobody else
 * takes them while the run may still deliver them, and the drainer takes them if the run died.
 */
export const INGEST_HOLD_MS = 90_000;

const pad = (n: number, width: number) => String(Math.max(0, Math.floor(n))).padStart(width, "0");

/**
 * The order of rows within a subject: when the event happened, then when it arrived, then its
 * place in its request (platforms stamp to the second), then its id.
 */
export function orderKey(
  occurredAt: number,
  receivedAt: number,
  position: number,
  eventId: string,
): string {
  return `${pad(occurredAt, 15)}:${pad(receivedAt, 15)}:${pad(position, 5)}:${eventId}`;
}

export function outboxRow(
  input: {
    lane: Lane;
    eventId: string;
    occurredAt: number;
    position: number;
    subject: string;
    event: unknown;
    owner: string;
    notBefore: number;
  },
  now = Date.now(),
): OutboxRow {
  return {
    id: `${input.lane}:${input.eventId}`,
    lane: input.lane,
    subject: input.subject,
    order_key: orderKey(input.occurredAt, now, input.position, input.eventId),
    event_json: JSON.stringify(input.event),
    received_at: now,
    written_at: now,
    attempts: 0,
    not_before: input.notBefore,
    owner: input.owner,
    suspect: false,
    expires_at: Math.floor(now / 1000) + KEEP_S,
  };
}

export function byOrder(a: OutboxRow, b: OutboxRow): number {
  return a.order_key < b.order_key ? -1 : a.order_key > b.order_key ? 1 : a.id < b.id ? -1 : 1;
}

/** Rows grouped by subject, each group in delivery order. */
export function bySubject(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const out = new Map<string, OutboxRow[]>();
  for (const r of [...rows].sort(byOrder)) {
    const list = out.get(r.subject);
    if (list) list.push(r);
    else out.set(r.subject, [r]);
  }
  return out;
}

/** Nobody holds it now: due rows of the drainer's, and rows whose holder's time ran out. */
export function takeable(row: Pick<OutboxRow, "not_before">, now = Date.now()): boolean {
  return row.not_before <= now;
}

/** A row whose holder's time ran out before it let go: the holder may have posted it. */
export function orphaned(row: Pick<OutboxRow, "owner" | "not_before">, now = Date.now()): boolean {
  return row.owner !== "" && row.not_before <= now;
}

export { heldByIngest };

/** Every row of the outbox (hash order: callers sort). Big pages: the outbox holds only pending rows. */
export async function scanOutbox(ctx: SlackCtx): Promise<OutboxRow[]> {
  return await queryAll(ctx, OUTBOX, undefined, { pageSize: 1000 });
}

/** Every row of these subjects (a filtered scan; IN takes at most 100 operands). */
export async function rowsOfSubjects(
  ctx: SlackCtx,
  subjects: readonly string[],
): Promise<OutboxRow[]> {
  const out: OutboxRow[] = [];
  const unique = [...new Set(subjects)];
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const values = Object.fromEntries(chunk.map((s, j) => [`:s${j}`, s]));
    out.push(
      ...await queryAll(ctx, OUTBOX, {
        expression: `#s IN (${Object.keys(values).join(", ")})`,
        attributes: { "#s": "subject" },
        values,
      }, { pageSize: 1000 }),
    );
  }
  return out;
}

export async function writeOutbox(ctx: SlackCtx, rows: readonly OutboxRow[]): Promise<void> {
  await putRows(ctx, OUTBOX, rows);
}

export async function removeFromOutbox(ctx: SlackCtx, ids: readonly string[]): Promise<void> {
  await deleteRows(ctx, OUTBOX, ids);
}

/** Hands rows to the drainer: nobody's, due at `dueAt` (now by default). */
export function released(row: OutboxRow, dueAt = Date.now()): OutboxRow {
  return { ...row, owner: "", not_before: dueAt };
}
