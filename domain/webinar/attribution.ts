/**
 * W7: who a reply appears to come from. In "sender" mode a moderator of the webinar appears as
 * themselves; everyone else, and everyone in "primary_moderator" mode, appears as the primary moderator.
 */
import { normalEmail } from "../email.ts";

export type Person = { name: string; email: string };

export function replySender(
  webinar: {
    replyAttribution: "primary_moderator" | "sender";
    primary: Person;
    moderators: Person[];
  },
  author: { email: string | null },
): Person & {
  as: "sender" | "primary_moderator";
  /** In "sender" mode, the writer is not a moderator of the webinar: they must be told (W7). */
  substituted: boolean;
} {
  if (webinar.replyAttribution === "sender" && author.email) {
    const wanted = normalEmail(author.email);
    const moderator = [webinar.primary, ...webinar.moderators].find((m) =>
      normalEmail(m.email) === wanted
    );
    if (moderator) return { ...moderator, as: "sender", substituted: false };
  }
  return {
    ...webinar.primary,
    as: "primary_moderator",
    substituted: webinar.replyAttribution === "sender",
  };
}
