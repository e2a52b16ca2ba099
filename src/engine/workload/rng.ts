/**
 * Seeded pseudo-random numbers (mulberry32): tiny, fast and identical on every platform, so a
 * seed reproduces the same arrivals and the same synthetic inputs everywhere.
 */

/** Returns a function that yields uniform numbers in [0, 1) from a 32-bit seed. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent seed for a sub-stream (e.g. per strategy, per request pool). */
export function deriveSeed(seed: number, stream: number): number {
  return Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
}
