/**
 * Builds the simulator's latency model from a profile's calibration: the per-size distributions,
 * the batch size × length grid (variable-length inputs) and the concurrency points (instances
 * sharing the machine's cores), each used when the calibration has it.
 */
import type {
  CalibrationDetail,
  CalibrationPoint,
  ConcurrencyPoint,
  PipelineCalibration,
} from '../../shared/profileTypes';
import { LatencyModel, type LengthFactor } from './latencyModel';
import type { ColdStart, OverheadDraws } from './simExecutor';
import { LIGHT_LOAD_MIN_GAP_MS } from '../runtime/calibration';

export interface BuiltLatencyModel {
  model: LatencyModel;
  /** Latency depends on the request's length (the grid spans more than one length). */
  lengthScaling: boolean;
  concurrencyScaling: boolean;
  /** What the engine adds per batch (CalibrationDetail.pipeline), 0 where not measured. */
  handoffMs: number;
  returnMs: number;
  /** From the light-load calibration point, when there is one. */
  cold: ColdStart | null;
  /** Hand-off and return drawn from their measured distributions, when the calibration kept them. */
  overhead: OverheadDraws | null;
}

export function latencyModelOf(
  calibration: readonly CalibrationPoint[],
  detail: CalibrationDetail | undefined,
): BuiltLatencyModel {
  const lengthFactor = detail ? lengthFactorOf(detail) : null;
  const concurrency =
    detail && detail.concurrency.length > 0 ? concurrencyFactorOf(detail.concurrency) : null;
  return {
    model: new LatencyModel(calibration, {
      lengthFactor,
      concurrencyFactor: concurrency ?? undefined,
    }),
    lengthScaling: lengthFactor !== null,
    concurrencyScaling: concurrency !== null,
    ...overheadOf(detail?.pipeline),
    cold: coldStartOf(calibration),
  };
}

/**
 * The engine's per-batch overhead. The cycle it adds on average is the probe's median hand-off
 * plus its return (sized to the measured cycle, pipelineProbe.ts): that sets the simulated
 * capacity. Where the calibration kept the distributions, each batch draws from them, shifted so
 * their mean is that same cycle: the rare stalls (a descheduled thread, a GC) then reach the
 * simulated tail without a short probe's unlucky moment lowering the capacity.
 */
function overheadOf(
  p: PipelineCalibration | undefined,
): Pick<BuiltLatencyModel, 'handoffMs' | 'returnMs' | 'overhead'> {
  if (!p) return { handoffMs: 0, returnMs: 0, overhead: null };
  const h = p.handoffSamplesMs;
  const r = p.returnSamplesMs;
  if (!h || !r || h.length === 0 || r.length === 0)
    return { handoffMs: p.handoffMs, returnMs: p.returnMs, overhead: null };
  const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
  return {
    handoffMs: p.handoffMs,
    returnMs: p.returnMs,
    overhead: {
      handoffSamplesMs: h,
      returnSamplesMs: r,
      returnShiftMs: p.handoffMs + p.returnMs - mean(h) - mean(r),
    },
  };
}

/**
 * The light-load point (batch 1 after an idle gap, at the run's pace) against the back-to-back
 * batch 1: its wake-up becomes the hand-off of a batch on an idle instance, and what it took longer
 * is added to that batch. Idle from the probe's shortest gap on (LIGHT_LOAD_MIN_GAP_MS) counts.
 */
function coldStartOf(calibration: readonly CalibrationPoint[]): ColdStart | null {
  const one = calibration.find((p) => p.batchSize === 1);
  const light = one?.lightLoad;
  if (!one || !light || !(light.latencyMs > 0)) return null;
  return {
    afterIdleMs: LIGHT_LOAD_MIN_GAP_MS,
    handoffMs: Math.max(0, light.wakeUpMs),
    extraMs: Math.max(0, light.latencyMs - one.latencyMs),
  };
}

/** Linear interpolation of ys over ascending xs at x, held flat beyond the ends. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  const last = xs.length - 1;
  if (x >= xs[last]) return ys[last];
  let i = 1;
  while (xs[i] < x) i++;
  const t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

/**
 * Latency at (batch, padded length) ÷ latency at (batch, the calibration's own length), both read
 * off the grid's medians: linear in length between the measured lengths, and in batch size between
 * the measured sizes. Beyond the longest measured length, latency grows in proportion to the
 * length (the compute of a longer sequence or a wider image grows at least that fast); below the
 * shortest it stays at the shortest's.
 */
function lengthFactorOf(detail: CalibrationDetail): LengthFactor | null {
  const ref = detail.length?.sizeKey;
  const lengths = [...new Set(detail.grid.map((c) => c.sizeKey))].sort((a, b) => a - b);
  if (ref === undefined || lengths.length < 2) return null;
  const sizes = [...new Set(detail.grid.map((c) => c.batchSize))].sort((a, b) => a - b);
  const median = new Map(detail.grid.map((c) => [`${c.batchSize}:${c.sizeKey}`, c.latencyMs]));
  // Per measured size: latency along the lengths (a cell missing — calibration cut short — is skipped).
  const rows = sizes
    .map((n) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const l of lengths) {
        const v = median.get(`${n}:${l}`);
        if (v !== undefined && v > 0) {
          xs.push(l);
          ys.push(v);
        }
      }
      return { n, xs, ys };
    })
    .filter((r) => r.xs.length >= 2);
  if (rows.length === 0) return null;
  const at = (row: { xs: number[]; ys: number[] }, key: number): number => {
    const longest = row.xs[row.xs.length - 1];
    return key > longest ? (row.ys[row.ys.length - 1] * key) / longest : interpolate(row.xs, row.ys, key);
  };
  const ns = rows.map((r) => r.n);
  return (batchSize, key) => {
    const factors = rows.map((r) => at(r, key) / at(r, ref));
    return interpolate(ns, factors, batchSize);
  };
}

/**
 * Slowdown when k batches compute at once: the measured factor at each k (interpolated between
 * measured k, held at the largest measured k beyond it), interpolated in batch size between the
 * measured sizes.
 */
function concurrencyFactorOf(points: readonly ConcurrencyPoint[]): (k: number, batchSize: number) => number {
  const sizes = [...new Set(points.map((p) => p.batchSize))].sort((a, b) => a - b);
  const curves = sizes.map((n) => {
    const own = points.filter((p) => p.batchSize === n).sort((a, b) => a.instances - b.instances);
    const ks = [1, ...own.map((p) => p.instances).filter((k) => k > 1)];
    const fs = [1, ...own.filter((p) => p.instances > 1).map((p) => Math.max(1, p.factor))];
    return { ks, fs };
  });
  return (k, batchSize) => {
    const byCurve = curves.map((c) => interpolate(c.ks, c.fs, k));
    return sizes.length === 1 ? byCurve[0] : interpolate(sizes, byCurve, batchSize);
  };
}
