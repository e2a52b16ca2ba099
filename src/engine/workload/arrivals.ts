import type { ArrivalSpec } from '../../shared/profileTypes';
import { burstyProblem } from './parseArrival';
import { createRng } from './rng';
import { loadTrace } from './traceFile';

/**
 * Generates the open-loop arrival schedule: offsets in ms from 0, ascending, all below
 * `durationS * 1000`. The same spec, rate, duration and seed give the same schedule everywhere.
 *
 * - constant: evenly spaced at `rateRps`, the first at 0.
 * - poisson: exponential gaps with mean 1000 / rateRps.
 * - bursty: a Poisson process whose rate alternates: `rateRps * ratio` for `dutyCycle * periodS`
 *   (each period starts with the high phase), then a low rate chosen so the mean is `rateRps`.
 * - ramp: a Poisson process whose rate moves linearly from `fromRps` to `toRps` (rateRps unused).
 * - trace: the file's arrivals (rateRps unused), cut at the duration.
 * - closed: not a schedule (the scheduler runs the closed loop); throws.
 *
 * The non-homogeneous processes are drawn exactly by inverting the cumulative rate: unit-rate
 * Poisson points E_k map to the time t with Lambda(t) = E_k.
 * @throws Error for a missing or non-positive rate, an impossible bursty shape, or `closed`.
 */
export function generateArrivals(
  spec: ArrivalSpec,
  rateRps: number | null,
  durationS: number,
  seed: number,
): Float64Array {
  if (!(durationS > 0) || !Number.isFinite(durationS)) {
    throw new Error(`duration must be a positive number of seconds, got ${durationS}`);
  }
  const endMs = durationS * 1000;
  switch (spec.kind) {
    case 'constant':
      return constantArrivals(requireRate(spec.kind, rateRps), endMs);
    case 'poisson': {
      const rate = requireRate(spec.kind, rateRps);
      return fromCumulativeRate(seed, endMs, (e) => (e / rate) * 1000);
    }
    case 'bursty': {
      const rate = requireRate(spec.kind, rateRps);
      const problem = burstyProblem(spec.ratio, spec.periodS, spec.dutyCycle);
      if (problem) throw new Error(problem);
      return fromCumulativeRate(seed, endMs, burstyInverse(rate, spec.ratio, spec.periodS, spec.dutyCycle));
    }
    case 'ramp':
      if (!(spec.fromRps >= 0 && spec.toRps >= 0) || spec.fromRps + spec.toRps <= 0) {
        throw new Error(`ramp rates must be >= 0 and not both 0, got ${spec.fromRps}..${spec.toRps}`);
      }
      return fromCumulativeRate(seed, endMs, rampInverse(spec.fromRps, spec.toRps, durationS));
    case 'trace': {
      const all = loadTrace(spec.file, spec.format);
      let n = 0;
      while (n < all.length && all[n] < endMs) n++;
      return all.slice(0, n);
    }
    case 'closed':
      throw new Error('closed-loop load has no arrival schedule: the scheduler drives it from completions');
    default:
      throw new Error(`unknown arrival pattern ${JSON.stringify(spec)}`);
  }
}

function requireRate(kind: string, rateRps: number | null): number {
  if (rateRps === null || !(rateRps > 0) || !Number.isFinite(rateRps)) {
    throw new Error(`${kind} arrivals need a rate > 0 requests/s, got ${rateRps}`);
  }
  return rateRps;
}

function constantArrivals(rateRps: number, endMs: number): Float64Array {
  const gapMs = 1000 / rateRps;
  const count = Math.ceil(endMs / gapMs);
  const out: number[] = [];
  // i * gap (not a running sum) so long runs do not drift.
  for (let i = 0; i < count; i++) {
    const t = i * gapMs;
    if (t < endMs) out.push(t);
  }
  return Float64Array.from(out);
}

/**
 * Draws unit-rate Poisson points and maps each through `inverse` (cumulative expected arrivals
 * -> ms), stopping at the end of the window.
 */
function fromCumulativeRate(
  seed: number,
  endMs: number,
  inverse: (expected: number) => number,
): Float64Array {
  const rng = createRng(seed);
  const out: number[] = [];
  let expected = 0;
  for (;;) {
    expected += -Math.log(1 - rng());
    const t = inverse(expected);
    if (!(t < endMs)) break;
    out.push(t);
  }
  return Float64Array.from(out);
}

/** Inverse cumulative rate of the bursty process, in ms. */
function burstyInverse(rate: number, ratio: number, periodS: number, duty: number): (e: number) => number {
  const high = rate * ratio;
  const low = (rate * (1 - duty * ratio)) / (1 - duty);
  const highS = duty * periodS;
  const perPeriod = rate * periodS;
  const inHigh = high * highS;
  return (e) => {
    const periods = Math.floor(e / perPeriod);
    const rest = e - periods * perPeriod;
    const within = rest < inHigh || low <= 0 ? Math.min(rest / high, highS) : highS + (rest - inHigh) / low;
    return (periods * periodS + within) * 1000;
  };
}

/** Inverse cumulative rate of a linear ramp from `from` to `to` req/s over `durationS`, in ms. */
function rampInverse(from: number, to: number, durationS: number): (e: number) => number {
  const slope = (to - from) / durationS;
  // Solve from*t + slope*t^2/2 = e for t in the stable form 2e / (from + sqrt(from^2 + 2 slope e)).
  return (e) => {
    const disc = from * from + 2 * slope * e;
    if (disc < 0) return Infinity; // a falling ramp that reaches 0 before the end: no more arrivals
    return ((2 * e) / (from + Math.sqrt(disc))) * 1000;
  };
}
