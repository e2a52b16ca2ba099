/**
 * A run that dies keeps what it measured: live events -> partial profile -> saved file that the
 * profile reader accepts. The host side of a real engine crash end to end (the engine child
 * killed by SIGKILL / SIGSEGV, partial profile saved) is in profileRun.test.ts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { eventsToPartialProfile } from '../../../src/engineProcess/eventsToPartialProfile';
import { readProfile, writeProfileAtomic } from '../../../src/engine/profile/profileIo';
import type { LiveBatch, LiveEvent } from '../../../src/shared/liveEvents';
import type { ModelSummary, RunSettings } from '../../../src/shared/profileTypes';

const model: ModelSummary = {
  path: '/models/m.onnx',
  fileName: 'm.onnx',
  sha256: 'a'.repeat(64),
  bytes: 10,
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4], batchAxis: 0, batchAxisSource: 'probe' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 2], batchAxis: 0, batchAxisSource: 'probe' }],
  dims: [],
  fixedInputs: {},
  batchable: true,
  maxBatchSupported: null,
};
const settings: RunSettings = {
  arrival: { kind: 'poisson' },
  rateRps: 100,
  rateDerived: false,
  durationS: 1,
  warmupS: 0,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  sloMs: 5,
  seed: 1,
  strategies: [{ name: 'none' }, { name: 'dynamic', maxBatch: 4, maxDelayMs: 2, preferredBatch: [] }],
};

function batch(
  index: number,
  computeStartMs: number,
  ids: number[],
  queue: number[],
  latency: number[],
): LiveBatch {
  return {
    index,
    dispatchMs: computeStartMs - 0.05,
    computeStartMs,
    computeEndMs: computeStartMs + 1,
    size: ids.length,
    paddedSize: ids.length,
    padFraction: 0,
    instance: 0,
    flushed: false,
    requestIds: ids,
    queueMs: queue,
    latencyMs: latency,
  };
}

const sample = (tMs: number) => ({
  tMs,
  completionsPerS: 10,
  queueDepth: 1,
  batchesInFlight: 1,
  processCpuPercent: 50,
  systemCpuPercent: 20,
});

describe('partial profile from live events', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-partial-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is undefined when nothing was measured', () => {
    assert.strictEqual(eventsToPartialProfile([], { reason: 'x' }), undefined);
    assert.strictEqual(
      eventsToPartialProfile([{ kind: 'model', model, settings }], { reason: 'x' }),
      undefined,
      'no strategy started',
    );
  });

  it('rebuilds requests and batches, keeps a finished strategy summary, and reads back valid', () => {
    const noneSummary = {
      requests: 2,
      completed: 2,
      batches: 2,
      durationS: 0.02,
      throughputRps: 100,
      latencyMs: { p50: 1, p90: 1, p95: 1, p99: 1, p999: 1, max: 1, mean: 1 },
      queueMs: { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 },
      computeMs: { p50: 1, p90: 1, p95: 1, p99: 1, p999: 1, max: 1, mean: 1 },
      batchSize: { mean: 1, max: 1 },
      paddingRatio: 0,
      cpuPercent: 50,
      systemCpuPercent: 20,
      goodput: 1,
      delayHonour: null,
    };
    const events: LiveEvent[] = [
      { kind: 'stage', stage: 'loading', message: 'Loading' },
      { kind: 'model', model, settings },
      {
        kind: 'calibration',
        points: [{ batchSize: 1, latencyMs: 1, p90Ms: 1, throughput: 1000, samples: 7 }],
      },
      {
        kind: 'strategyStart',
        strategy: 0,
        label: 'none',
        config: { name: 'none' },
        expectedRequests: 2,
        durationS: 1,
      },
      {
        kind: 'tick',
        strategy: 0,
        fraction: 1,
        completed: 2,
        rejected: 0,
        batches: [batch(0, 1, [0], [0.5], [1.5]), batch(1, 11, [1], [0.5], [1.5])],
        samples: [sample(100)],
      },
      { kind: 'strategyEnd', strategy: 0, summary: noneSummary, partial: false },
      {
        kind: 'strategyStart',
        strategy: 1,
        label: 'dynamic(max=4, delay=2ms)',
        config: settings.strategies[1],
        expectedRequests: 100,
        durationS: 1,
      },
      {
        kind: 'tick',
        strategy: 1,
        fraction: 0.1,
        completed: 3,
        // Two requests were rejected by the queue policy (the ticks say how many, not which).
        rejected: 2,
        // Request 2 was still queued at the crash: it never ran.
        batches: [batch(0, 4, [0, 1], [3, 1], [4, 2]), batch(1, 9, [3], [2], [3])],
        samples: [sample(100), sample(200)],
      },
      { kind: 'warning', message: 'timer coarse' },
    ];
    const profile = eventsToPartialProfile(events, { reason: 'the engine process crashed' })!;
    assert.ok(profile);
    assert.strictEqual(profile.partial, true);
    assert.strictEqual(profile.strategies.length, 2);
    const [none, dyn] = profile.strategies;
    assert.strictEqual(none.partial, false);
    assert.deepStrictEqual(none.summary, noneSummary);
    assert.strictEqual(dyn.partial, true);
    // scheduled = compute start - queue wait; done = scheduled + latency.
    assert.deepStrictEqual([...dyn.requests.scheduledMs], [1, 3, 3, 7]);
    assert.deepStrictEqual([...dyn.requests.doneMs].slice(0, 2), [5, 5]);
    assert.ok(Number.isNaN(dyn.requests.doneMs[2]));
    assert.deepStrictEqual([...dyn.requests.batch], [0, 0, -1, 1]);
    assert.deepStrictEqual([...dyn.batches.members], [0, 1, 3]);
    assert.strictEqual(dyn.summary.completed, 3, 'the never-run request is not counted as completed');
    assert.strictEqual(dyn.summary.requests, 4);
    assert.strictEqual(dyn.summary.rejected, 2, 'the rebuilt summary keeps the rejections the ticks counted');
    assert.strictEqual(dyn.timeseries.intervalMs, 100);
    assert.ok(profile.warnings.includes('timer coarse'));
    assert.ok(profile.warnings.some((w) => w.includes('the engine process crashed')));

    const file = path.join(tmp, 'partial.json');
    writeProfileAtomic(file, profile);
    const back = readProfile(file);
    assert.strictEqual(back.partial, true);
    assert.deepStrictEqual([...back.strategies[1].batches.members], [0, 1, 3]);
    assert.strictEqual(back.strategies[1].summary.completed, 3);
  });
});
