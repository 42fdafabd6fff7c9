/**
 * W6: a channel per webinar, named prefix + webinar. Slack names are lowercase letters, digits, "-"
 * and "_", at most 80 characters; accents are dropped ("Séance" → "seance"), everything else
 * becomes "-". A collision gets "-2", "-3"... within the 80 characters.
 */
const MAX = 80;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

export function channelNameFor(
  prefix: string,
  webinarTitle: string,
  webinarId: string,
  attempt = 1,
): string {
  const suffix = attempt > 1 ? `-${attempt}` : "";
  const room = MAX - prefix.length - suffix.length;
  let slug = slugify(webinarTitle) || slugify(webinarId) || "webinar";
  slug = slug.slice(0, Math.max(1, room)).replace(/[-_]+$/g, "") || "w";
  return `${prefix}${slug}${suffix}`.slice(0, MAX);
}

export function isValidChannelName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX && /^[a-z0-9_-]+$/.test(name) &&
    !/^[-_]+$/.test(name);
}
