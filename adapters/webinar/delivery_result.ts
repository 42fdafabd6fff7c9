/**
 * reply.delivery_result: the platform tells us later where a reply ended up (delivered in chat, sent
 * by email, or failed). The reply's reaction is switched to match; a failure is explained in the thread.
 */
import type { OutboxRow } from "../../datastores/outbox.ts";
import { t } from "../../domain/i18n/mod.ts";
import { WEBINAR_TEXT } from "../../domain/i18n/webinar.ts";
import type { WebinarEvent } from "../../domain/webinar/event.ts";
import { renderReplyFailed } from "../../domain/webinar/messages.ts";
import { isSuspect, type Outcome, type Round } from "../delivery.ts";
import { getRow, updateRow } from "../datastore/records.ts";
import { LEDGER } from "../datastore/specs.ts";
import { slackCallOr } from "../slack/client.ts";
import { postOnce } from "../slack/post.ts";
import { OUTCOME_REACTION, parseReplyId, replyMarkerId, type ReplyOutcome } from "./markers.ts";

export async function applyDeliveryResult(
  round: Round,
  event: Extract<WebinarEvent, { type: "reply.delivery_result" }>,
  row: OutboxRow,
): Promise<Outcome> {
  const ref = parseReplyId(event.reply.id);
  if (!ref) return { kind: "done", outcome: "skipped:unknown_reply" };
  const markerId = replyMarkerId(ref.channelId, ref.ts);
  const marker = await getRow(round.ctx, LEDGER, markerId);
  if (!marker) return { kind: "done", outcome: "skipped:unknown_reply" };
  const previous = (marker.outcome ?? "").replace(/^relayed:/, "") as ReplyOutcome;
  const next = event.reply.outcome;
  if (previous === next) return { kind: "done", outcome: "skipped:unchanged" };
  await slackCallOr(round.ctx, "reactions.remove", {
    channel: ref.channelId,
    timestamp: ref.ts,
    name: OUTCOME_REACTION[previous] ?? "",
  }, [
    "no_reaction",
    "message_not_found",
    "invalid_name",
  ]);
  await slackCallOr(round.ctx, "reactions.add", {
    channel: ref.channelId,
    timestamp: ref.ts,
    name: OUTCOME_REACTION[next],
  }, [
    "already_reacted",
    "message_not_found",
  ]);
  if (next === "failed" && marker.thread_ts) {
    const locale = round.settings.language;
    const reason = event.reply.error ?? t(locale, WEBINAR_TEXT.reasonRejected);
    await postOnce(
      round.ctx,
      { channel: ref.channelId, threadTs: marker.thread_ts },
      renderReplyFailed(marker.attendee_name ?? "", reason, locale, true),
      {
        deliveryId: row.id,
        pacer: round.pacer,
        suspect: isSuspect(row),
        since: row.received_at,
      },
    );
  }
  await updateRow(round.ctx, LEDGER, { id: markerId, outcome: `relayed:${next}` });
  return { kind: "done", outcome: `result:${next}` };
}
