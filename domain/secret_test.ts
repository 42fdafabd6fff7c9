import assert from "node:assert/strict";
import fc from "fast-check";
import { secretsMatch } from "./secret.ts";

Deno.test("secretsMatch() accepts only the exact secret", () => {
  assert.equal(secretsMatch("s3cret", "s3cret"), true);
  for (const bad of ["s3cre", "s3cret!", "S3cret", "", undefined, null, 42, ["s3cret"]]) {
    assert.equal(secretsMatch(bad, "s3cret"), false, String(bad));
  }
});

Deno.test("secretsMatch() never matches when no secret is configured", () => {
  assert.equal(secretsMatch("", ""), false);
  assert.equal(secretsMatch("anything", ""), false);
});

Deno.test("secretsMatch() agrees with === on any pair of strings (property)", () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.string({ minLength: 1 }),
      (a, b) => secretsMatch(a, b) === (a === b),
    ),
    { seed: 11, numRuns: 3000 },
  );
});

Deno.test("secretsMatch() compares every byte: the loop does not stop at the first difference", () => {
  // A structural check of the constant-time property: the comparison covers the longer length.
  const source = secretsMatch.toString();
  assert.match(source, /Math\.max\(a\.length, b\.length\)/);
  assert.doesNotMatch(source, /return false;\s*\n\s*}\s*\n\s*for|break/);
});
