/**
 * Judges whether a run's timing can be trusted and says so in plain words. A profiler that
 * measured under a starved CPU or with late timers must not present its numbers as clean.
 */
import { inIntervals } from '../../shared/measurementPlan';
import type { StrategyResult } from '../../shared/profileTypes';
import { nearestRank } from '../../shared/nearestRank';

/** Thresholds (ms / percent) beyond which a measurement is flagged. */
export const DELAY_HONOUR_P99_LIMIT_MS = 0.5;
export const ARRIVAL_LAG_P99_LIMIT_MS = 1;
export const SYSTEM_CPU_SATURATED_PERCENT = 90;
/** A p99 over fewer timed dispatches than this says nothing; no warning is drawn from it. */
export const DELAY_HONOUR_MIN_SAMPLES = 20;

function p99(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return nearestRank(sorted, 0.99);
}

/** Warning when the run asks for more threads than the machine has cores (they will time-share). */
export function oversubscriptionWarning(instances: number, threads: number, cores: number): string | null {
  // +1: the scheduler thread spins near deadlines and needs a core of its own.
  const needed = instances * threads + 1;
  if (needed <= cores) return null;
  return (
    `${instances} instance(s) × ${threads} thread(s) + the scheduler need ${needed} cores but this machine has ${cores}: ` +
    'threads will time-share and latencies include waiting for a core. Lower --instances or --threads for clean numbers.'
  );
}

/**
 * Warnings about one strategy's timing. `cores` is the machine's core count: system CPU is judged
 * by what *other* processes used, since the engine's own spinning threads can fill a small
 * machine by themselves without distorting anything.
 */
export function strategyTimingWarnings(s: StrategyResult, cores: number): string[] {
  const warnings: string[] = [];
  const r = s.requests;
  // Measured requests only: the warm-up is left out of this as of every figure.
  const lag = new Float64Array(r.scheduledMs.length);
  let n = 0;
  for (let i = 0; i < r.scheduledMs.length; i++)
    if (inIntervals(s.measured, r.scheduledMs[i])) lag[n++] = r.enqueueMs[i] - r.scheduledMs[i];
  const lagP99 = p99(lag.subarray(0, n));
  if (lagP99 > ARRIVAL_LAG_P99_LIMIT_MS) {
    warnings.push(
      `${s.label}: the scheduler enqueued arrivals late (p99 ${lagP99.toFixed(2)} ms after their scheduled time). ` +
        'Latencies stay honest (they count from the scheduled time) but the load generator could not keep up: ' +
        'the CPU was busy or the rate too high for this machine.',
    );
  }
  const dh = s.summary.delayHonour;
  if (dh && dh.samples >= DELAY_HONOUR_MIN_SAMPLES && dh.p99ErrorMs > DELAY_HONOUR_P99_LIMIT_MS) {
    warnings.push(
      `${s.label}: the max queue delay was honoured only to ${dh.p99ErrorMs.toFixed(2)} ms (p99 lateness over ${dh.samples} timed dispatches); ` +
        'batches waited longer than configured, so this strategy looks worse than it would on a quiet machine.',
    );
  }
  // systemCpuPercent is of all cores, cpuPercent (this process) of one core.
  const othersPercentOfOneCore = Math.max(0, s.summary.systemCpuPercent * cores - s.summary.cpuPercent);
  const headroomPercentOfOneCore = (100 - SYSTEM_CPU_SATURATED_PERCENT) * cores;
  if (
    s.summary.systemCpuPercent > SYSTEM_CPU_SATURATED_PERCENT &&
    othersPercentOfOneCore > headroomPercentOfOneCore
  ) {
    warnings.push(
      `${s.label}: the system CPU was ${s.summary.systemCpuPercent.toFixed(0)}% busy during the run, ` +
        `${othersPercentOfOneCore.toFixed(0)}% of a core of it by other processes; they competed with the model and ` +
        'the scheduler, so latencies may be inflated.',
    );
  }
  return warnings;
}
