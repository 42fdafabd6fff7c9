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

/**
 * Made on first use, per language: creating Intl formatters loads ICU data, tens of milliseconds on
 * the cold start of every function that imports the catalog, most of which never count anything.
 */
const formats: Partial<Record<Locale, { plural: Intl.PluralRules; number: Intl.NumberFormat }>> =
  {};
function formatsFor(locale: Locale) {
  return formats[locale] ??= {
    plural: new Intl.PluralRules(locale),
    number: new Intl.NumberFormat(locale),
  };
}

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
  const { plural, number } = formatsFor(locale);
  const text = forms[plural.select(count)] ?? forms.other;
  return t(locale, { en: text, fr: text }, { ...params, count: number.format(count) });
}

/** The placeholders an entry uses, for the catalog tests. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!).sort();
}
