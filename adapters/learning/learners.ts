/**
 * Finding a learner for a learning event (L2, L5, P4): their Slack user by email (cached), their
 * locale, the types they muted, and the app's DM with them.
 */
import * as z from "zod/mini";
import type { Learner } from "../../domain/learning/plan.ts";
import type { NotificationType } from "../../domain/settings.ts";
import type { AppContext } from "../context.ts";
import { findPeople, type Person, rememberDmChannel } from "../people.ts";
import { slackCall } from "../slack/client.ts";
import { mutedByUser } from "./preferences.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "ms" | "log">;

const Opened = z.object({ channel: z.object({ id: z.string().check(z.minLength(1)) }) });

export type FoundLearner = { person: Person; learner: Learner };

/** Looks up each email once (cache first); null for an email that matches nobody usable in Slack. */
export async function findLearners(
  ctx: Ctx,
  emails: readonly string[],
): Promise<Map<string, FoundLearner | null>> {
  const people = await findPeople(ctx, emails, { withLocale: true });
  const ids = [...people.values()].flatMap((p) => p && !p.isBot ? [p.userId] : []);
  const muted = ids.length > 0
    ? await mutedByUser(ctx, ids)
    : new Map<string, NotificationType[]>();
  const out = new Map<string, FoundLearner | null>();
  for (const [email, person] of people) {
    out.set(
      email,
      person && !person.isBot
        ? {
          person,
          learner: {
            userId: person.userId,
            slackLocale: person.locale,
            isBot: false,
            muted: muted.get(person.userId) ?? [],
          },
        }
        : null,
    );
  }
  return out;
}

/** The emails findPeople keys its answers by. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The app's DM with the learner (its Messages tab). conversations.open gives the D… id, which
 * postOnce needs to look for an earlier attempt in the history; the id is cached with the person.
 */
export async function dmChannelFor(
  ctx: Ctx,
  email: string,
  person: Person,
  options: { fresh?: boolean } = {},
): Promise<string> {
  if (person.dmChannelId && !options.fresh) return person.dmChannelId;
  const res = Opened.safeParse(
    await slackCall(ctx, "conversations.open", { users: person.userId }),
  );
  if (!res.success) {
    throw new TypeError("Cannot open a DM: conversations.open returned no channel id");
  }
  const id = res.data.channel.id;
  try {
    await rememberDmChannel(ctx, email, person, id);
  } catch (err) {
    ctx.log.warn("dm_channel_not_cached", { error: err });
  }
  return id;
}
