import * as assert from 'assert';
import { TimeSeriesRecorder } from '../../../src/engine/metrics/timeSeries';
import type { LiveSample } from '../../../src/shared/liveEvents';

const sample = (tMs: number, extra: Partial<LiveSample> = {}): LiveSample => ({
  tMs,
  completionsPerS: tMs * 2,
  queueDepth: tMs / 100,
  batchesInFlight: 1,
  processCpuPercent: 50,
  systemCpuPercent: 20,
  ...extra,
});

describe('TimeSeriesRecorder', () => {
  it('hands out only the samples taken since the previous drain', () => {
    const rec = new TimeSeriesRecorder(100);
    rec.sample(sample(100));
    rec.sample(sample(200));
    assert.deepStrictEqual(
      rec.drainNew().map((s) => s.tMs),
      [100, 200],
    );
    assert.deepStrictEqual(rec.drainNew(), []);
    rec.sample(sample(300));
    assert.deepStrictEqual(
      rec.drainNew().map((s) => s.tMs),
      [300],
    );
  });

  it('builds columns, without GPU columns when no sample had a GPU reading', () => {
    const rec = new TimeSeriesRecorder(250);
    rec.sample(sample(250));
    rec.sample(sample(500));
    rec.drainNew();
    const series = rec.toTimeSeries();
    assert.deepStrictEqual(series, {
      intervalMs: 250,
      tMs: [250, 500],
      completionsPerS: [500, 1000],
      queueDepth: [2.5, 5],
      batchesInFlight: [1, 1],
      processCpuPercent: [50, 50],
      systemCpuPercent: [20, 20],
    });
  });

  it('adds GPU columns when a sample had one, 0 before the first reading', () => {
    const rec = new TimeSeriesRecorder(100);
    rec.sample(sample(100));
    rec.sample(sample(200, { gpuUtilPercent: 70, gpuMemoryMiB: 1024 }));
    const series = rec.toTimeSeries();
    assert.deepStrictEqual(series.gpuUtilPercent, [0, 70]);
    assert.deepStrictEqual(series.gpuMemoryMiB, [0, 1024]);
  });

  it('adds a policy column for each figure the policy reported, NaN where it had none', () => {
    const rec = new TimeSeriesRecorder(100);
    rec.sample(sample(100, { policyCapBatch: 4 }));
    rec.sample(sample(200, { policyCapBatch: 6, policyEstimateMs: 3.5 }));
    const series = rec.toTimeSeries();
    assert.deepStrictEqual(series.policyCapBatch, [4, 6]);
    assert.deepStrictEqual(series.policyEstimateMs, [NaN, 3.5]);
    assert.strictEqual(series.policyCostPerItemMs, undefined);
    assert.strictEqual(series.policyCostBaseMs, undefined);
  });
});
