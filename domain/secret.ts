/** Shared-secret checks (P2) in constant time: the comparison never stops at the first different byte. */
const encoder = new TextEncoder();

export function secretsMatch(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || expected.length === 0) return false;
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  // Compare over the longer length so neither the length nor the first mismatch shows in timing.
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a[i % (a.length || 1)] ?? 0) ^ (b[i % (b.length || 1)] ?? 0);
  return diff === 0;
}
