import * as hdr from 'hdr-histogram-js';
import type { Percentiles } from '../../shared/profileTypes';

/** Resolution of the histogram: values are recorded in whole microseconds. */
const MICROS_PER_MS = 1000;

/**
 * p50 / p90 / p95 / p99 / p99.9 of millisecond values with hdr-histogram (3 significant digits,
 * microsecond resolution, auto-resizing so hours fit). `max` and `mean` are exact, and no
 * percentile is reported above the exact max. Non-finite values (NaN: a request that never
 * completed) are skipped; a negative value counts as 0 in the histogram but exactly in the mean.
 * Empty input gives all zeros.
 */
export function percentiles(valuesMs: ArrayLike<number>): Percentiles {
  const histogram = hdr.build({ numberOfSignificantValueDigits: 3, highestTrackableValue: 2 ** 36 });
  let count = 0;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < valuesMs.length; i++) {
    const v = valuesMs[i];
    if (!Number.isFinite(v)) continue;
    histogram.recordValue(Math.max(0, Math.round(v * MICROS_PER_MS)));
    count++;
    sum += v;
    if (v > max) max = v;
  }
  if (count === 0) {
    histogram.destroy();
    return { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  }
  const at = (p: number) => Math.min(histogram.getValueAtPercentile(p) / MICROS_PER_MS, Math.max(max, 0));
  const result = {
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max,
    mean: sum / count,
  };
  histogram.destroy();
  return result;
}
