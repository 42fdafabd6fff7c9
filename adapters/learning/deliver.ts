/**
 * Carries out a learning notification for a matched learner (L2-L6): a DM from the app with the
 * group as sender, posted exactly once; or a path step scheduled in the learner's DM, or kept until
 * it enters Slack's window. Shared by the drain (new events) and maintenance (waiting steps).
 */
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { LearningEvent } from "../../domain/learning/event.ts";
import { hasImages } from "../../domain/learning/messages.ts";
import { planLearningEvent, type SkipReason } from "../../domain/learning/plan.ts";
import type { Settings } from "../../domain/settings.ts";
import type { AppContext } from "../context.ts";
import { SlackCallError } from "../slack/client.ts";
import type { Pacer } from "../slack/pacer.ts";
import { postOnce } from "../slack/post.ts";
import { personKey, personRow } from "../people.ts";
import { dmChannelFor, type FoundLearner } from "./learners.ts";
import { keepWaiting, scheduleStep } from "./steps.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export type LearningDelivery = {
  ctx: Ctx;
  pacer: Pacer;
  /** The delivery id (outbox row id): the message metadata and the scheduled_steps key. */
  id: string;
  /** When the event was accepted: how far back to look for an earlier attempt. */
  since: number;
  /** An earlier attempt may have reached Slack: look before posting or scheduling again. */
  suspect: boolean;
  event: LearningEvent;
  found: FoundLearner;
  /** Person rows learned while delivering (the DM's id), to write with the caller's next batch. */
  remember(row: LedgerRow): void;
  settings: Pick<Settings, "learningEnabled" | "enabledTypes">;
  preferencesUrl: string | null;
};

export type Delivered =
  | { kind: "posted"; channel: string; ts: string; late: boolean }
  | { kind: "scheduled"; channel: string; scheduledMessageId: string; postAt: number }
  | { kind: "waiting"; postAt: number }
  /** Slack allows 30 scheduled messages per channel in a 5-minute window; this one did not fit. */
  | { kind: "restricted"; channel: string; postAt: number }
  | { kind: "skipped"; reason: SkipReason }
  | { kind: "unmatched" };

export async function deliverLearning(d: LearningDelivery): Promise<Delivered> {
  const { ctx, event } = d;
  let images = true;
  let now = Date.now();
  let reopened = false;
  for (let attempt = 1;; attempt++) {
    const plan = planLearningEvent(event, {
      settings: d.settings,
      learner: d.found.learner,
      now,
      preferencesUrl: d.preferencesUrl,
      images,
    });
    if (plan.kind === "skip") return { kind: "skipped", reason: plan.reason };
    if (plan.kind === "unmatched") return { kind: "unmatched" };
    if (plan.kind === "wait") {
      await keepWaiting(ctx, {
        id: d.id,
        userId: plan.userId,
        postAt: plan.postAt,
        event,
        detail: "beyond_window",
      });
      return { kind: "waiting", postAt: plan.postAt };
    }
    // A DM goes straight to the user id (Slack opens the DM); its D… id is needed only to look for
    // an earlier attempt, or to schedule in it.
    const needsDm = plan.kind === "schedule" || d.suspect || reopened;
    const channel = needsDm
      ? await dmChannelFor(ctx, d.found, { fresh: reopened, remember: d.remember })
      : d.found.person.dmChannelId ?? d.found.person.userId;
    try {
      if (plan.kind === "dm") {
        const posted = await postOnce(ctx, { channel }, plan.message, {
          deliveryId: d.id,
          pacer: d.pacer,
          suspect: d.suspect,
          since: d.since,
          sender: {
            username: plan.sender.username,
            ...(plan.sender.iconUrl ? { iconUrl: plan.sender.iconUrl } : {}),
          },
        });
        if (posted.channel !== d.found.person.dmChannelId && posted.channel.startsWith("D")) {
          d.found.person.dmChannelId = posted.channel;
          d.remember(personRow(await personKey(d.found.email), d.found.person));
        }
        return { kind: "posted", channel: posted.channel, ts: posted.ts, late: plan.late };
      }
      const scheduled = await scheduleStep(ctx, {
        id: d.id,
        userId: plan.userId,
        channelId: channel,
        postAt: plan.postAt,
        message: plan.message,
        event,
        lookFirst: d.suspect,
      });
      return {
        kind: "scheduled",
        channel,
        scheduledMessageId: scheduled.scheduledMessageId,
        postAt: plan.postAt,
      };
    } catch (err) {
      if (!(err instanceof SlackCallError) || attempt >= 4) throw err;
      if (err.code === "invalid_blocks" && images && hasImages(plan.message)) {
        // Slack could not fetch the cover or the logo: send the notification without images.
        ctx.log.warn("learning_images_dropped", { delivery: d.id });
        images = false;
        continue;
      }
      if (err.code === "channel_not_found" && !reopened) {
        // The cached DM id is stale: open the DM again.
        reopened = true;
        continue;
      }
      if (plan.kind === "schedule") {
        if (err.code === "time_in_past") {
          // Its time came while it waited: post it now.
          now = plan.postAt;
          continue;
        }
        if (err.code === "time_too_far") {
          await keepWaiting(ctx, {
            id: d.id,
            userId: plan.userId,
            channelId: channel,
            postAt: plan.postAt,
            event,
            detail: "time_too_far",
          });
          return { kind: "waiting", postAt: plan.postAt };
        }
        if (err.code === "restricted_too_many") {
          return { kind: "restricted", channel, postAt: plan.postAt };
        }
      }
      throw err;
    }
  }
}
