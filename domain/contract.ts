/**
 * Field types both event contracts share (docs/events.md, "Requests"): ids, bounded text, instants,
 * URLs and email addresses. Each lane's schema builds on these so both refuse the same things with
 * the same words.
 */
import * as z from "zod/mini";
import { isEmailAddress } from "./email.ts";

/** Ids become datastore keys and parts of thread keys: keep them to a safe alphabet. */
const ID_CHARACTERS = /^[A-Za-z0-9._@~-]+$/;

export const externalId = z.string().check(
  z.minLength(1),
  z.maxLength(128),
  z.regex(ID_CHARACTERS, "must use only letters, digits and . _ @ ~ -"),
);

/**
 * The id of an event that is refused or ignored, to name it in the activity log: only an id the
 * contract would accept. Any other value is left out (the event is named by its place instead).
 */
export function reportedId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null || !("id" in raw)) return null;
  return externalId.safeParse(raw.id).success ? String(raw.id) : null;
}

/**
 * An unknown event `type` as the activity log may quote it: a name of letters, digits and . _ : -
 * (up to 64), as event type names are. Anything else is described, not quoted.
 */
export function reportedType(type: string): string {
  return /^[A-Za-z0-9._:-]{1,64}$/.test(type) ? type : `(${[...type].length} characters)`;
}

export const text = (max: number): z.ZodMiniString<string> =>
  z.string().check(z.minLength(1), z.maxLength(max));

/** ISO 8601 with a time zone. */
export const instant = z.iso.datetime({ offset: true });

/** http or https, at most 3,000 characters, with no user name or password. */
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).check(
  z.maxLength(3000),
  z.refine(withoutCredentials, "must not carry a user name or password"),
);

/**
 * The shape every address has (one @, a dot in the domain, no spaces), which JSON Schema can carry
 * (docs/schemas); the app's full rule (domain/email.ts) is stricter and says so in the schema's
 * description.
 */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** Internationalised addresses included (domain/email.ts): "chloé@example.org" is one. */
export const email = z.string().check(
  z.maxLength(254),
  z.regex(EMAIL_SHAPE, { error: "must be an email address", abort: true }),
  z.refine(isEmailAddress, "must be an email address"),
);

function withoutCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return !parsed.username && !parsed.password;
  } catch {
    return true; // Not a URL at all: the url check says so.
  }
}
