import type { TimeSeries } from '../../shared/profileTypes';
import { POLICY_SERIES, type LiveSample } from '../../shared/liveEvents';

/**
 * Collects the fixed-interval samples of one strategy's run. The scheduler calls `sample` once
 * per interval; `drainNew` hands the samples taken since the previous drain to the live view;
 * `toTimeSeries` gives the whole series in columns for the profile.
 */
export class TimeSeriesRecorder {
  private readonly samples: LiveSample[] = [];
  private drained = 0;

  /** @param intervalMs the sampling interval, recorded in the series. */
  constructor(readonly intervalMs: number) {}

  /** Appends one sample (kept as given; the caller must not mutate it afterwards). */
  sample(s: LiveSample): void {
    this.samples.push(s);
  }

  /** Samples added since the previous call (all of them on the first call). */
  drainNew(): LiveSample[] {
    const fresh = this.samples.slice(this.drained);
    this.drained = this.samples.length;
    return fresh;
  }

  /**
   * The series in columns. GPU columns are present only when at least one sample had a GPU
   * reading; a sample taken before the first reading arrived holds 0 there. A policy column is
   * present only when the policy reported that figure at least once; NaN where it did not.
   */
  toTimeSeries(): TimeSeries {
    const s = this.samples;
    const series: TimeSeries = {
      intervalMs: this.intervalMs,
      tMs: s.map((x) => x.tMs),
      completionsPerS: s.map((x) => x.completionsPerS),
      queueDepth: s.map((x) => x.queueDepth),
      batchesInFlight: s.map((x) => x.batchesInFlight),
      processCpuPercent: s.map((x) => x.processCpuPercent),
      systemCpuPercent: s.map((x) => x.systemCpuPercent),
    };
    if (s.some((x) => x.gpuUtilPercent !== undefined))
      series.gpuUtilPercent = s.map((x) => x.gpuUtilPercent ?? 0);
    if (s.some((x) => x.gpuMemoryMiB !== undefined)) series.gpuMemoryMiB = s.map((x) => x.gpuMemoryMiB ?? 0);
    for (const key of POLICY_SERIES) {
      if (s.some((x) => x[key] !== undefined)) series[key] = s.map((x) => x[key] ?? NaN);
    }
    return series;
  }
}
