/**
 * Small pure pieces shared by the app's modals: plain text objects, a message-only modal, channel and
 * user mentions built only from validated ids, and the W10 "who may do this" text.
 */
import type { ModalView, PlainTextElement } from "@slack/types";
import { MODAL_TEXT as M } from "./i18n/modal.ts";
import { type Locale, t } from "./i18n/mod.ts";
import { clip, escapeMrkdwn } from "./text.ts";

export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

export const plain = (text: string): PlainTextElement => ({
  type: "plain_text",
  text,
  emoji: false,
});

/** `<#C123>` for a channel id, else the value escaped as text. */
export function channelMention(id: string): string {
  return CHANNEL_ID.test(id) ? `<#${id}>` : escapeMrkdwn(id);
}

/** A modal without inputs: a message and a close button. */
export function messageView(
  options: {
    callbackId: string;
    title: string;
    text: string;
    locale: Locale;
    mrkdwn?: boolean;
    notifyOnClose?: boolean;
    privateMetadata?: string;
  },
): ModalView {
  return {
    type: "modal",
    callback_id: options.callbackId,
    title: plain(clip(options.title, 24)),
    close: plain(t(options.locale, M.close)),
    ...(options.notifyOnClose ? { notify_on_close: true } : {}),
    ...(options.privateMetadata ? { private_metadata: options.privateMetadata } : {}),
    blocks: [{
      type: "section",
      text: options.mrkdwn
        ? { type: "mrkdwn", text: clip(options.text, 3000) }
        : plain(clip(options.text, 3000)),
    }],
  };
}

/** W10: who may configure or watch Session Bridge, for someone who may not (mrkdwn). */
export function refusedText(
  locale: Locale,
  admins: readonly string[],
  what: "configure" | "health",
): string {
  const named = admins.filter((id) => USER_ID.test(id)).slice(0, 20);
  const who = named.length > 0
    ? t(locale, M.refusedNamed, { names: named.map((id) => `<@${id}>`).join(", ") })
    : t(locale, M.refusedNoneNamed);
  return `${t(locale, what === "configure" ? M.refusedConfigure : M.refusedHealth)}\n\n${who}`;
}
