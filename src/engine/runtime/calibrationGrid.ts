/**
 * The batch size × padded length grid: each cell a batch whose requests all have one input
 * length (one pool entry repeated), timed on instance 0 alone. A simulator looks a mixed batch up
 * by its padded size key (see CalibrationDetail for how batches are padded).
 */
import { MAX_GRID_SAMPLES, type CalibrationGridCell, type CalibrationPoint } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';
import type { LengthChoice } from './calibrationLengths';
import { repeatedIds, thinSorted, timeBatch, type RunBudget } from './calibration';
import type { Executor } from './executor';

/**
 * Runs per grid cell: one untimed, then 3 timed, more only while the cell has used under 25 ms
 * (at most MAX_GRID_SAMPLES). A cell thus costs about max(25 ms, 4 runs); see docs/measurement.md.
 */
export const GRID_BUDGET: Required<RunBudget> = { minRuns: 3, maxRuns: MAX_GRID_SAMPLES, budgetMs: 25 };

/**
 * Times every batch size at every length, ascending by length then size. Where `measured` has
 * the per-size points of one of the lengths (the representative one), that row is taken from
 * them instead of timed again. Stops at an abort with the cells done so far.
 */
export async function calibrateGrid(
  executor: Executor,
  sizes: readonly number[],
  lengths: readonly LengthChoice[],
  opts: {
    budget?: RunBudget;
    signal?: AbortSignal;
    measured?: { length: LengthChoice; points: readonly CalibrationPoint[] };
  } = {},
): Promise<CalibrationGridCell[]> {
  const budget = { ...GRID_BUDGET, ...opts.budget };
  const cells: CalibrationGridCell[] = [];
  for (const length of [...lengths].sort((a, b) => a.sizeKey - b.sizeKey)) {
    const reuse =
      opts.measured && opts.measured.length.sizeKey === length.sizeKey ? opts.measured.points : null;
    for (const size of sizes) {
      const point = reuse?.find((p) => p.batchSize === size);
      const times =
        point?.samplesMs && point.samplesMs.length > 0
          ? point.samplesMs
          : await timeBatch(executor, repeatedIds(length.requestId)(size), size, budget, opts.signal);
      if (times.length === 0) return cells;
      cells.push({
        batchSize: size,
        sizeKey: length.sizeKey,
        dims: { ...length.dims },
        latencyMs: point ? point.latencyMs : nearestRank(times, 0.5),
        p90Ms: point ? point.p90Ms : nearestRank(times, 0.9),
        samples: point ? point.samples : times.length,
        samplesMs: thinSorted(times, MAX_GRID_SAMPLES),
      });
    }
  }
  return cells;
}
