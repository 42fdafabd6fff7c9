/**
 * A seeded pseudo-random generator (mulberry32): the fake's faults and stale reads, and the fault
 * test and bench that drive it, replay the same draws for the same seed. Written here because
 * Math.random cannot be seeded and no library the project uses offers one.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
