/**
 * English and French text (P4). Each entry holds both languages side by side, so a missing
 * translation is a type error; `{name}` placeholders are filled by `t()`.
 */
export type Locale = "en" | "fr";
export type Entry = { en: string; fr: string };
export type Catalog = Record<string, Entry>;

/** Slack locales look like "fr-FR" or "en-US"; anything not French is English. */
export function localeFrom(slackLocale: string | null | undefined): Locale {
  return typeof slackLocale === "string" && slackLocale.toLowerCase().startsWith("fr")
    ? "fr"
    : "en";
}

export function t(
  locale: Locale,
  entry: Entry,
  params: Record<string, string | number> = {},
): string {
  return entry[locale].replace(
    /\{([a-z_]+)\}/g,
    (m, key: string) => key in params ? String(params[key]) : m,
  );
}

/** The placeholders an entry uses, for the catalog tests. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!).sort();
}
