/**
 * The health overview modal (W9) as pure builders: recent errors grouped by code with their fix in
 * the reader's language, unmatched emails, reply listening and the last events from each platform.
 * Within Block Kit's limits (100 blocks, 3,000 characters per section): long lists end with
 * "and N more". Recorded values (codes, ids, emails) are escaped; only validated ids become mentions.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import * as z from "zod/mini";
import type {
  ChannelCoverage,
  ErrorGroup,
  HealthReport,
  LastEvent,
  NamedBy,
  RefusalGroup,
  RemediationRef,
  Resolution,
  UnmatchedEmail,
  Waiting,
} from "../../domain/health.ts";
import { CONTEXT_LABELS, HEALTH_TEXT as H } from "../../domain/i18n/health.ts";
import { MODAL_TEXT as M } from "../../domain/i18n/modal.ts";
import { type Locale, t, tn } from "../../domain/i18n/mod.ts";
import { REMEDIATION } from "../../domain/i18n/remediation.ts";
import {
  channelMention,
  messageView,
  plain,
  refusedText,
  USER_ID,
} from "../../domain/modal_blocks.ts";
import { clip, escapeMrkdwn, slackDate } from "../../domain/text.ts";
import { metadataCodec } from "../../domain/view_metadata.ts";

export const HEALTH_VIEW = "health_overview";
export const REFUSED_VIEW = "health_overview_refused";
export const HEALTH_REFRESH_ACTION = "health_refresh";
export const HEALTH_RETRY_ACTION = "health_retry_now";
export const HEALTH_RETRY_BLOCK = "health_retry";
export const HEALTH_ACTIONS_BLOCK = "health_actions";

export const HealthMetadata = metadataCodec(
  HEALTH_VIEW,
  z.object({ user: z.string(), locale: z.enum(["en", "fr"]) }),
);

/** Caps that keep the modal well within 100 blocks and each section within 3,000 characters. */
export const MAX_ERROR_GROUPS = 12;
export const MAX_REFUSAL_GROUPS = 8;
export const MAX_IDS_SHOWN = 6;
export const MAX_EMAILS_SHOWN = 30;
export const MAX_CHANNELS_SHOWN = 20;
const SECTION_MAX = 2900;

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text: clip(text, 3000) });
const section = (text: string): KnownBlock => ({ type: "section", text: mrkdwn(text) });
const context = (text: string): KnownBlock => ({ type: "context", elements: [mrkdwn(text)] });
const header = (text: string): KnownBlock => ({ type: "header", text: plain(clip(text, 150)) });

/** Recorded text shown as text: escaped, and without backticks that would break a code span. */
const literal = (text: string, max = 200) => escapeMrkdwn(clip(text.replace(/`/g, "'"), max));

/**
 * Lines joined within a section's limit; what does not fit becomes the "and N more" line.
 * `total` counts lines beyond those given (already capped by the caller).
 */
export function joinWithin(
  lines: readonly string[],
  more: (count: number) => string,
  total = lines.length,
  max = SECTION_MAX,
): string {
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    const room = max - size - (kept.length < total ? 80 : 0);
    if (line.length + 1 > room) break;
    kept.push(line);
    size += line.length + 1;
  }
  const rest = total - kept.length;
  return rest > 0 ? [...kept, more(rest)].join("\n") : kept.join("\n");
}

/** The fix, re-rendered in the reader's language when it is a catalog entry. */
export function remediationText(ref: RemediationRef | null, locale: Locale): string {
  if (!ref) return "";
  if ("text" in ref) return literal(ref.text, 1500);
  const params = Object.fromEntries(
    Object.entries(ref.params).map(([k, v]) => [k, /^<#[CG][A-Z0-9]+>$/.test(v) ? v : literal(v)]),
  );
  // A placeholder the record had no value for reads as an ellipsis, not "{channel}".
  return t(locale, REMEDIATION[ref.code], params).replace(/\{[a-z_]+\}/g, "…");
}

/** An id the error was recorded with: its kind in the reader's language, then the id. */
function idText([key, value]: [string, string], locale: Locale): string {
  const label = Object.hasOwn(CONTEXT_LABELS, key)
    ? t(locale, CONTEXT_LABELS[key]!)
    : literal(key, 40);
  return key === "channel"
    ? `${label} ${channelMention(value)}`
    : `${label} \`${literal(value, 80)}\``;
}

const RESOLVED_TEXT = {
  channel_created: H.resolvedChannelCreated,
  events_stored: H.resolvedEventsStored,
  reply_relayed: H.resolvedReplyRelayed,
} as const satisfies Record<Resolution, unknown>;

function errorBlocks(group: ErrorGroup, locale: Locale): KnownBlock[] {
  const when = slackDate(group.lastAt);
  const times = tn(locale, H.errorTimes, group.count, { when });
  // A fixed or resolved error says so instead of how to fix it.
  const fix = group.fixed
    ? t(locale, H.errorFixed)
    : group.resolved
    ? t(locale, RESOLVED_TEXT[group.resolved])
    : remediationText(group.remediation, locale);
  const blocks: KnownBlock[] = [
    section(`*\`${literal(group.code, 100)}\`* · ${times}${fix ? `\n${clip(fix, 2500)}` : ""}`),
  ];
  if (group.ids.length > 0) {
    const shown = group.ids.slice(0, MAX_IDS_SHOWN).map((id) => idText(id, locale));
    const rest = group.ids.length - shown.length;
    const ids = rest > 0
      ? `${shown.join(", ")} ${t(locale, H.andMore, { count: rest })}`
      : shown.join(", ");
    blocks.push(context(t(locale, H.involved, { ids })));
  }
  return blocks;
}

/** One reason events were refused or ignored: code, kind and platform, count, the latest example. */
function refusalBlock(group: RefusalGroup, locale: Locale): KnownBlock {
  const kind = t(locale, group.kind === "rejected" ? H.refusalRejected : H.refusalIgnored);
  const platform = t(
    locale,
    group.source === "learning" ? H.platformLearning : H.platformWebinar,
  );
  const times = tn(locale, H.errorTimes, group.count, { when: slackDate(group.lastAt) });
  const example = group.example
    ? `\n${t(locale, H.refusalLatest, { example: literal(group.example, 1500) })}`
    : "";
  return section(`*\`${literal(group.code, 100)}\`* (${kind}, ${platform}) · ${times}${example}`);
}

/** MAX_CHANNELS_SHOWN channels, most waiting first, with the newest failure of each. */
export function waitingText(waiting: readonly Waiting[], locale: Locale): string {
  const lines = waiting.map((w) => {
    const where = w.lane === "learning"
      ? t(locale, H.waitingDms)
      : w.channel
      ? channelMention(w.channel)
      : t(locale, H.waitingNoChannel);
    const error = w.lastError
      ? t(locale, H.waitingLastError, { code: literal(w.lastError.split(":")[0] ?? "", 60) })
      : "";
    return `${tn(locale, H.waitingIn, w.count, { where })}${error}`;
  });
  return joinWithin(
    lines.slice(0, MAX_CHANNELS_SHOWN),
    (count) => t(locale, H.andMore, { count }),
    lines.length,
  );
}

function namedByText(by: NamedBy, locale: Locale): string {
  switch (by.kind) {
    case "webinar": {
      const webinar = `\`${literal(by.webinar, 80)}\``;
      return by.channel
        ? t(locale, H.namedByWebinarIn, { webinar, channel: channelMention(by.channel) })
        : t(locale, H.namedByWebinar, { webinar });
    }
    case "session":
      return t(locale, H.namedBySession, { title: literal(by.title, 150) });
    case "event":
      return t(locale, H.namedByEvent, { event: `\`${literal(by.event, 80)}\`` });
  }
}

/** MAX_NAMED_BY_SHOWN webinars, sessions or events per person, then "and N more". */
const MAX_NAMED_BY_SHOWN = 3;

function unmatchedLine(entry: UnmatchedEmail, locale: Locale): string {
  const roles = entry.roles.map((r) => t(locale, r === "learner" ? H.roleLearner : H.roleModerator))
    .join(", ");
  const named = entry.namedBy.slice(0, MAX_NAMED_BY_SHOWN).map((by) => namedByText(by, locale));
  const rest = entry.namedBy.length - named.length;
  if (rest > 0) named.push(t(locale, H.andMore, { count: rest }));
  const line = t(locale, H.unmatchedLine, {
    email: literal(entry.email, 254),
    count: entry.count,
    roles,
    where: named.join(", "),
  });
  // No webinar, session or event recorded (older rows): the line ends after the roles.
  return `• ${named.length > 0 ? line : line.replace(/, $/, "")}`;
}

function mentions(ids: readonly string[], locale: Locale): string {
  const shown = ids.slice(0, MAX_CHANNELS_SHOWN).map(channelMention).join(", ");
  const rest = ids.length - MAX_CHANNELS_SHOWN;
  return rest > 0 ? `${shown} ${t(locale, H.andMore, { count: rest })}` : shown;
}

export function coverageText(coverage: ChannelCoverage | null, locale: Locale): string {
  if (!coverage) return t(locale, H.channelsUnknown, { code: "unavailable" });
  if (coverage.expected.length === 0) return t(locale, H.channelsNone);
  const main = coverage.missing.length === 0
    ? tn(locale, H.channelsAllWatched, coverage.expected.length)
    : t(locale, H.channelsMissing, { channels: mentions(coverage.missing, locale) });
  return coverage.extra.length === 0
    ? main
    : `${main}\n${t(locale, H.channelsExtra, { channels: mentions(coverage.extra, locale) })}`;
}

function lastEventText(platform: string, event: LastEvent | null, locale: Locale): string {
  return event
    ? t(locale, H.lastEvent, {
      platform,
      when: slackDate(event.at),
      accepted: tn(locale, H.countAccepted, event.accepted),
      rejected: tn(locale, H.countRejected, event.rejected),
      ignored: tn(locale, H.countIgnored, event.ignored),
    })
    : t(locale, H.neverEvent, { platform });
}

export function healthBlocks(
  report: HealthReport,
  locale: Locale,
  notice?: string,
): KnownBlock[] {
  const blocks: KnownBlock[] = notice ? [section(literal(notice, 500))] : [];
  blocks.push(header(t(locale, H.errorsHeader)));
  if (report.errors.length === 0) blocks.push(section(t(locale, H.noErrors)));
  for (const group of report.errors.slice(0, MAX_ERROR_GROUPS)) {
    blocks.push(...errorBlocks(group, locale));
  }
  if (report.errors.length > MAX_ERROR_GROUPS) {
    blocks.push(
      context(tn(locale, H.moreErrorKinds, report.errors.length - MAX_ERROR_GROUPS)),
    );
  }
  if (report.errorsCapped) {
    blocks.push(context(tn(locale, H.errorsCapped, report.errorCount)));
  }

  blocks.push({ type: "divider" }, header(t(locale, H.waitingHeader)));
  if (report.waiting === null) {
    blocks.push(section(t(locale, H.waitingUnknown, { code: "unavailable" })));
  } else if (report.waiting.length === 0) blocks.push(section(t(locale, H.noWaiting)));
  else {
    blocks.push(section(waitingText(report.waiting, locale)));
    if (report.waitingCapped) {
      const count = report.waiting.reduce((n, w) => n + w.count, 0);
      blocks.push(context(t(locale, H.waitingCapped, { count })));
    }
    blocks.push(context(t(locale, H.waitingHint)), {
      type: "actions",
      block_id: HEALTH_RETRY_BLOCK,
      elements: [{
        type: "button",
        action_id: HEALTH_RETRY_ACTION,
        style: "primary",
        text: plain(t(locale, H.retryNow)),
      }],
    });
  }

  blocks.push({ type: "divider" }, header(t(locale, H.refusalsHeader)));
  if (report.refusals.length === 0) blocks.push(section(t(locale, H.noRefusals)));
  for (const group of report.refusals.slice(0, MAX_REFUSAL_GROUPS)) {
    blocks.push(refusalBlock(group, locale));
  }
  if (report.refusals.length > MAX_REFUSAL_GROUPS) {
    blocks.push(
      context(tn(locale, H.moreRefusalKinds, report.refusals.length - MAX_REFUSAL_GROUPS)),
    );
  }

  blocks.push({ type: "divider" }, header(t(locale, H.unmatchedHeader)));
  if (report.unmatched.length === 0) blocks.push(section(t(locale, H.noUnmatched)));
  else {
    blocks.push(section(t(locale, H.unmatchedIntro)));
    const lines = report.unmatched.slice(0, MAX_EMAILS_SHOWN).map((e) => unmatchedLine(e, locale));
    blocks.push(section(joinWithin(
      lines,
      (count) => tn(locale, H.moreEmails, count),
      report.unmatched.length,
    )));
  }

  blocks.push(
    { type: "divider" },
    header(t(locale, H.channelsHeader)),
    section(coverageText(report.channels, locale)),
    { type: "divider" },
    header(t(locale, H.eventsHeader)),
    section([
      lastEventText(t(locale, H.platformWebinar), report.lastEvents.webinar, locale),
      lastEventText(t(locale, H.platformLearning), report.lastEvents.learning, locale),
    ].join("\n")),
    {
      type: "actions",
      block_id: HEALTH_ACTIONS_BLOCK,
      elements: [{
        type: "button",
        action_id: HEALTH_REFRESH_ACTION,
        text: plain(t(locale, H.refresh)),
      }],
    },
  );
  return blocks.slice(0, 100);
}

function shell(
  options: { locale: Locale; user: string; blocks: KnownBlock[] },
): ModalView {
  return {
    type: "modal",
    callback_id: HEALTH_VIEW,
    notify_on_close: true,
    title: plain(t(options.locale, H.healthTitle)),
    close: plain(t(options.locale, M.close)),
    private_metadata: HealthMetadata.encode({ user: options.user, locale: options.locale }),
    blocks: options.blocks,
  };
}

/** Opened at once (the pointer lives ~3 s); the report replaces it when gathered. */
export function loadingView(locale: Locale, user: string): ModalView {
  return shell({ locale, user, blocks: [section(t(locale, M.loading))] });
}

export function healthView(
  report: HealthReport,
  locale: Locale,
  user: string,
  notice?: string,
): ModalView {
  return shell({ locale, user, blocks: healthBlocks(report, locale, notice) });
}

export function loadFailedView(locale: Locale, user: string, ref: string): ModalView {
  return shell({ locale, user, blocks: [section(t(locale, M.loadFailed, { ref }))] });
}

export function refusedView(locale: Locale, admins: readonly string[]): ModalView {
  return messageView({
    callbackId: REFUSED_VIEW,
    title: t(locale, H.healthTitle),
    text: refusedText(locale, admins.filter((id) => USER_ID.test(id)), "health"),
    locale,
    mrkdwn: true,
  });
}
