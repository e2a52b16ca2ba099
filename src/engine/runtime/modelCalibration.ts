/**
 * The whole calibration stage of a run, after warm-up: the per-size points at one stated input
 * length, then the batch size × length grid (models whose requests vary in size), then the
 * concurrency points (more than one instance). See CalibrationDetail for what each is for.
 */
import type { CalibrationDetail, CalibrationPoint, ModelSummary } from '../../shared/profileTypes';
import { describeLength } from '../../shared/describeLength';
import { drawRequestDims } from '../model';
import { calibrate, idsUpTo, repeatedIds, type RunPace } from './calibration';
import { calibrateGrid } from './calibrationGrid';
import { calibrationLengths } from './calibrationLengths';
import { monotonicMs } from './clock';
import { calibrateConcurrency } from './concurrencyCalibration';
import type { Executor } from './executor';

export interface ModelCalibrationOptions {
  /** Batch sizes of the per-size points and the grid. */
  sizes: number[];
  /** The seed and pool size the workers built their request inputs with (see requestInputs.ts). */
  inputSeed: number;
  inputPoolSize: number;
  pace?: RunPace;
  signal?: AbortSignal;
  /** Progress, one line per part. */
  onStage?: (message: string) => void;
}

/** Calibrates the model on `executor` (warmed up, nothing else running on it). */
export async function calibrateModel(
  executor: Executor,
  model: ModelSummary,
  opts: ModelCalibrationOptions,
): Promise<{ points: CalibrationPoint[]; detail: CalibrationDetail }> {
  const lengths = calibrationLengths(model, drawRequestDims(model, opts.inputSeed, opts.inputPoolSize));
  const ids = lengths ? repeatedIds(lengths.representative.requestId) : idsUpTo;
  const at = lengths ? ` at ${describeLength(lengths.representative)}` : '';
  opts.onStage?.(`Calibrating latency per batch size${at}`);
  const points = await calibrate(executor, opts.sizes, { signal: opts.signal, pace: opts.pace, ids });

  let t = monotonicMs();
  let grid: CalibrationDetail['grid'] = [];
  if (lengths && lengths.grid.length > 0) {
    opts.onStage?.(
      `Calibrating ${opts.sizes.length} batch size(s) × ${lengths.grid.length} lengths (${lengths.grid.map(describeLength).join(', ')})`,
    );
    grid = await calibrateGrid(executor, opts.sizes, lengths.grid, {
      signal: opts.signal,
      measured: { length: lengths.representative, points },
    });
  }
  const gridMs = monotonicMs() - t;

  t = monotonicMs();
  let concurrency: CalibrationDetail['concurrency'] = [];
  const calibrated = points.map((p) => p.batchSize);
  if (executor.instances > 1 && calibrated.length > 0) {
    const batchSizes = [...new Set([calibrated[0], calibrated[calibrated.length - 1]])];
    opts.onStage?.(
      `Calibrating ${executor.instances} instances computing at once (batch ${batchSizes.join(' and ')})`,
    );
    concurrency = await calibrateConcurrency(executor, batchSizes, { ids, signal: opts.signal });
  }
  const concurrencyMs = monotonicMs() - t;

  const length = lengths
    ? { sizeKey: lengths.representative.sizeKey, dims: lengths.representative.dims }
    : null;
  return {
    points,
    detail: { length, grid, concurrency, timeMs: { grid: gridMs, concurrency: concurrencyMs } },
  };
}
