/**
 * Posting exactly once. Every post carries message metadata naming its delivery; when an answer is
 * lost (a 5xx or a timeout after Slack may have stored the message), or when a holder that died left
 * the delivery unconfirmed, the channel or thread is searched for that metadata before posting again.
 * Nothing else pays for a search: a row that failed with a definite answer was not posted.
 */
import { DELIVERY_EVENT_TYPE, type SlackMessage } from "../../domain/intents.ts";
import type { AppContext } from "../context.ts";
import { slackCall, SlackCallError } from "./client.ts";
import type { Pacer } from "./pacer.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log">;

export type PostTarget = { channel: string; threadTs?: string };
export type Posted = { channel: string; ts: string; found: boolean };

export type PostOptions = {
  deliveryId: string;
  pacer: Pacer;
  /** Look for an earlier attempt before posting: its last answer was lost, or its holder died. */
  suspect?: boolean;
  /** More to put in the message metadata (the relay reads an attendee thread's parent by it). */
  payload?: Record<string, string>;
  /** Other delivery ids that mean this row already went out (it opened the thread, say). */
  alsoDeliveredAs?: string[];
  /** Search no further back than this (epoch ms): when the event was accepted. */
  since: number;
  sender?: { username: string; iconUrl?: string };
};

type FoundMessage = {
  ts: string;
  metadata?: { event_type?: string; event_payload?: { delivery_id?: string } };
};

/** Finds an earlier post of this delivery in the thread (or channel), if one landed. */
export async function findDelivered(
  ctx: Ctx,
  target: PostTarget,
  deliveryIds: readonly string[],
  since: number,
): Promise<string | null> {
  const wanted = new Set(deliveryIds);
  const oldest = (Math.floor(since / 1000) - 60).toString();
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await slackCall(
      ctx,
      target.threadTs ? "conversations.replies" : "conversations.history",
      {
        channel: target.channel,
        ...(target.threadTs ? { ts: target.threadTs } : {}),
        oldest,
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      },
    );
    for (const m of (res.messages as FoundMessage[] | undefined) ?? []) {
      const id = m.metadata?.event_type === DELIVERY_EVENT_TYPE
        ? m.metadata.event_payload?.delivery_id
        : undefined;
      if (id && wanted.has(id)) return m.ts;
    }
    cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ||
      undefined;
    if (!cursor) break;
  }
  return null;
}

export async function postOnce(
  ctx: Ctx,
  target: PostTarget,
  message: SlackMessage,
  options: PostOptions,
): Promise<Posted> {
  if (options.suspect) {
    const ts = await findDelivered(ctx, target, [
      options.deliveryId,
      ...(options.alsoDeliveredAs ?? []),
    ], options.since);
    if (ts) return { channel: target.channel, ts, found: true };
  }
  const args = {
    channel: target.channel,
    text: message.text,
    blocks: message.blocks,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
    metadata: {
      event_type: DELIVERY_EVENT_TYPE,
      event_payload: { ...options.payload, delivery_id: options.deliveryId },
    },
    ...(options.sender ? { username: options.sender.username } : {}),
    ...(options.sender?.iconUrl ? { icon_url: options.sender.iconUrl } : {}),
  };
  for (let attempt = 1;; attempt++) {
    await options.pacer.slot(target.channel);
    try {
      const res = await slackCall(ctx, "chat.postMessage", args);
      return { channel: String(res.channel ?? target.channel), ts: String(res.ts), found: false };
    } catch (err) {
      if (err instanceof SlackCallError && err.code === "ratelimited" && err.retryAfterS !== null) {
        options.pacer.pushBack(target.channel, err.retryAfterS * 1000);
      }
      if (!(err instanceof SlackCallError) || !err.ambiguous) throw err;
      // The answer was lost: Slack may have stored the message. Look before posting again (and
      // before giving up, so a later retry of the row does not post it a second time).
      const ts = await findDelivered(ctx, target, [
        options.deliveryId,
        ...(options.alsoDeliveredAs ?? []),
      ], options.since);
      if (ts) return { channel: target.channel, ts, found: true };
      if (attempt >= 3) throw err;
      ctx.log.warn("post_retry_after_lost_answer", {
        delivery: options.deliveryId,
        code: err.code,
      });
    }
  }
}
