/**
 * Slack people by email (L2 learners, W6 moderators), with what the app keeps about each in the
 * ledger (`person:<sha-256 of the email>`): their user id and locale (looked up again after a day;
 * an unmatched email after an hour), the app's DM with them, and the notification types they muted
 * (L5). A hit costs nothing beyond the bulk read the event makes anyway; a miss costs
 * users.lookupByEmail (+ users.info for the locale). Emails never become datastore keys; they are
 * compared as Slack does (domain/email.ts: ASCII letters without case, others as written).
 */
import type { LedgerRow } from "../datastores/ledger.ts";
import { normalEmail } from "../domain/email.ts";
import { NOTIFICATION_TYPES, type NotificationType } from "../domain/settings.ts";
import { ledgerKey, LedgerView, writeLedger } from "./datastore/ledger.ts";
import { slackCall, SlackCallError, type SlackCtx } from "./slack/client.ts";

export type Person = {
  userId: string;
  locale: string | null;
  /** The app's DM with this person, when known (saves a conversations.open). */
  dmChannelId: string | null;
  muted: NotificationType[];
};

const FOUND_FOR_MS = 24 * 3_600_000;
const MISSING_FOR_MS = 3_600_000;
/** A person row with nothing chosen by the person goes after a month unused. */
const KEEP_S = 30 * 86_400;

export { normalEmail };

/** The ledger id of an email's person row. */
export async function personKey(email: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(normalEmail(email)),
  );
  return ledgerKey.person(
    Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
  );
}

const knownTypes = (values: readonly string[] | undefined): NotificationType[] =>
  NOTIFICATION_TYPES.filter((t) => values?.includes(t));

/** A person row as written: rows holding a choice of the person's never expire. */
export function personRow(
  id: string,
  p: { userId: string; locale?: string | null; dmChannelId?: string | null; muted?: string[] },
  now = Date.now(),
): LedgerRow {
  const muted = knownTypes(p.muted);
  return {
    id,
    user_id: p.userId,
    ...(p.locale ? { locale: p.locale } : {}),
    ...(p.dmChannelId ? { dm_channel_id: p.dmChannelId } : {}),
    ...(muted.length > 0 ? { muted } : { expires_at: Math.floor(now / 1000) + KEEP_S }),
    at: now,
  };
}

export function personFrom(row: LedgerRow): Person | null {
  if (!row.user_id) return null;
  return {
    userId: row.user_id,
    locale: row.locale ?? null,
    dmChannelId: row.dm_channel_id ?? null,
    muted: knownTypes(row.muted),
  };
}

/** Whether what the ledger knows of a person is missing or too old to use. */
export function needsLookup(
  row: LedgerRow | null | undefined,
  withLocale: boolean,
  now = Date.now(),
): boolean {
  if (!row) return true;
  if (row.at <= now - (row.user_id ? FOUND_FOR_MS : MISSING_FOR_MS)) return true;
  return !!row.user_id && withLocale && !row.locale;
}

export type FoundPeople = {
  /** By normalised email; null means nobody in Slack has it. */
  people: Map<string, Person | null>;
  /** Person rows to write (lookups made now); the caller writes them with its next batch. */
  rows: LedgerRow[];
};

/**
 * Looks up each email once, from `view` (read now for the ids it lacks) and Slack for the misses.
 * `withLocale` also fetches the locale of a person found by email (users.info).
 */
export async function findPeople(
  ctx: SlackCtx,
  emails: readonly string[],
  options: { withLocale: boolean; view?: LedgerView },
): Promise<FoundPeople> {
  const unique = [...new Set(emails.map(normalEmail))];
  const keys = new Map<string, string>();
  for (const e of unique) keys.set(e, await personKey(e));
  const view = options.view ?? new LedgerView();
  await view.fill(ctx, keys.values());
  const out: FoundPeople = { people: new Map(), rows: [] };
  const now = Date.now();
  for (const email of unique) {
    const key = keys.get(email)!;
    const hit = view.get(key);
    if (hit && !needsLookup(hit, options.withLocale, now)) {
      out.people.set(email, personFrom(hit));
      continue;
    }
    let found: { userId: string; isBot: boolean } | null = null;
    try {
      const res = await slackCall(ctx, "users.lookupByEmail", { email });
      const user = res.user as { id: string; is_bot?: boolean; deleted?: boolean };
      found = user.deleted ? null : { userId: user.id, isBot: !!user.is_bot };
    } catch (err) {
      if (!(err instanceof SlackCallError) || err.code !== "users_not_found") throw err;
    }
    let locale: string | null = null;
    if (found && !found.isBot && options.withLocale) {
      const info = await slackCall(ctx, "users.info", { user: found.userId, include_locale: true });
      locale = ((info.user as { locale?: string }).locale) ?? null;
    }
    // The DM channel stays valid for as long as the user id does; the person's choices stay too.
    const same = hit?.user_id && hit.user_id === found?.userId;
    const row = personRow(key, {
      userId: found && !found.isBot ? found.userId : "",
      locale,
      dmChannelId: same ? hit?.dm_channel_id : null,
      muted: hit?.muted ?? [],
    }, now);
    out.rows.push(row);
    view.set(row);
    // A bot is nobody a notification or an invitation is for: cached as unmatched.
    out.people.set(email, found && !found.isBot ? personFrom(row) : null);
  }
  return out;
}

/** findPeople, writing what it learned at once (callers outside a delivery batch). */
export async function findPeopleNow(
  ctx: SlackCtx,
  emails: readonly string[],
  options: { withLocale: boolean },
): Promise<Map<string, Person | null>> {
  const found = await findPeople(ctx, emails, options);
  await writeLedger(ctx, found.rows);
  return found.people;
}
