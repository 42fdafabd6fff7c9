/**
 * Accepting a platform's webhook request (P1, P2, P3): check the shared secret, read each event,
 * record rejected and ignored ones with a precise reason, keep the valid ones in the outbox (keyed by
 * event id, so a platform's retry does not add a copy), then deliver as much as the time allows.
 */
import { readBatch } from "../domain/batch.ts";
import type { OutboxRow } from "../datastores/outbox.ts";
import { type ActivityInput, recordActivity } from "./activity.ts";
import type { AppContext } from "./context.ts";
import { writeState } from "./datastore/app_state.ts";
import { putRows } from "./datastore/records.ts";
import { OUTBOX } from "./datastore/specs.ts";
import { loadSettings } from "./datastore/settings_store.ts";
import { drain } from "./drain.ts";
import { type Lane, outboxRow, REORDER_WINDOW_MS } from "./outbox.ts";
import { PROCESSORS } from "./processors.ts";

export type Parsed<E> =
  | { kind: "valid"; event: E }
  | { kind: "invalid"; id: string | null; reason: string }
  | { kind: "unknown_type"; id: string | null; type: string };

export type IngestSpec<E> = {
  lane: Lane;
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
  const now = Date.now();
  const rows: OutboxRow[] = [];
  const notes: ActivityInput[] = [];
  let rejected = 0;
  let ignored = 0;
  for (const [i, result] of batch.results.entries()) {
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
    const problem = spec.check?.(result.event, now);
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
    rows.push(
      outboxRow({
        lane: spec.lane,
        ...meta,
        event: result.event,
        notBefore: now + ctx.ms(REORDER_WINDOW_MS),
      }, now),
    );
  }
  // Two copies of one event in the same request are one event.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  if (unique.length > 0) await putRows(ctx, OUTBOX, unique);
  if (notes.length > 0) await recordActivity(ctx, notes, (await loadSettings(ctx)).language);
  await writeState(ctx, `last_event:${spec.lane}`, {
    at: now,
    accepted: unique.length,
    rejected,
    ignored,
  });
  ctx.log.info("events_received", { lane: spec.lane, accepted: unique.length, rejected, ignored });
  let status = unique.length > 0 ? "accepted" : rejected > 0 ? "rejected" : "ignored";
  if (unique.length > 0) {
    const report = await drain(ctx, PROCESSORS, { reason: `ingest:${spec.lane}` });
    status = `accepted:${report.status}`;
  }
  return { status, accepted: unique.length, rejected, ignored };
}
