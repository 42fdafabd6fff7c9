/**
 * Field types both event contracts share (docs/events.md, "Requests"): ids, bounded text, instants,
 * URLs and email addresses. Each lane's schema builds on these so both refuse the same things with
 * the same words.
 */
import * as z from "zod/mini";

/** Ids become datastore keys and parts of thread keys: keep them to a safe alphabet. */
export const externalId = z.string().check(
  z.minLength(1),
  z.maxLength(128),
  z.regex(/^[A-Za-z0-9._@~-]+$/, "must use only letters, digits and . _ @ ~ -"),
);

export const text = (max: number): z.ZodMiniString<string> =>
  z.string().check(z.minLength(1), z.maxLength(max));

/** ISO 8601 with a time zone. */
export const instant = z.iso.datetime({ offset: true });

/** http or https, at most 3,000 characters, with no user name or password. */
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).check(
  z.maxLength(3000),
  z.refine(withoutCredentials, "must not carry a user name or password"),
);

export const email = z.email().check(z.maxLength(254));

function withoutCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return !parsed.username && !parsed.password;
  } catch {
    return true; // Not a URL at all: the url check says so.
  }
}
