/**
 * A deterministic, realistic-looking profile for codec tests: Poisson arrivals, FIFO batches of
 * consecutive requests (up to 8), compute time growing with batch size, µs-jittered timestamps
 * with sub-microsecond noise (so rounding is exercised), one request that never ran.
 */
import type {
  BatchColumns,
  Profile,
  RequestColumns,
  StrategyResult,
  StrategySummary,
} from '../../../src/shared/profileTypes';
// The engine's seeded PRNG (mulberry32), so the fixture never changes between runs.
import { createRng } from '../../../src/engine/workload/rng';

const emptyPercentiles = { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };

/** A placeholder summary; tests that care about summaries recompute it. */
export const placeholderSummary = (requests: number, batches: number): StrategySummary => ({
  requests,
  completed: requests,
  batches,
  durationS: 1,
  throughputRps: requests,
  latencyMs: { ...emptyPercentiles },
  queueMs: { ...emptyPercentiles },
  computeMs: { ...emptyPercentiles },
  batchSize: { mean: 1, max: 1 },
  paddingRatio: 0,
  cpuPercent: 50,
  systemCpuPercent: 25,
  goodput: null,
  delayHonour: null,
});

/** Columns for `n` requests at `rateRps`, batched FIFO up to `maxBatch`. */
export function syntheticColumns(
  n: number,
  opts: { seed?: number; rateRps?: number; maxBatch?: number; instances?: number } = {},
): { requests: RequestColumns; batches: BatchColumns } {
  const random = createRng(opts.seed ?? 1);
  const rate = opts.rateRps ?? 2000;
  const maxBatch = opts.maxBatch ?? 8;
  const instances = opts.instances ?? 2;
  const scheduledMs = new Float64Array(n);
  const enqueueMs = new Float64Array(n);
  const doneMs = new Float64Array(n);
  const batch = new Int32Array(n).fill(-1);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - random()) * 1000) / rate;
    scheduledMs[i] = t;
    enqueueMs[i] = t + 0.002 + random() * 0.02;
  }
  const dispatch: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const size: number[] = [];
  const instance: number[] = [];
  const members: number[] = [];
  const first: number[] = [];
  const flushed: number[] = [];
  const freeAt = new Array<number>(instances).fill(0);
  // The last request never runs (as if the run was cut short before it was dispatched).
  const runnable = n > 0 ? n - 1 : 0;
  for (let i = 0; i < runnable;) {
    const k = Math.min(runnable - i, 1 + Math.floor(random() * maxBatch));
    const inst = dispatch.length % instances;
    const d = Math.max(enqueueMs[i + k - 1] + 0.05 + random() * 2, freeAt[inst]);
    const s = d + 0.01 + random() * 0.03;
    const e = s + 0.5 + 0.1 * k + random() * 0.2;
    freeAt[inst] = e;
    first.push(members.length);
    for (let j = 0; j < k; j++) {
      members.push(i + j);
      batch[i + j] = dispatch.length;
      doneMs[i + j] = e + 0.003 + random() * 0.01;
    }
    dispatch.push(d);
    start.push(s);
    end.push(e);
    size.push(k);
    instance.push(inst);
    flushed.push(i + k === runnable ? 1 : 0);
    i += k;
  }
  if (n > 0) doneMs[n - 1] = NaN;
  return {
    requests: { scheduledMs, enqueueMs, doneMs, batch },
    batches: {
      dispatchMs: Float64Array.from(dispatch),
      computeStartMs: Float64Array.from(start),
      computeEndMs: Float64Array.from(end),
      size: Int32Array.from(size),
      paddedSize: Int32Array.from(size, (s, b) => (b % 5 === 0 ? s + 1 : s)),
      padFraction: Float32Array.from(size, (_, b) => (b % 7 === 0 ? 0.125 : 0)),
      instance: Int32Array.from(instance),
      firstMember: Int32Array.from(first),
      members: Int32Array.from(members),
      flushed: Uint8Array.from(flushed),
    },
  };
}

export function syntheticStrategy(n: number, seed = 1): StrategyResult {
  const columns = syntheticColumns(n, { seed });
  return {
    label: 'dynamic(max=8, delay=2ms)',
    config: { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
    summary: placeholderSummary(n, columns.batches.size.length),
    requests: columns.requests,
    batches: columns.batches,
    timeseries: {
      intervalMs: 100,
      tMs: [100, 200, 300],
      completionsPerS: [1990, 2010, 2000],
      queueDepth: [1, 3, 2],
      batchesInFlight: [1, 2, 1],
      processCpuPercent: [80, 85.5, 90],
      systemCpuPercent: [40, 42, NaN],
    },
    partial: false,
  };
}

/** A whole profile with one strategy per entry of `sizes` (request counts). */
export function syntheticProfile(sizes: number[] = [1000]): Profile {
  return {
    format: 'batchscope-profile',
    version: 1,
    createdAt: '2026-11-28T12:00:00.000Z',
    tool: { name: 'batchscope', version: '0.1.0' },
    ortVersion: '1.30.0',
    executionProvider: 'cpu',
    machine: {
      hostname: 'test',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cpuCount: 2,
      totalMemoryBytes: 8 * 2 ** 30,
      nodeVersion: 'v20.0.0',
      gpu: null,
    },
    model: {
      path: '/models/mlp.onnx',
      fileName: 'mlp.onnx',
      sha256: 'ab'.repeat(32),
      bytes: 1234,
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 16], batchAxis: 0, batchAxisSource: 'probe' }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 4], batchAxis: 0, batchAxisSource: 'probe' }],
      dims: [],
      fixedInputs: {},
      batchable: true,
      maxBatchSupported: null,
    },
    settings: {
      arrival: { kind: 'poisson' },
      rateRps: 2000,
      rateDerived: false,
      durationS: 10,
      warmupS: 1,
      instances: 2,
      threads: 1,
      provider: 'cpu',
      sloMs: 5,
      seed: 42,
      strategies: [{ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }],
    },
    calibration: [{ batchSize: 1, latencyMs: 0.6, p90Ms: 0.7, throughput: 1666.7, samples: 50 }],
    strategies: sizes.map((n, i) => syntheticStrategy(n, i + 1)),
    partial: false,
    warnings: ['timer resolution is coarse'],
  };
}
