/**
 * W6: a webinar's moderators (matched by email) join its channel. An email with no Slack account is
 * recorded for admins, not fatal. If Slack fails, the webinar keeps no `moderators_invited_at` and the
 * next delivery round or the hourly upkeep tries again.
 */
import { Moderators, type WebinarRow } from "../../datastores/webinars.ts";
import type { ActivityInput } from "../activity.ts";
import { recordActivity } from "../activity.ts";
import type { AppContext } from "../context.ts";
import { putRow, queryAll } from "../datastore/records.ts";
import { loadSettings } from "../datastore/settings_store.ts";
import { WEBINARS } from "../datastore/specs.ts";
import { findPeopleNow, type Person } from "../people.ts";
import { slackCall, SlackCallError } from "../slack/client.ts";

/** Invites the webinar's moderators to its channel; returns the updated row, or null to try later. */
export async function inviteModerators(
  ctx: AppContext,
  webinar: WebinarRow,
  activity: (input: ActivityInput) => void,
): Promise<WebinarRow | null> {
  if (!webinar.channel_id) return null;
  const channelId = webinar.channel_id;
  const emails = [
    webinar.primary_moderator_email,
    ...Moderators.parse(JSON.parse(webinar.moderators_json)).map((m) => m.email),
  ];
  let people: Map<string, Person | null>;
  try {
    people = await findPeopleNow(ctx, emails, { withLocale: false });
  } catch (err) {
    if (!(err instanceof SlackCallError)) throw err;
    ctx.log.warn("moderator_lookup_failed", { code: err.code, webinar: webinar.id });
    return null;
  }
  const ids: string[] = [];
  for (const [email, person] of people) {
    if (person) ids.push(person.userId);
    else {
      activity({
        kind: "unmatched_email",
        source: "webinar",
        code: "moderator_not_in_slack",
        detail: `A moderator of webinar ${webinar.id} has no Slack account with that email`,
        context: { webinar: webinar.id, channel: channelId },
        remediation: "moderator_not_in_slack",
        remediationParams: { channel: `#${webinar.channel_name ?? channelId}` },
        email,
        id: `unmatched:moderator:${webinar.id}:${email}`,
      });
    }
  }
  for (let i = 0; i < ids.length; i += 100) {
    try {
      await slackCall(ctx, "conversations.invite", {
        channel: channelId,
        users: ids.slice(i, i + 100).join(","),
        force: true,
      });
    } catch (err) {
      if (!(err instanceof SlackCallError)) throw err;
      if (err.code === "already_in_channel" || err.code === "cant_invite_self") continue;
      activity({
        kind: "error",
        source: "webinar",
        code: err.code,
        detail: `Could not invite moderators to ${channelId}: ${err.code} (tried again later)`,
        context: { channel: channelId, webinar: webinar.id },
        remediation: "unexpected",
        id: `invite:${channelId}:${err.code}`,
      });
      return null;
    }
  }
  const done: WebinarRow = { ...webinar, moderators_invited_at: Date.now() };
  await putRow(ctx, WEBINARS, done);
  return done;
}

/** Hourly upkeep: invitations a failure left undone. */
export async function retryPendingInvites(ctx: AppContext): Promise<number> {
  const pending = await queryAll(ctx, WEBINARS, {
    expression: "attribute_exists(#c) AND attribute_not_exists(#i)",
    attributes: { "#c": "channel_id", "#i": "moderators_invited_at" },
  }, { max: 50 });
  const notes: ActivityInput[] = [];
  let done = 0;
  for (const webinar of pending) {
    if (!ctx.budget.has(5_000)) break;
    if (await inviteModerators(ctx, webinar, (a) => notes.push(a))) done++;
  }
  if (notes.length > 0) await recordActivity(ctx, notes, (await loadSettings(ctx)).language);
  return done;
}
