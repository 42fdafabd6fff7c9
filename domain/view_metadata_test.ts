import assert from "node:assert/strict";
import * as z from "zod/mini";
import { metadataCodec } from "./view_metadata.ts";

const codec = metadataCodec("demo", z.object({ user: z.string(), locale: z.enum(["en", "fr"]) }));

Deno.test("metadataCodec() round-trips a value with its version and kind", () => {
  const text = codec.encode({ user: "U1", locale: "fr" });
  assert.deepEqual(JSON.parse(text), {
    version: 1,
    kind: "demo",
    data: { user: "U1", locale: "fr" },
  });
  assert.deepEqual(codec.decode(text), { user: "U1", locale: "fr" });
});

Deno.test("metadataCodec() decodes tampered or foreign metadata to null", () => {
  const cases: unknown[] = [
    undefined,
    "",
    "not json",
    '{"user":"U1","locale":"en"}',
    JSON.stringify({ version: 2, kind: "demo", data: { user: "U1", locale: "en" } }),
    JSON.stringify({ version: 1, kind: "other", data: { user: "U1", locale: "en" } }),
    JSON.stringify({ version: 1, kind: "demo", data: { user: "U1", locale: "de" } }),
    JSON.stringify({ version: 1, kind: "demo", data: { locale: "en" } }),
    `{"version":1,"kind":"demo","data":{"user":"${"U".repeat(3000)}","locale":"en"}}`,
    42,
  ];
  for (const raw of cases) assert.equal(codec.decode(raw), null, String(raw).slice(0, 80));
});

Deno.test("metadataCodec() refuses to encode beyond Slack's 3,000 characters", () => {
  assert.throws(() => codec.encode({ user: "U".repeat(3000), locale: "en" }), RangeError);
});
