/**
 * Priority levels of the offered traffic: each request draws its level from the priority mix
 * (`--priorities 0.2,0.8`: 20% at level 0, the highest, 80% at level 1) with its own seeded
 * stream. Draws happen in request order, so the same seed gives request k the same level in every
 * strategy of a run: strategies face the same traffic.
 */
import { createRng } from './rng';

/**
 * Returns a function drawing the next request's level from `shares` (one per level, level 0
 * first; any non-negative weights, normalized here).
 * @throws RangeError when there are no levels, more than 256, or the shares are not usable
 */
export function createLevelDraw(shares: readonly number[], seed: number): () => number {
  if (shares.length < 1 || shares.length > 256)
    throw new RangeError(`${shares.length} priority levels (1..256 supported)`);
  let total = 0;
  for (const s of shares) {
    if (!(Number.isFinite(s) && s >= 0))
      throw new RangeError(`priority share ${s} is not a non-negative number`);
    total += s;
  }
  if (!(total > 0)) throw new RangeError('priority shares add up to 0');
  const cumulative = new Float64Array(shares.length);
  let sum = 0;
  shares.forEach((s, i) => (cumulative[i] = sum += s / total));
  // The fallback for u past the last sum by rounding: the last level anyone is drawn at.
  let last = shares.length - 1;
  while (shares[last] === 0) last--;
  const rng = createRng(seed);
  return () => {
    const u = rng();
    for (let level = 0; level < last; level++) if (u < cumulative[level]) return level;
    return last;
  };
}
