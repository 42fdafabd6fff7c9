/**
 * Finding Slack people by email (L2 learners, W6 moderators), with a cache that expires: a hit
 * costs one bulk read instead of users.lookupByEmail (+ users.info for the locale). The cache key is a
 * SHA-256 of the email, so emails do not become datastore keys.
 */
import type { PersonRow } from "../datastores/people.ts";
import type { AppContext } from "./context.ts";
import { getRows, putRow, putRows } from "./datastore/records.ts";
import { PEOPLE } from "./datastore/specs.ts";
import { slackCall, SlackCallError } from "./slack/client.ts";

export type Person = {
  userId: string;
  locale: string | null;
  isBot: boolean;
  /** The app's DM with this person, when known (saves a conversations.open). */
  dmChannelId?: string | null;
};

const FOUND_TTL_S = 24 * 3600;
const MISSING_TTL_S = 3600;

type Ctx = Pick<AppContext, "client" | "budget" | "ms" | "log">;

export async function emailKey(email: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(email.trim().toLowerCase()),
  );
  return `email:${
    Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
  }`;
}

/** Looks up each email once; null means nobody in Slack has it. */
export async function findPeople(
  ctx: Ctx,
  emails: readonly string[],
  options: { withLocale: boolean },
): Promise<Map<string, Person | null>> {
  const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const keys = new Map<string, string>();
  for (const e of unique) keys.set(e, await emailKey(e));
  const cached = await getRows(ctx, PEOPLE, [...keys.values()]);
  const out = new Map<string, Person | null>();
  const fresh: PersonRow[] = [];
  const nowS = Math.floor(Date.now() / 1000);
  for (const email of unique) {
    const key = keys.get(email)!;
    const hit = cached.get(key);
    if (hit && (hit.user_id === "" || !options.withLocale || hit.locale)) {
      out.set(
        email,
        hit.user_id
          ? {
            userId: hit.user_id,
            locale: hit.locale ?? null,
            isBot: false,
            dmChannelId: hit.dm_channel_id || null,
          }
          : null,
      );
      continue;
    }
    let person: Person | null = null;
    try {
      const res = await slackCall(ctx, "users.lookupByEmail", { email });
      const user = res.user as { id: string; is_bot?: boolean; deleted?: boolean };
      person = user.deleted ? null : { userId: user.id, locale: null, isBot: !!user.is_bot };
    } catch (err) {
      if (!(err instanceof SlackCallError) || err.code !== "users_not_found") throw err;
    }
    if (person && options.withLocale) {
      const info = await slackCall(ctx, "users.info", {
        user: person.userId,
        include_locale: true,
      });
      person.locale = ((info.user as { locale?: string }).locale) ?? null;
    }
    // The DM channel stays valid for as long as the user id does.
    const dm = hit && person && hit.user_id === person.userId ? hit.dm_channel_id : undefined;
    if (person && dm) person.dmChannelId = dm;
    out.set(email, person);
    fresh.push({
      id: key,
      user_id: person?.userId ?? "",
      ...(person?.locale ? { locale: person.locale } : {}),
      ...(dm ? { dm_channel_id: dm } : {}),
      expires_at: nowS + (person ? FOUND_TTL_S : MISSING_TTL_S),
    });
  }
  if (fresh.length > 0) await putRows(ctx, PEOPLE, fresh);
  return out;
}

/** Keeps the app's DM channel with a person in their cache entry (L2, L6: one conversations.open). */
export async function rememberDmChannel(
  ctx: Ctx,
  email: string,
  person: Person,
  channelId: string,
): Promise<void> {
  await putRow(ctx, PEOPLE, {
    id: await emailKey(email),
    user_id: person.userId,
    ...(person.locale ? { locale: person.locale } : {}),
    dm_channel_id: channelId,
    expires_at: Math.floor(Date.now() / 1000) + FOUND_TTL_S,
  });
  person.dmChannelId = channelId;
}
