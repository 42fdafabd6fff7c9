/**
 * Finding a learner for a learning event (L2, L5, P4): their Slack user by email (from the ledger's
 * person rows, or Slack), their locale, the types they muted, and the app's DM with them.
 */
import * as z from "zod/mini";
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { Learner } from "../../domain/learning/plan.ts";
import type { LedgerView } from "../datastore/ledger.ts";
import { findPeople, normalEmail, type Person, personKey, personRow } from "../people.ts";
import { slackCall, type SlackCtx } from "../slack/client.ts";

const Opened = z.object({ channel: z.object({ id: z.string().check(z.minLength(1)) }) });

export type FoundLearner = { email: string; person: Person; learner: Learner };

export { normalEmail };

/**
 * Looks up each email once; null for an email that matches nobody usable in Slack. `rows` are the
 * person rows learned now, for the caller to write with its next batch.
 */
export async function findLearners(
  ctx: SlackCtx,
  emails: readonly string[],
  view?: LedgerView,
): Promise<{ learners: Map<string, FoundLearner | null>; rows: LedgerRow[] }> {
  const found = await findPeople(ctx, emails, { withLocale: true, ...(view ? { view } : {}) });
  const learners = new Map<string, FoundLearner | null>();
  for (const [email, person] of found.people) {
    learners.set(
      email,
      person
        ? {
          email,
          person,
          learner: {
            userId: person.userId,
            slackLocale: person.locale,
            isBot: false,
            muted: person.muted,
          },
        }
        : null,
    );
  }
  return { learners, rows: found.rows };
}

/**
 * The app's DM with the learner (its Messages tab): its D… id, needed to look for an earlier attempt
 * in the history and to schedule in it. Opened once (conversations.open), then kept with the person;
 * `remember` gets the updated person row.
 */
export async function dmChannelFor(
  ctx: SlackCtx,
  found: FoundLearner,
  options: { fresh?: boolean; remember(row: LedgerRow): void },
): Promise<string> {
  if (found.person.dmChannelId && !options.fresh) return found.person.dmChannelId;
  const res = Opened.safeParse(
    await slackCall(ctx, "conversations.open", { users: found.person.userId }),
  );
  if (!res.success) {
    throw new TypeError("Cannot open a DM: conversations.open returned no channel id");
  }
  const id = res.data.channel.id;
  found.person.dmChannelId = id;
  options.remember(personRow(await personKey(found.email), found.person));
  return id;
}
