/**
 * How long the model takes for a batch, as the what-if simulator draws it: from the calibrated
 * distribution per batch size (not just its median), interpolated between calibrated sizes, scaled
 * by input length where the model's inputs vary in length, and slowed when several instances run
 * at once (they share the machine's cores).
 */
import type { CalibrationPoint } from '../../shared/profileTypes';

/** z of the 90th percentile of a standard normal: fits a log-normal to a median and a p90. */
const Z90 = 1.2815515655446004;

/** One batch size's latency distribution, as a quantile function over [0, 1). */
interface SizeDistribution {
  batchSize: number;
  medianMs: number;
  /** Sorted compute times, ms (at least MIN_EMPIRICAL), or null: a log-normal from median and p90. */
  sorted: readonly number[] | null;
  /** Log-normal σ when `sorted` is null. */
  sigma: number;
}

/** Compute draws stop at this quantile of the calibrated distribution (see latencyMs). */
const COMPUTE_TAIL_CUT = 0.99;

/** Fewer samples than this make a poor empirical tail; a fitted log-normal is used instead. */
const MIN_EMPIRICAL = 20;

/** Length scaling: latency at (batch, padded length) ÷ latency at (batch, the calibration's length). */
export type LengthFactor = (batchSize: number, paddedKey: number) => number;

export interface LatencyModelOptions {
  /** Slowdown of a batch of `batchSize` when `k` batches run at once (k ≥ 1; 1 → 1). Default: none (perfect scaling). */
  concurrencyFactor?: (k: number, batchSize: number) => number;
  /** Scaling by padded input length. Default: none (every request the calibration's length). */
  lengthFactor?: LengthFactor | null;
}

export class LatencyModel {
  private readonly sizes: SizeDistribution[];
  private readonly concurrency: (k: number, batchSize: number) => number;
  private readonly length: LengthFactor | null;

  constructor(calibration: readonly CalibrationPoint[], options: LatencyModelOptions = {}) {
    const points = calibration.filter((p) => p.batchSize >= 1 && p.latencyMs > 0);
    if (points.length === 0)
      throw new Error(
        'The simulator needs a calibration of the model (latency per batch size); it has none.',
      );
    this.sizes = [...points]
      .sort((a, b) => a.batchSize - b.batchSize)
      .map((p) => {
        const samples = (p as { samplesMs?: number[] }).samplesMs;
        const sorted = samples && samples.length >= MIN_EMPIRICAL ? [...samples].sort((a, b) => a - b) : null;
        const ratio = p.p90Ms > p.latencyMs ? p.p90Ms / p.latencyMs : 1;
        return { batchSize: p.batchSize, medianMs: p.latencyMs, sorted, sigma: Math.log(ratio) / Z90 };
      });
    this.concurrency = options.concurrencyFactor ?? (() => 1);
    this.length = options.lengthFactor ?? null;
  }

  /** Whether draws come from calibrated samples (every size has enough) rather than a fitted log-normal. */
  get fromSamples(): boolean {
    return this.sizes.every((s) => s.sorted !== null);
  }

  /** Largest calibrated batch size. */
  get maxCalibrated(): number {
    return this.sizes[this.sizes.length - 1].batchSize;
  }

  /**
   * Latency of a batch of `batchSize` (padded) requests at quantile `u` ∈ [0, 1), padded to length
   * key `paddedKey` (NaN: the calibration's length), with `running` batches computing at once
   * including this one.
   */
  latencyMs(batchSize: number, u: number, paddedKey = NaN, running = 1): number {
    // The calibration's top 1% is mostly the machine, not the model: a thread descheduled mid-run
    // on a busy box costs one back-to-back batch milliseconds. Drawn as compute it inflates the
    // mean service time of a fast model several-fold (and with it the simulated load); the
    // engine's measured stalls (the pipeline probe's distributions) carry that tail instead.
    let ms = this.quantileAtSize(batchSize, Math.min(u, COMPUTE_TAIL_CUT));
    if (this.length && !Number.isNaN(paddedKey)) ms *= this.length(batchSize, paddedKey);
    if (running > 1) ms *= this.concurrency(running, batchSize);
    return ms;
  }

  /** Median latency at `batchSize` (interpolated as latencyMs is). */
  medianMs(batchSize: number): number {
    return this.quantileAtSize(batchSize, 0.5);
  }

  /**
   * Quantile `u` at any batch size: linear in batch size between the two calibrated sizes around it
   * (both at the same quantile, so the shape of the distribution is kept); beyond the largest, the
   * last two sizes' slope carries on (a batch grows in cost roughly linearly once the machine is
   * busy); below the smallest, the smallest's.
   */
  private quantileAtSize(batchSize: number, u: number): number {
    const s = this.sizes;
    if (s.length === 1 || batchSize <= s[0].batchSize) {
      const only = quantile(s[0], u);
      return s.length === 1 && batchSize > s[0].batchSize ? (only * batchSize) / s[0].batchSize : only;
    }
    let hi = 1;
    while (hi < s.length - 1 && s[hi].batchSize < batchSize) hi++;
    const a = s[hi - 1];
    const b = s[hi];
    const qa = quantile(a, u);
    const qb = quantile(b, u);
    const t = (batchSize - a.batchSize) / (b.batchSize - a.batchSize);
    // Past the last size t > 1: the same line, extended; never below the last size's time.
    const q = qa + t * (qb - qa);
    return batchSize > b.batchSize ? Math.max(q, qb) : q;
  }
}

function quantile(d: SizeDistribution, u: number): number {
  if (d.sorted) {
    const xs = d.sorted;
    const pos = u * (xs.length - 1);
    const i = Math.floor(pos);
    const frac = pos - i;
    return i + 1 < xs.length ? xs[i] + frac * (xs[i + 1] - xs[i]) : xs[xs.length - 1];
  }
  if (d.sigma === 0) return d.medianMs;
  return d.medianMs * Math.exp(d.sigma * normalQuantile(u));
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.15e-9):
 * https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
