import assert from "node:assert/strict";
import { type Catalog, localeFrom, placeholders, t } from "./mod.ts";

const catalogs: Record<string, Catalog> = {};
for await (const entry of Deno.readDir(new URL("./", import.meta.url))) {
  if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts") || entry.name === "mod.ts") {
    continue;
  }
  const mod = await import(new URL(entry.name, import.meta.url).href);
  for (const [name, value] of Object.entries(mod)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      catalogs[`${entry.name}:${name}`] = value as Catalog;
    }
  }
}

Deno.test("every text exists in English and French with the same placeholders (P4)", () => {
  assert.ok(Object.keys(catalogs).length >= 2);
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const [key, entry] of Object.entries(catalog)) {
      if (typeof entry !== "object" || !("en" in entry)) continue;
      assert.ok(entry.en.trim() && entry.fr.trim(), `${name}.${key} is empty`);
      assert.deepEqual(
        placeholders(entry.fr),
        placeholders(entry.en),
        `${name}.${key} placeholders differ`,
      );
    }
  }
});

Deno.test("localeFrom() reads Slack locales; t() fills placeholders", () => {
  assert.equal(localeFrom("fr-FR"), "fr");
  assert.equal(localeFrom("fr-CA"), "fr");
  assert.equal(localeFrom("en-GB"), "en");
  assert.equal(localeFrom(undefined), "en");
  assert.equal(t("fr", { en: "Hi {name}", fr: "Bonjour {name}" }, { name: "Léa" }), "Bonjour Léa");
});
