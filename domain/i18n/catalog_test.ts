import assert from "node:assert/strict";
import { ADMIN_TEXT } from "./admin.ts";
import { HEALTH_TEXT } from "./health.ts";
import { PREFS_TEXT } from "./preferences.ts";
import {
  type Entry,
  type Locale,
  localeFrom,
  placeholders,
  type Plural,
  type PluralEntry,
  t,
  tn,
} from "./mod.ts";
import configureLink from "../../triggers/configure_link.ts";
import healthLink from "../../triggers/health_link.ts";
import notificationsLink from "../../triggers/my_notifications_link.ts";
import ConfigureWorkflow from "../../workflows/configure.ts";
import HealthWorkflow from "../../workflows/session_bridge_health.ts";
import NotificationsWorkflow from "../../workflows/my_learning_notifications.ts";

const catalogs: Record<string, Record<string, Entry | PluralEntry>> = {};
for await (const entry of Deno.readDir(new URL("./", import.meta.url))) {
  if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts") || entry.name === "mod.ts") {
    continue;
  }
  const mod = await import(new URL(entry.name, import.meta.url).href);
  for (const [name, value] of Object.entries(mod)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      catalogs[`${entry.name}:${name}`] = value as Record<string, Entry | PluralEntry>;
    }
  }
}

const isPlural = (entry: Entry | PluralEntry): entry is PluralEntry => typeof entry.en !== "string";

/** Every text of every entry: [where, locale, text], each plural form on its own. */
function allTexts(): Array<[string, Locale, string]> {
  const out: Array<[string, Locale, string]> = [];
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const [key, entry] of Object.entries(catalog)) {
      for (const locale of ["en", "fr"] as const) {
        const value: string | Plural = entry[locale];
        if (typeof value === "string") out.push([`${name}.${key}`, locale, value]);
        else {
          for (const [form, text] of Object.entries(value)) {
            out.push([`${name}.${key}.${form}`, locale, text ?? ""]);
          }
        }
      }
    }
  }
  return out;
}

Deno.test("every text exists in English and French with the same placeholders (P4)", () => {
  assert.ok(Object.keys(catalogs).length >= 2);
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const [key, entry] of Object.entries(catalog)) {
      if (isPlural(entry)) {
        // Forms may leave {count} out ("once"), but every other placeholder is in every form.
        const others = (text: string) => placeholders(text).filter((p) => p !== "count");
        const expected = others(entry.en.other);
        for (const locale of ["en", "fr"] as const) {
          assert.ok(entry[locale].other.trim(), `${name}.${key}.${locale}.other is empty`);
          for (const [form, text] of Object.entries(entry[locale])) {
            assert.deepEqual(others(text ?? ""), expected, `${name}.${key}.${locale}.${form}`);
          }
        }
        continue;
      }
      assert.ok(entry.en.trim() && entry.fr.trim(), `${name}.${key} is empty`);
      assert.deepEqual(
        placeholders(entry.fr),
        placeholders(entry.en),
        `${name}.${key} placeholders differ`,
      );
    }
  }
});

Deno.test("plural forms are named by the language's own plural categories (Intl.PluralRules)", () => {
  let plurals = 0;
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const [key, entry] of Object.entries(catalog)) {
      if (!isPlural(entry)) continue;
      plurals++;
      for (const locale of ["en", "fr"] as const) {
        const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
        for (const form of Object.keys(entry[locale])) {
          assert.ok(
            (categories as string[]).includes(form),
            `${name}.${key}.${locale}: "${form}" is not a ${locale} plural category`,
          );
        }
      }
    }
  }
  assert.ok(plurals >= 5, `${plurals} plural entries`);
});

Deno.test("tn() picks the plural form each language uses: no more “1 acceptés”", () => {
  const accepted = (locale: Locale, n: number) => tn(locale, HEALTH_TEXT.countAccepted, n);
  assert.equal(accepted("fr", 1), "1 accepté");
  assert.equal(accepted("fr", 0), "0 accepté", "French counts zero as singular");
  assert.equal(accepted("fr", 2), "2 acceptés");
  assert.equal(accepted("fr", 1234), "1\u202F234 acceptés", "numbers written the French way");
  assert.equal(accepted("en", 1), "1 accepted");
  assert.equal(accepted("en", 1234), "1,234 accepted");
  const when = "today";
  assert.equal(tn("en", HEALTH_TEXT.errorTimes, 1, { when }), "once, today");
  assert.equal(tn("en", HEALTH_TEXT.errorTimes, 3, { when }), "3 times, last today");
  assert.equal(tn("fr", HEALTH_TEXT.moreEmails, 1), "…et 1 autre e-mail.");
  assert.equal(tn("fr", HEALTH_TEXT.moreEmails, 4), "…et 4 autres e-mails.");
});

Deno.test("French texts put a narrow no-break space before : ; ? ! and inside « », never a plain space", () => {
  let checked = 0;
  for (const [where, locale, text] of allTexts()) {
    if (locale !== "fr") continue;
    checked++;
    for (const m of text.matchAll(/[:;?!»]/g)) {
      assert.equal(
        text[m.index - 1],
        "\u202F",
        `${where}: "${text.slice(Math.max(0, m.index - 12), m.index + 1)}" needs U+202F before ${
          m[0]
        }`,
      );
    }
    for (const m of text.matchAll(/«/g)) {
      assert.equal(text[m.index + 1], "\u202F", `${where}: « needs U+202F after it`);
    }
    assert.doesNotMatch(text, /[ \u00A0][:;?!»]|«[ \u00A0]/, where);
    assert.doesNotMatch(text, /[“”"]/, `${where}: French quotes are « »`);
  }
  assert.ok(checked > 100, `${checked} French texts checked`);
});

Deno.test("English texts keep no space before : ; ? ! and quote with “ ”", () => {
  for (const [where, locale, text] of allTexts()) {
    if (locale !== "en") continue;
    assert.doesNotMatch(text, /\s[:;?!]/, where);
    assert.doesNotMatch(text, /[«»\u202F]/, where);
  }
});

Deno.test("each modal has one name per language: its title, its shortcut's and every text's", () => {
  const titles = {
    en: [ADMIN_TEXT.settingsTitle.en, HEALTH_TEXT.healthTitle.en, PREFS_TEXT.prefsTitle.en],
    fr: [ADMIN_TEXT.settingsTitle.fr, HEALTH_TEXT.healthTitle.fr, PREFS_TEXT.prefsTitle.fr],
  };
  // Slack shows a shortcut's and a workflow's name in one language: the English title.
  assert.deepEqual(
    [configureLink.name, healthLink.name, notificationsLink.name],
    titles.en,
  );
  assert.deepEqual(
    [ConfigureWorkflow, HealthWorkflow, NotificationsWorkflow].map((w) => w.definition.title),
    titles.en,
  );
  const quoted = { en: /“([^”]+)”/g, fr: /«\u202F([^»]+?)\u202F»/g };
  let named = 0;
  for (const [where, locale, text] of allTexts()) {
    for (const m of text.matchAll(quoted[locale])) {
      const name = m[1]!;
      // A quoted text that names a modal (not an example such as « webinar- »).
      if (!/Session Bridge|notifications/i.test(name)) continue;
      named++;
      assert.ok(
        titles[locale].includes(name),
        `${where}: “${name}” is not a modal's ${locale} name`,
      );
    }
  }
  assert.ok(named >= 8, `${named} mentions of a modal checked`);
});

Deno.test("localeFrom() reads Slack locales; t() fills placeholders", () => {
  assert.equal(localeFrom("fr-FR"), "fr");
  assert.equal(localeFrom("fr-CA"), "fr");
  assert.equal(localeFrom("en-GB"), "en");
  assert.equal(localeFrom(undefined), "en");
  assert.equal(t("fr", { en: "Hi {name}", fr: "Bonjour {name}" }, { name: "Léa" }), "Bonjour Léa");
});
