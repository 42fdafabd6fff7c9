import assert from "node:assert/strict";
import fc from "fast-check";
import { channelNameFor, isValidChannelName, slugify } from "./channel_name.ts";

Deno.test("channelNameFor() makes a valid Slack name from prefix + webinar title", () => {
  assert.equal(
    channelNameFor("webinar-", "Scaling Support Teams", "w1"),
    "webinar-scaling-support-teams",
  );
  assert.equal(channelNameFor("wb-", "Séance d’été : Q&A #2 🎉", "w1"), "wb-seance-d-ete-q-a-2");
  assert.equal(channelNameFor("wb-", "🎉🎉", "Web.42"), "wb-web-42");
  assert.equal(
    channelNameFor("wb-", "Scaling Support Teams", "w1", 2),
    "wb-scaling-support-teams-2",
  );
});

Deno.test("channelNameFor() keeps names within 80 characters, suffix included", () => {
  const name = channelNameFor("webinar-", "x".repeat(200), "w1", 12);
  assert.equal(name.length, 80);
  assert.ok(name.endsWith("-12"));
});

Deno.test("channelNameFor() always gives a valid name for a valid prefix (property)", () => {
  const prefix = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,49}$/);
  fc.assert(
    fc.property(
      prefix,
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc.string(),
      fc.integer({ min: 1, max: 99 }),
      (p, title, id, attempt) => {
        const name = channelNameFor(p, title, id, attempt);
        return isValidChannelName(name) &&
          name.startsWith(p.slice(0, 80 - String(attempt).length - 2));
      },
    ),
    { seed: 5, numRuns: 3000 },
  );
});

Deno.test("slugify() drops accents and joins words with hyphens", () => {
  assert.equal(slugify("  Écoute ÀCTIVE -- Part_2  "), "ecoute-active-part_2");
});
