/**
 * The input lengths calibration runs at, chosen among the request-input pool the workers build
 * (drawRequestDims): one representative length for the per-size points (the chart's curve), and
 * a few across the pool's range for the batch size × length grid a simulator reads.
 */
import type { CalibrationLength, ModelSummary } from '../../shared/profileTypes';
import { sizeKeyOfDims } from '../model';

/** A length calibration runs at, and the pool entry (a request id below the pool size) that has it. */
export interface LengthChoice extends CalibrationLength {
  requestId: number;
}

/** Where the grid's lengths sit among the pool's size keys: smallest, quartiles, largest. */
export const GRID_QUANTILES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/**
 * The representative length (the pool entry with the median size key) and the grid's lengths
 * (the entries at {@link GRID_QUANTILES} of the size keys, distinct keys only, ascending; empty
 * when every entry has the same size key). Null when the model has no symbolic dims.
 *
 * @param dimsTable the pool's dims, entry i serving the requests whose id % pool size is i
 */
export function calibrationLengths(
  summary: ModelSummary,
  dimsTable: ReadonlyArray<Record<string, number>>,
): { representative: LengthChoice; grid: LengthChoice[] } | null {
  if (summary.dims.length === 0 || dimsTable.length === 0) return null;
  const entries = dimsTable
    .map((dims, requestId): LengthChoice => ({
      requestId,
      sizeKey: sizeKeyOfDims(summary, dims),
      dims: { ...dims },
    }))
    .sort((a, b) => a.sizeKey - b.sizeKey || a.requestId - b.requestId);
  const at = (q: number): LengthChoice => entries[Math.round(q * (entries.length - 1))];
  const representative = at(0.5);
  const grid: LengthChoice[] = [];
  if (entries[0].sizeKey !== entries[entries.length - 1].sizeKey) {
    for (const q of GRID_QUANTILES) {
      const entry = q === 0.5 ? representative : at(q);
      if (!grid.some((g) => g.sizeKey === entry.sizeKey)) grid.push(entry);
    }
  }
  return { representative, grid };
}
