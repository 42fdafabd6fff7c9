/**
 * Reading back an event the ingest stored (outbox and scheduled-step rows). It was validated against
 * its lane's schema when it arrived (adapters/ingest.ts) and stored as that result, so it is read
 * here without the schemas: a bundler keeps every schema of a module it loads, and the drainer would
 * carry them all (~23 KB) for a check its rows already passed. A row that is not such an event (a
 * type this version does not know, JSON edited by hand) reads as null, and its processor gives it up
 * as unreadable_row, as before.
 */
export function readStoredEvent<E extends { id: string; type: string }>(
  json: string,
  types: readonly E["type"][],
): E | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { id, type } = value as { id?: unknown; type?: unknown };
  if (typeof id !== "string" || typeof type !== "string") return null;
  return (types as readonly string[]).includes(type) ? value as E : null;
}
