/**
 * What the engine adds to each batch beside the model, measured on the real pipeline: a short
 * closed-loop run of `none` that keeps every instance busy, whose records give the hand-over
 * (dispatch → compute start) and the return (compute end → done) of each batch. The what-if
 * simulator adds them to every simulated batch; without them it would be optimistic in
 * proportion to how small the model's own latency is.
 */
import type { PipelineCalibration } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';
import { inIntervals } from '../../shared/measurementPlan';
import type { Executor } from './executor';
import { runStrategy } from './strategyRun';
import { roundTime, thinSorted } from './calibration';
import { MAX_KEPT_SAMPLES } from '../../shared/profileTypes';

/** Measured time of the probe, s, after its own warm-up. */
const PROBE_S = 0.4;
const PROBE_WARMUP_S = 0.2;

export async function probePipeline(
  executor: Executor,
  sizeKeyOf: (id: number) => number,
  signal?: AbortSignal,
): Promise<PipelineCalibration | null> {
  const outcome = await runStrategy({
    index: 0,
    label: 'pipeline probe',
    config: { name: 'none' },
    executor,
    // Two requests per instance in flight: each completion finds the next request waiting.
    arrival: { kind: 'closed', concurrency: 2 * executor.instances },
    rateRps: null,
    durationS: PROBE_S,
    seed: 1,
    sloMs: null,
    signal,
    sizeKeyOf,
    warmupS: PROBE_WARMUP_S,
  });
  const { requests: r, batches: b, measured } = outcome.result;
  const handoff: number[] = [];
  const back: number[] = [];
  for (let id = 0; id < r.batch.length; id++) {
    const k = r.batch[id];
    if (k < 0 || !Number.isFinite(r.doneMs[id]) || !inIntervals(measured, r.scheduledMs[id])) continue;
    handoff.push(b.computeStartMs[k] - b.dispatchMs[k]);
    back.push(r.doneMs[id] - b.computeEndMs[k]);
  }
  if (handoff.length === 0) return null;
  handoff.sort((x, y) => x - y);
  back.sort((x, y) => x - y);
  const handoffMs = Math.max(0, nearestRank(handoff, 0.5));
  // What one instance takes per batch, all told: the measured time over the batches it ran. The
  // engine's cost beyond the model and the hand-off (recording, waking the scheduler, the cores
  // it shares) shows here even where no single timestamp pair catches it; the return is sized
  // so that a simulated cycle takes as long as a real one.
  let computeSum = 0;
  let batches = 0;
  for (let k = 0; k < b.dispatchMs.length; k++) {
    if (!inIntervals(measured, b.dispatchMs[k])) continue;
    computeSum += b.computeEndMs[k] - b.computeStartMs[k];
    batches++;
  }
  const spanMs = (measured ?? []).reduce((sum, i) => sum + (i.toMs - i.fromMs), 0);
  const cycleMs = batches > 0 ? (spanMs * executor.instances) / batches : NaN;
  const meanCompute = batches > 0 ? computeSum / batches : NaN;
  const returnMs = Math.max(0, nearestRank(back, 0.5), cycleMs - meanCompute - handoffMs);
  // The distributions too, rare stalls (a descheduled thread, a GC) kept: they make a real run's
  // tail. The shift makes the drawn cycle's mean the measured one.
  const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
  const returnShiftMs = Math.max(0, cycleMs - meanCompute - mean(handoff) - mean(back));
  return {
    handoffMs,
    returnMs: Number.isFinite(returnMs) ? returnMs : 0,
    samples: handoff.length,
    cycleMs,
    handoffSamplesMs: thinSorted(handoff.map(roundTime), MAX_KEPT_SAMPLES),
    returnSamplesMs: thinSorted(back.map(roundTime), MAX_KEPT_SAMPLES),
    returnShiftMs: Number.isFinite(returnShiftMs) ? returnShiftMs : 0,
  };
}
