/**
 * Where learners manage their notifications (L5): the shortcut URL of the “My
 * notifications” link trigger, found with workflows.triggers.list and kept in app_state (a found
 * link is re-checked daily, a missing one every 10 minutes, so a trigger created later shows up).
 */
import * as z from "zod/mini";
import { WORKFLOWS } from "../../domain/app_ids.ts";
import { safeUrl } from "../../domain/text.ts";
import type { AppContext } from "../context.ts";
import { readState, stateFrom, stateKey, writeState } from "../datastore/app_state.ts";
import type { LedgerView } from "../datastore/ledger.ts";
import { slackCall } from "../slack/client.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export const PREFERENCES_LINK_STATE = "learner_preferences_link";
const FOUND_FOR_MS = 24 * 3_600_000;
const MISSING_FOR_MS = 10 * 60_000;

const Cached = z.object({ url: z.nullable(z.string()), checked_at: z.number() });

const TriggerPage = z.object({
  triggers: z.optional(z.array(z.object({
    type: z.optional(z.string()),
    workflow: z.optional(z.object({ callback_id: z.optional(z.string()) })),
    shortcut_url: z.optional(z.string()),
  }))),
  response_metadata: z.optional(z.object({ next_cursor: z.optional(z.string()) })),
});

/** The ledger id of the cached link, for callers that read it with other rows. */
export const PREFERENCES_LINK_KEY = stateKey(PREFERENCES_LINK_STATE);

/**
 * The link, or null when there is no such trigger (the DM then explains how to find it). With a
 * `view` that read PREFERENCES_LINK_KEY, a fresh cached link costs no call.
 */
export async function preferencesLink(ctx: Ctx, view?: LedgerView): Promise<string | null> {
  const cached = view?.knows(PREFERENCES_LINK_KEY)
    ? stateFrom(ctx, view, PREFERENCES_LINK_STATE, Cached)
    : await readState(ctx, PREFERENCES_LINK_STATE, Cached);
  const now = Date.now();
  if (cached && now - cached.checked_at < (cached.url ? FOUND_FOR_MS : MISSING_FOR_MS)) {
    return cached.url;
  }
  let url: string | null;
  try {
    url = await findShortcutUrl(ctx);
  } catch (err) {
    // Not worth failing a notification for: keep what we knew, look again next time.
    ctx.log.warn("preferences_link_lookup_failed", { error: err });
    return cached?.url ?? null;
  }
  await writeState(ctx, PREFERENCES_LINK_STATE, { url, checked_at: now });
  if (!url) ctx.log.warn("preferences_link_missing", { workflow: WORKFLOWS.learnerPreferences });
  return url;
}

async function findShortcutUrl(ctx: Ctx): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = TriggerPage.safeParse(
      await slackCall(ctx, "workflows.triggers.list", {
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );
    if (!res.success) return null;
    for (const trigger of res.data.triggers ?? []) {
      if (
        trigger.type === "shortcut" &&
        trigger.workflow?.callback_id === WORKFLOWS.learnerPreferences
      ) {
        const url = safeUrl(trigger.shortcut_url);
        if (url) return url;
      }
    }
    cursor = res.data.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return null;
}
