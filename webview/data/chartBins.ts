/**
 * What the per-batch and per-request charts plot, binned so that a million requests draw as a few
 * hundred points without hiding anything: a bar per batch until there are more batches than
 * bars, then the largest batch of each time bin (and how many it stands for); latency
 * percentiles per completion-time slot, exact (nearest rank) over every request in the slot.
 * Pure (no Chart.js, no DOM), so the numbers are unit-tested.
 */
import { slotQuantile, type SeriesData } from './seriesData';

/** Bars the batch composition chart draws at most. */
export const MAX_BARS = 400;

/** One bar of the batch composition chart. */
export interface BatchPoint {
  x: number;
  y: number;
  /** Batch index in the series (-1 for a bar that is no batch), and how many batches this bar stands for. */
  batch: number;
  represents: number;
}

/**
 * One bar per batch at its dispatch time (s), or, with more than `maxBars` batches, one per
 * equal slice of the dispatch times: the slice's batch with the most slots (real + padded),
 * so the tallest batch of the run is always drawn. `real` and `padded` stack.
 */
export function batchBars(s: SeriesData, maxBars = MAX_BARS): { real: BatchPoint[]; padded: BatchPoint[] } {
  const c = s.batches;
  const n = s.batchCount;
  const real: BatchPoint[] = [];
  const padded: BatchPoint[] = [];
  const push = (b: number, represents: number): void => {
    const x = c.dispatchMs.get(b) / 1000;
    const size = c.size.get(b);
    real.push({ x, y: size, batch: b, represents });
    padded.push({ x, y: Math.max(0, c.paddedSize.get(b) - size), batch: b, represents });
  };
  if (n <= maxBars) {
    for (let b = 0; b < n; b++) push(b, 1);
    return { real, padded };
  }
  const end = Math.max(c.dispatchMs.get(n - 1), 1);
  const width = end / maxBars;
  let slot = -1;
  let best = -1;
  let count = 0;
  for (let b = 0; b < n; b++) {
    const k = Math.min(maxBars - 1, Math.floor(c.dispatchMs.get(b) / width));
    if (k !== slot) {
      if (best >= 0) push(best, count);
      slot = k;
      best = b;
      count = 0;
    }
    count++;
    if (c.paddedSize.get(b) > c.paddedSize.get(best)) best = b;
  }
  if (best >= 0) push(best, count);
  return { real, padded };
}

/** The q-quantile (0..1) of end-to-end latency per completion-time slot, at the slot's centre (s). */
export function latencyQuantileSeries(s: SeriesData, q: number): Array<{ x: number; y: number }> {
  const out: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < s.slots.length; i++) {
    const slot = s.slots[i];
    if (slot.values.length === 0) continue;
    out.push({ x: ((i + 0.5) * s.slotMs) / 1000, y: slotQuantile(slot, q) });
  }
  return out;
}
