/** Webinar events as a platform sends them (docs/events.md), with overridable parts. */
import type { WebinarPlatform } from "../sandbox/platforms/webinar.ts";

export const WEBINAR = {
  id: "web_1",
  title: "Scaling Support Teams",
  chat_url: "https://webinar.example/w/web_1/chat",
  reply_attribution: "sender" as "sender" | "primary_moderator",
  primary_moderator: { name: "Pat Primary", email: "pat@example.com" },
  moderators: [{ name: "Mo Moderator", email: "mo@example.com" }, {
    name: "Ghost Host",
    email: "ghost@nowhere.example",
  }],
};
export const SESSION = { id: "ses_1", type: "live", starts_at: "2026-11-22T15:00:00Z" };

let n = 0;
export function attendee(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `att_${i}`,
    name: `Attendee ${i}`,
    email: `attendee${i}@example.org`,
    chat_url: `https://webinar.example/w/web_1/chat?attendee=att_${i}`,
    ...extra,
  };
}

export function webinarEvent(
  type: string,
  parts: Record<string, unknown> = {},
): Record<string, unknown> {
  n++;
  return {
    id: `evt_${n}_${crypto.randomUUID().slice(0, 6)}`,
    type,
    occurred_at: new Date(Date.UTC(2026, 10, 22, 15, 0, n % 60)).toISOString(),
    webinar: WEBINAR,
    session: SESSION,
    attendee: attendee(1),
    ...parts,
  };
}

type Event = Record<string, unknown>;

export const registered = (
  a: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Event => webinarEvent("attendee.registered", { attendee: a, ...extra });
export const joined = (a: Record<string, unknown>, extra: Record<string, unknown> = {}): Event =>
  webinarEvent("attendee.joined", {
    attendee: { ...a, joined_at: "2026-11-22T15:02:00Z" },
    ...extra,
  });
export const chat = (
  a: Record<string, unknown>,
  text: string,
  extra: Record<string, unknown> = {},
): Event =>
  webinarEvent("attendee.chat_message", {
    attendee: { ...a, joined_at: "2026-11-22T15:02:00Z" },
    message: { id: `m_${++n}`, text },
    ...extra,
  });
export const poll = (a: Record<string, unknown>, title: string, response: string): Event =>
  webinarEvent("attendee.interaction_response", {
    attendee: { ...a, joined_at: "2026-11-22T15:02:00Z" },
    interaction: { id: `i_${++n}`, kind: "poll", title, response },
  });

/** Registers the webinar, session and attendees in the platform fake so replies can reach them. */
export function mirrorInPlatform(
  platform: WebinarPlatform,
  attendees: Array<Record<string, unknown>>,
  webinar = WEBINAR,
): void {
  platform.addWebinar({ ...webinar });
  platform.addSession({ ...SESSION, webinar_id: webinar.id });
  for (const a of attendees) {
    platform.register({
      id: String(a.id),
      webinar_id: webinar.id,
      session_id: SESSION.id,
      name: String(a.name),
      email: String(a.email),
    });
  }
}

/** What breaks naive cuts: accents, CJK, emoji, a flag, a combining accent, & < >, paragraphs. */
const AWKWARD_TEXT = [
  "Bonjour, ",
  "é",
  "à côté & ",
  "<b>pas du HTML</b> ",
  "日本語の質問 ",
  "😀",
  "👨‍👩‍👧‍👦 ",
  "🇫🇷 ",
  "e\u0301 ",
  "a < b > c &amp; d. ",
  "\n\n",
  "Une longue phrase sans fin qui continue encore et encore ",
];

/** Exactly `count` code points (what the contract counts), in whole graphemes of `pieces`. */
export function longText(count: number, pieces: readonly string[] = AWKWARD_TEXT): string {
  let out = "";
  let n = 0;
  for (let i = 0; n < count; i++) {
    const piece = pieces[i % pieces.length]!;
    const size = [...piece].length;
    if (n + size > count) return out + "x".repeat(count - n);
    out += piece;
    n += size;
  }
  return out;
}
