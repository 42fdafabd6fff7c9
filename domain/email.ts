/**
 * Email addresses as people have them (docs/events.md, "Emails"): internationalised local parts
 * ("chloé@example.org") and domains ("用户@例子.广告", "ivan@пример.рф") are addresses too, checked
 * the same way wherever an address enters (the contract, the platform simulators) and compared the
 * way Slack compares them.
 */

/**
 * Dot-separated words of letters (any script), marks, digits and _ ' + -, not ending in an
 * apostrophe: zod's practical ASCII rule (z.email()) widened to Unicode, written out because zod's
 * Unicode pattern (z.regexes.unicodeEmail) accepts any characters but space, " and @.
 */
const LOCAL_PART = /^(?:[\p{L}\p{M}\p{N}_'+-]+\.)*[\p{L}\p{M}\p{N}_'+-]*[\p{L}\p{M}\p{N}_+-]$/u;
/** What a domain may be written with before IDNA: letters (any script), marks, digits, . and -. */
const DOMAIN_CHARACTERS = /^[\p{L}\p{M}\p{N}.-]+$/u;
/** The ASCII (IDNA) form: labels of up to 63 letters, digits and inner hyphens; a TLD of letters. */
const ASCII_DOMAIN =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The domain in its ASCII form (IDNA, UTS #46, as browsers apply it), or null when it has none.
 * The URL parser does the IDNA mapping and Punycode; nothing else in the platform exposes it.
 */
function asciiDomain(domain: string): string | null {
  if (!DOMAIN_CHARACTERS.test(domain)) return null;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** True for an address with a valid local part (up to 64 characters) and a domain name. */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0) return false;
  const local = value.slice(0, at);
  if ([...local].length > 64 || !LOCAL_PART.test(local)) return false;
  const ascii = asciiDomain(value.slice(at + 1));
  return ascii !== null && ascii.length <= 253 && ASCII_DOMAIN.test(ascii);
}

/**
 * The form two addresses are compared in, as Slack's users.lookupByEmail compares them: ASCII
 * letters in either case are the same ("Ada@Example.org" is "ada@example.org"); other letters are
 * kept as they are ("É" and "é" differ), and nothing else is changed.
 */
export function normalEmail(email: string): string {
  return email.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
