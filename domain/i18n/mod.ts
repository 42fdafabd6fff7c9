/**
 * English and French text (P4). Each entry holds both languages side by side, so a missing
 * translation is a type error; `{name}` placeholders are filled by `t()`, and counted text chooses
 * its plural form with Intl.PluralRules through `tn()`.
 *
 * French follows French typography: a narrow no-break space (U+202F, written `\u202F`) before
 * « : », « ; », « ? », « ! » and inside « » (catalog_test.ts checks every French text).
 */
export type Locale = "en" | "fr";
export type Entry = { en: string; fr: string };
/** One text per CLDR plural category the language uses; `other` is required, others fall back to it. */
export type Plural = { [Category in Intl.LDMLPluralRule]?: string } & { other: string };
export type PluralEntry = { en: Plural; fr: Plural };
export type Catalog = Record<string, Entry | PluralEntry>;

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

const pluralRules = { en: new Intl.PluralRules("en"), fr: new Intl.PluralRules("fr") };
const numbers = { en: new Intl.NumberFormat("en"), fr: new Intl.NumberFormat("fr") };

/**
 * Counted text in the language's plural form ("1 accepté", "2 acceptés", "0 accepté" in French,
 * "0 accepted" in English), `{count}` written as the language writes numbers ("1 234" in French).
 */
export function tn(
  locale: Locale,
  entry: PluralEntry,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const forms = entry[locale];
  const text = forms[pluralRules[locale].select(count)] ?? forms.other;
  return t(locale, { en: text, fr: text }, { ...params, count: numbers[locale].format(count) });
}

/** The placeholders an entry uses, for the catalog tests. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!).sort();
}
