/**
 * A log-bucketed latency histogram (100 buckets per decade, 1 µs .. 100 s): constant memory per
 * strategy however many requests arrive, accurate to ~2.3% — enough for a CDF drawn on a log axis.
 */
const BUCKETS_PER_DECADE = 100;
const MIN_MS = 1e-3;
const DECADES = 8;
const BUCKETS = BUCKETS_PER_DECADE * DECADES + 2;

export class LatencyHistogram {
  readonly counts = new Float64Array(BUCKETS);
  total = 0;

  add(ms: number): void {
    this.counts[bucketOf(ms)]++;
    this.total++;
  }

  /** CDF points: x = upper edge of each non-empty bucket (ms), y = share of requests at or below it. */
  cdf(): Array<{ x: number; y: number }> {
    const points: Array<{ x: number; y: number }> = [];
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.counts[i] === 0) continue;
      seen += this.counts[i];
      points.push({ x: upperEdge(i), y: seen / this.total });
    }
    return points;
  }
}

function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const i = Math.floor(Math.log10(ms / MIN_MS) * BUCKETS_PER_DECADE) + 1;
  return Math.min(i, BUCKETS - 1);
}

function upperEdge(i: number): number {
  return MIN_MS * Math.pow(10, i / BUCKETS_PER_DECADE);
}
