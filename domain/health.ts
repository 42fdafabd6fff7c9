/**
 * The health overview's content (W9), decided from activity rows and app state: recent errors
 * grouped by code with counts, ids and their fix; unmatched emails with counts; the channels the
 * reply listeners watch against the ones in use; when each platform last sent events.
 */
import * as z from "zod/mini";
import { normalEmail } from "./email.ts";
import type { LastEvent } from "./health_state.ts";
import { matchRemediation, REMEDIATION, type RemediationCode } from "./i18n/remediation.ts";

export const RECENT_MS = 7 * 86_400_000;
/** Distinct ids kept per error group (the view shows fewer). */
const IDS_PER_GROUP = 20;

/** The activity-log attributes the overview reads (datastores/activity.ts ActivityRow fits). */
export type ActivityEntry = {
  at: number;
  kind: string;
  source: string;
  code: string;
  context_json: string;
  remediation?: string | undefined;
  email?: string | undefined;
  detail?: string | undefined;
};

/** Events a platform sent that were refused or ignored, grouped by reason (P1). */
export type RefusalGroup = {
  kind: "rejected" | "ignored";
  /** The lane: "webinar" or "learning". */
  source: string;
  code: string;
  count: number;
  lastAt: number;
  /** The newest row's precise reason (already scrubbed when recorded). */
  example: string;
};

/** How to show an error's fix: a catalog entry (re-rendered in the reader's language) or as stored. */
export type RemediationRef =
  | { code: RemediationCode; params: Record<string, string> }
  | { text: string };

export type ErrorGroup = {
  code: string;
  count: number;
  lastAt: number;
  remediation: RemediationRef | null;
  /** Distinct [name, value] pairs from the rows' context, newest first. */
  ids: Array<[string, string]>;
  /** A channel error whose channels Session Bridge can post in again (checked when health opens). */
  fixed?: boolean;
  /** Another error whose operation has succeeded since its last occurrence (`markResolved`). */
  resolved?: Resolution;
};

/** What succeeded since an error that was not about a channel. */
export type Resolution = "channel_created" | "events_stored" | "reply_relayed";

/** What health knows, when it opens, of operations that succeeded. */
export type Successes = {
  /** Webinars that have their own channel now. */
  webinarsWithChannel: ReadonlySet<string>;
  /** Per platform ("webinar", "learning"): when a request last had events stored, epoch ms. */
  lastStored: Readonly<Record<string, number | null>>;
  /** When a moderator's reply last reached the platform, epoch ms. */
  lastRelayed: number | null;
};

/** A reply could not reach the platform for a reason that is not the reply's own. */
const RELAY_OUTAGE_CODES: ReadonlySet<string> = new Set([
  "platform_unavailable",
  "platform_not_configured",
  "platform_domain_not_allowed",
]);

/**
 * Marks errors resolved once the same operation succeeded after the error's last occurrence: a
 * channel created for every webinar a `channel_create_failed` error names; events stored again from
 * every platform an `events_not_stored` error names; a reply relayed after a platform outage. Other
 * errors (one event's or one reply's own problem) have no later success to show. Resolved and fixed
 * groups go after the others.
 */
export function markResolved(groups: readonly ErrorGroup[], ok: Successes): ErrorGroup[] {
  const named = (g: ErrorGroup, key: string) => g.ids.filter(([k]) => k === key).map(([, v]) => v);
  const resolution = (g: ErrorGroup): Resolution | null => {
    if (g.fixed) return null;
    const remediation = g.remediation && "code" in g.remediation ? g.remediation.code : null;
    if (remediation === "channel_create_failed") {
      const webinars = named(g, "webinar");
      return webinars.length > 0 && webinars.every((w) => ok.webinarsWithChannel.has(w))
        ? "channel_created"
        : null;
    }
    if (g.code === "events_not_stored") {
      const platforms = named(g, "platform");
      return platforms.length > 0 &&
          platforms.every((p) => (ok.lastStored[p] ?? 0) > g.lastAt)
        ? "events_stored"
        : null;
    }
    if (RELAY_OUTAGE_CODES.has(g.code)) {
      return ok.lastRelayed !== null && ok.lastRelayed > g.lastAt ? "reply_relayed" : null;
    }
    return null;
  };
  const marked = groups.map((g) => {
    const resolved = resolution(g);
    return resolved ? { ...g, resolved } : g;
  });
  const settled = (g: ErrorGroup) => g.fixed === true || g.resolved !== undefined;
  return [...marked.filter((g) => !settled(g)), ...marked.filter(settled)];
}

/** Errors about a channel the app could not post in: fixed once it is a member again. */
export const CHANNEL_ERROR_CODES: ReadonlySet<string> = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
]);

/** The channels a channel error names. */
export function errorChannels(group: ErrorGroup): string[] {
  if (!CHANNEL_ERROR_CODES.has(group.code)) return [];
  return group.ids.filter(([k]) => k === "channel").map(([, v]) => v);
}

/**
 * Marks channel errors fixed when every channel they name is one the app can post in now
 * (`postable`: channel id → member and not archived); fixed groups go after the others.
 */
export function markFixed(
  groups: readonly ErrorGroup[],
  postable: ReadonlyMap<string, boolean>,
): ErrorGroup[] {
  const marked = groups.map((g) => {
    const channels = errorChannels(g);
    const fixed = channels.length > 0 && channels.every((c) => postable.get(c) === true);
    return fixed ? { ...g, fixed } : g;
  });
  return [...marked.filter((g) => !g.fixed), ...marked.filter((g) => g.fixed)];
}

/** What named an unmatched person: a webinar they moderate, or a learning session or event. */
export type NamedBy =
  | { kind: "webinar"; webinar: string; channel?: string }
  | { kind: "session"; title: string }
  | { kind: "event"; event: string };

export type UnmatchedEmail = {
  email: string;
  count: number;
  lastAt: number;
  roles: Array<"moderator" | "learner">;
  /** Distinct, newest first: where admins can look for the person. */
  namedBy: NamedBy[];
};

/** Distinct webinars, sessions or events kept per unmatched email. */
const NAMED_BY_PER_EMAIL = 5;

export type ChannelCoverage = {
  /** Channels attendee threads live in: the configured one and every webinar's own. */
  expected: string[];
  watched: string[];
  /** In use but not watched: replies posted there do not reach attendees. */
  missing: string[];
  /** Watched but no longer in use (harmless). */
  extra: string[];
};

export { LAST_RELAYED, LastEvent, LastRelayed } from "./health_state.ts";

export type HealthReport = {
  now: number;
  errors: ErrorGroup[];
  /** Error rows in the window (may exceed the rows read when `errorsCapped`). */
  errorCount: number;
  errorsCapped: boolean;
  unmatched: UnmatchedEmail[];
  /** Refused and ignored events of the window, grouped by reason, most frequent first. */
  refusals: RefusalGroup[];
  /** Notifications waiting to be delivered, per channel; null when the outbox could not be read. */
  waiting: Waiting[] | null;
  /** More rows wait than health reads: the counts are of the first ones. */
  waitingCapped?: boolean;
  /** null when the reply listeners could not be read. */
  channels: ChannelCoverage | null;
  lastEvents: { webinar: LastEvent | null; learning: LastEvent | null };
};

const Context = z.record(z.string(), z.union([z.string(), z.number()]));

function contextIds(json: string): Array<[string, string]> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  const parsed = Context.safeParse(raw);
  return parsed.success ? Object.entries(parsed.data).map(([k, v]) => [k, String(v)]) : [];
}

/** The fix to show: the recorded text recognised in the catalog, else the code's entry, else as stored. */
export function remediationFor(
  code: string,
  stored: string | undefined,
  ids: ReadonlyArray<[string, string]>,
): RemediationRef | null {
  if (stored) {
    const matched = matchRemediation(stored);
    if (matched) return matched;
  }
  if (code in REMEDIATION) {
    const channel = ids.find(([k]) => k === "channel")?.[1];
    return {
      code: code as RemediationCode, // checked by `in` just above
      params: { code, ...(channel ? { channel: `<#${channel}>` } : {}) },
    };
  }
  return stored ? { text: stored } : null;
}

/** Errors of the last 7 days, grouped by code, newest group first. */
export function groupErrors(rows: readonly ActivityEntry[], now: number): ErrorGroup[] {
  const recent = rows
    .filter((r) => r.kind === "error" && r.at >= now - RECENT_MS)
    .sort((a, b) => b.at - a.at);
  const groups = new Map<string, ErrorGroup & { seen: Set<string> }>();
  for (const row of recent) {
    const ids = contextIds(row.context_json);
    let group = groups.get(row.code);
    if (!group) {
      group = {
        code: row.code,
        count: 0,
        lastAt: row.at,
        remediation: remediationFor(row.code, row.remediation, ids),
        ids: [],
        seen: new Set(),
      };
      groups.set(row.code, group);
    }
    group.count++;
    for (const [k, v] of ids) {
      const key = `${k}=${v}`;
      if (group.seen.has(key) || group.ids.length >= IDS_PER_GROUP) continue;
      group.seen.add(key);
      group.ids.push([k, v]);
    }
  }
  return [...groups.values()].map(({ seen: _seen, ...g }) => g);
}

/**
 * Refused and ignored events of the last 7 days, grouped by kind, platform and reason code, with
 * counts and the newest row's precise reason as the example; most frequent first.
 */
export function groupRefusals(rows: readonly ActivityEntry[], now: number): RefusalGroup[] {
  const groups = new Map<string, RefusalGroup>();
  for (const row of [...rows].sort((a, b) => b.at - a.at)) {
    if ((row.kind !== "rejected" && row.kind !== "ignored") || row.at < now - RECENT_MS) continue;
    const key = `${row.kind}\u0000${row.source}\u0000${row.code}`;
    const group = groups.get(key);
    if (group) group.count++;
    else {
      groups.set(key, {
        kind: row.kind,
        source: row.source,
        code: row.code,
        count: 1,
        lastAt: row.at,
        example: row.detail ?? "",
      });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}

/** Notifications accepted but not delivered yet, per channel (learners' DMs as one line). */
export type Waiting = {
  /** The channel the rows will post in; null for learners' direct messages, or a channel to create. */
  channel: string | null;
  lane: "webinar" | "learning";
  count: number;
  /** The newest failure among them, if any was tried. */
  lastError: string | null;
};

/** An outbox row as health reads it (datastores/outbox.ts OutboxRow fits). */
export type WaitingRow = {
  lane: "webinar" | "learning";
  subject: string;
  received_at: number;
  last_error?: string | undefined;
};

/**
 * Waiting notifications per channel, most first. A webinar's rows go to its own channel in "a
 * channel per webinar" mode, else to the configured one (threads opened before a settings change
 * stay where they are: this is where new ones go).
 */
export function waitingByChannel(
  rows: readonly WaitingRow[],
  target: { channelMode: "single" | "per_webinar"; channelId: string | null },
  webinarChannels: ReadonlyMap<string, string>,
): Waiting[] {
  const out = new Map<string, Waiting & { lastAt: number }>();
  for (const row of rows) {
    let channel: string | null = null;
    if (row.lane === "webinar") {
      const webinarId = row.subject.split(":")[1] ?? "";
      channel = target.channelMode === "per_webinar"
        ? webinarChannels.get(webinarId) ?? null
        : target.channelId;
    }
    const key = `${row.lane}:${channel ?? ""}`;
    const entry = out.get(key) ??
      { channel, lane: row.lane, count: 0, lastError: null, lastAt: -Infinity };
    entry.count++;
    if (row.last_error && row.received_at >= entry.lastAt) {
      entry.lastError = row.last_error;
      entry.lastAt = row.received_at;
    }
    out.set(key, entry);
  }
  return [...out.values()].map(({ lastAt: _lastAt, ...w }) => w).sort((a, b) => b.count - a.count);
}

/** The webinar (moderators) or the session, else the event (learners) a row was recorded for. */
function namedBy(row: ActivityEntry): NamedBy | null {
  const ids = Object.fromEntries(contextIds(row.context_json));
  if (ids.webinar) {
    return {
      kind: "webinar",
      webinar: ids.webinar,
      ...(ids.channel ? { channel: ids.channel } : {}),
    };
  }
  if (ids.session) return { kind: "session", title: ids.session };
  if (ids.event) return { kind: "event", event: ids.event };
  return null;
}

/** Unmatched emails (moderators and learners), most frequent first, with what named them. */
export function groupUnmatched(rows: readonly ActivityEntry[]): UnmatchedEmail[] {
  const byEmail = new Map<string, UnmatchedEmail>();
  for (const row of [...rows].sort((a, b) => b.at - a.at)) {
    if (row.kind !== "unmatched_email" || !row.email) continue;
    const email = normalEmail(row.email);
    const entry = byEmail.get(email) ?? { email, count: 0, lastAt: 0, roles: [], namedBy: [] };
    entry.count++;
    entry.lastAt = Math.max(entry.lastAt, row.at);
    const role = row.code === "learner_not_in_slack" || row.source === "learning"
      ? "learner"
      : "moderator";
    if (!entry.roles.includes(role)) {
      entry.roles.push(role);
      entry.roles.sort((a, b) => (a === "moderator" ? 0 : 1) - (b === "moderator" ? 0 : 1));
    }
    const by = namedBy(row);
    if (
      by && entry.namedBy.length < NAMED_BY_PER_EMAIL &&
      !entry.namedBy.some((seen) => JSON.stringify(seen) === JSON.stringify(by))
    ) entry.namedBy.push(by);
    byEmail.set(email, entry);
  }
  return [...byEmail.values()].sort((a, b) =>
    b.count - a.count || b.lastAt - a.lastAt || a.email.localeCompare(b.email)
  );
}

export function channelCoverage(
  expected: readonly string[],
  watched: readonly string[],
): ChannelCoverage {
  const want = [...new Set(expected.filter(Boolean))];
  const have = [...new Set(watched.filter(Boolean))];
  return {
    expected: want,
    watched: have,
    missing: want.filter((c) => !have.includes(c)),
    extra: have.filter((c) => !want.includes(c)),
  };
}
