import type { StrategyResult } from '../../shared/profileTypes';
import { windowsOf, type Interval } from '../../shared/measurementPlan';
import { judgeStability, WindowCollector, type Stability } from '../../shared/stability';

/**
 * The stability windows of measured intervals, from the recorded columns: completions (by done
 * time) of every request, warm-up ones included, since a window is about the system's state then.
 */
export function stabilityOf(
  requests: StrategyResult['requests'],
  measured: readonly Interval[],
  windowMs: number,
  tolerance: number,
): Stability {
  const collector = new WindowCollector(windowsOf(measured, windowMs));
  const n = requests.scheduledMs.length;
  for (let i = 0; i < n; i++) {
    const done = requests.doneMs[i];
    if (requests.batch[i] >= 0 && Number.isFinite(done)) collector.add(done, done - requests.scheduledMs[i]);
  }
  return judgeStability(collector.stats(), tolerance, windowMs);
}
