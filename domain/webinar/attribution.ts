/**
 * W7: who a reply appears to come from. In "sender" mode a moderator of the webinar appears as
 * themselves; everyone else, and everyone in "primary_moderator" mode, appears as the primary moderator.
 */
export type Person = { name: string; email: string };

export function replySender(
  webinar: {
    replyAttribution: "primary_moderator" | "sender";
    primary: Person;
    moderators: Person[];
  },
  author: { email: string | null },
): Person & { as: "sender" | "primary_moderator" } {
  if (webinar.replyAttribution === "sender" && author.email) {
    const wanted = author.email.trim().toLowerCase();
    const moderator = [webinar.primary, ...webinar.moderators].find((m) =>
      m.email.trim().toLowerCase() === wanted
    );
    if (moderator) return { ...moderator, as: "sender" };
  }
  return { ...webinar.primary, as: "primary_moderator" };
}
