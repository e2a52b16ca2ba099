/**
 * A deterministic, simulated profile for the browser tests until a recorded real run is used:
 * Poisson arrivals through a one-instance queue with a batch-size-dependent service time, under
 * none / static / dynamic. The numbers are self-consistent (every request's timings come from the
 * simulated batches), not measurements.
 */
import { maxBatchOf } from '../../src/shared/strategies/strategyConfigs';
import type {
  BatchColumns,
  Percentiles,
  Profile,
  RequestColumns,
  StrategyConfig,
  StrategyResult,
  TimeSeries,
} from '../../src/shared/profileTypes';
// The engine's seeded PRNG (mulberry32), so the fixture never changes between runs.
import { createRng } from '../../src/engine/workload/rng';

export interface SyntheticOptions {
  requests?: number;
  rateRps?: number;
  modelPath?: string;
  withGpu?: boolean;
  sloMs?: number | null;
  seed?: number;
}

const serviceMs = (size: number): number => 0.6 + 0.25 * size;

function percentiles(values: number[]): Percentiles {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number): number => v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))] ?? 0;
  const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return {
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    p999: q(0.999),
    max: v[v.length - 1] ?? 0,
    mean,
  };
}

function simulate(
  config: StrategyConfig,
  arrivals: number[],
  durationMs: number,
  withGpu: boolean,
  sloMs: number | null,
): StrategyResult {
  const n = arrivals.length;
  const maxBatch = maxBatchOf(config);
  const delay =
    config.name === 'dynamic' ? (config.maxDelayMs as number) : config.name === 'static' ? Infinity : 0;
  const req: RequestColumns = {
    scheduledMs: Float64Array.from(arrivals),
    enqueueMs: Float64Array.from(arrivals, (a) => a + 0.01),
    doneMs: new Float64Array(n),
    batch: new Int32Array(n).fill(-1),
  };
  const b = {
    dispatch: [] as number[],
    start: [] as number[],
    end: [] as number[],
    size: [] as number[],
    first: [] as number[],
    flushed: [] as number[],
  };
  const members: number[] = [];
  let next = 0;
  let free = 0;
  while (next < n) {
    // Wait until the instance is free and the policy would dispatch.
    const oldest = arrivals[next];
    let t = Math.max(free, oldest);
    const fullAt = arrivals[Math.min(n - 1, next + maxBatch - 1)];
    const hasFull = next + maxBatch <= n;
    let flushed = 0;
    if (maxBatch > 1) {
      const deadline = oldest + delay;
      if (hasFull && fullAt <= Math.max(t, Math.min(deadline, fullAt)))
        t = Math.max(t, Math.min(fullAt, Math.max(t, fullAt)));
      else if (Number.isFinite(deadline)) t = Math.max(t, deadline);
      else if (!hasFull) {
        t = Math.max(t, arrivals[n - 1]);
        flushed = 1;
      }
      if (hasFull) t = Math.min(t, Math.max(free, fullAt));
    }
    let size = 0;
    while (next + size < n && size < maxBatch && arrivals[next + size] <= t) size++;
    if (size === 0) size = 1;
    const batchIndex = b.size.length;
    const start = t + 0.02;
    const end = start + serviceMs(size);
    b.dispatch.push(t);
    b.start.push(start);
    b.end.push(end);
    b.size.push(size);
    b.first.push(members.length);
    b.flushed.push(flushed);
    for (let i = 0; i < size; i++) {
      const id = next + i;
      members.push(id);
      req.batch[id] = batchIndex;
      req.doneMs[id] = end + 0.03;
    }
    next += size;
    free = end;
  }
  const batches: BatchColumns = {
    dispatchMs: Float64Array.from(b.dispatch),
    computeStartMs: Float64Array.from(b.start),
    computeEndMs: Float64Array.from(b.end),
    size: Int32Array.from(b.size),
    paddedSize: Int32Array.from(b.size, (s, i) =>
      config.name === 'static' && b.flushed[i] ? s : s + (i % 7 === 0 && s > 1 ? 1 : 0),
    ),
    padFraction: Float32Array.from(b.size, (_s, i) => (i % 7 === 0 ? 0.1 : 0)),
    instance: new Int32Array(b.size.length),
    firstMember: Int32Array.from(b.first),
    members: Int32Array.from(members),
    flushed: Uint8Array.from(b.flushed),
  };
  const latency = Array.from(req.doneMs, (d, i) => d - arrivals[i]);
  const queue = Array.from({ length: n }, (_, i) => b.start[req.batch[i]] - arrivals[i]);
  const compute = Array.from({ length: n }, (_, i) => b.end[req.batch[i]] - b.start[req.batch[i]]);
  const endMs = b.end.reduce((m, e) => Math.max(m, e), durationMs);
  const ts: TimeSeries = {
    intervalMs: 100,
    tMs: [],
    completionsPerS: [],
    queueDepth: [],
    batchesInFlight: [],
    processCpuPercent: [],
    systemCpuPercent: [],
  };
  if (withGpu) {
    ts.gpuUtilPercent = [];
    ts.gpuMemoryMiB = [];
  }
  // Per 100 ms interval: completions, and queue depth = arrived minus started (both monotone counts).
  const slots = Math.ceil((endMs + 100) / 100);
  const doneIn = new Array<number>(slots + 1).fill(0);
  const arrivedBy = new Array<number>(slots + 1).fill(0);
  const startedBy = new Array<number>(slots + 1).fill(0);
  for (let i = 0; i < n; i++) {
    doneIn[Math.min(slots, Math.ceil(req.doneMs[i] / 100))]++;
    arrivedBy[Math.min(slots, Math.ceil(arrivals[i] / 100))]++;
    startedBy[Math.min(slots, Math.ceil(b.start[req.batch[i]] / 100))]++;
  }
  let arrived = 0;
  let started = 0;
  for (let k = 1; k <= slots; k++) {
    const t = k * 100;
    arrived += arrivedBy[k];
    started += startedBy[k];
    ts.tMs.push(t);
    ts.completionsPerS.push(doneIn[k] * 10);
    ts.queueDepth.push(Math.max(0, arrived - started));
    ts.batchesInFlight.push(1);
    ts.processCpuPercent.push(40 + 30 * Math.sin(t / 900) ** 2);
    ts.systemCpuPercent.push(20 + 10 * Math.cos(t / 1300) ** 2);
    ts.gpuUtilPercent?.push(50 + 40 * Math.sin(t / 700) ** 2);
    ts.gpuMemoryMiB?.push(900 + (t % 1000) / 10);
  }
  const lp = percentiles(latency);
  const label =
    config.name === 'none'
      ? 'none'
      : config.name === 'static'
        ? `static(batch=${config.batchSize})`
        : `dynamic(max=${config.maxBatch}, delay=${config.maxDelayMs}ms)`;
  return {
    label,
    config,
    partial: false,
    requests: req,
    batches,
    timeseries: ts,
    summary: {
      requests: n,
      completed: n,
      batches: b.size.length,
      durationS: endMs / 1000,
      throughputRps: n / (endMs / 1000),
      latencyMs: lp,
      queueMs: percentiles(queue),
      computeMs: percentiles(compute),
      batchSize: { mean: n / b.size.length, max: b.size.reduce((m, x) => Math.max(m, x), 0) },
      paddingRatio: 0.02,
      cpuPercent: 55,
      systemCpuPercent: 25,
      goodput: sloMs === null ? null : latency.filter((l) => l <= sloMs).length / n,
      delayHonour: null,
    },
  };
}

/** A complete profile with none, static(8) and dynamic(8, 2 ms) on the same Poisson arrivals. */
export function syntheticProfile(opts: SyntheticOptions = {}): Profile {
  const n = opts.requests ?? 3000;
  const rate = opts.rateRps ?? 600;
  const random = createRng(opts.seed ?? 7);
  const arrivals: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - random()) / rate) * 1000;
    arrivals.push(t);
  }
  const durationS = Math.ceil(t / 1000);
  const sloMs = opts.sloMs === undefined ? 10 : opts.sloMs;
  const strategies: StrategyConfig[] = [
    { name: 'none' },
    { name: 'static', batchSize: 8 },
    { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
  ];
  const path = opts.modelPath ?? '/work/samples/mlp.onnx';
  return {
    format: 'batchscope-profile',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    tool: { name: 'batchscope', version: '0.1.0' },
    ortVersion: '1.30.0',
    executionProvider: 'cpu',
    machine: {
      hostname: 'test',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'Synthetic CPU',
      cpuCount: 2,
      totalMemoryBytes: 2 ** 34,
      nodeVersion: 'v20',
      gpu: opts.withGpu ? { name: 'Synthetic GPU', memoryMiB: 16384 } : null,
    },
    model: {
      path,
      fileName: path.split('/').pop() ?? path,
      sha256: 'ab'.repeat(32),
      bytes: 12345,
      inputs: [
        { name: 'x', dtype: 'float32', shape: ['batch', 'seq', 16], batchAxis: 0, batchAxisSource: 'probe' },
        { name: 'scale', dtype: 'float32', shape: [1], batchAxis: null, batchAxisSource: 'none' },
      ],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 4], batchAxis: 0, batchAxisSource: 'probe' }],
      dims: [{ name: 'seq', min: 8, max: 32, source: 'default' }],
      fixedInputs: {},
      batchable: true,
      maxBatchSupported: null,
    },
    settings: {
      arrival: { kind: 'poisson' },
      rateRps: rate,
      rateDerived: false,
      durationS,
      warmupS: 1,
      instances: 1,
      threads: 1,
      provider: 'cpu',
      sloMs,
      seed: opts.seed ?? 7,
      strategies,
    },
    calibration: [1, 2, 4, 8].map((size) => ({
      batchSize: size,
      latencyMs: serviceMs(size),
      p90Ms: serviceMs(size) * 1.1,
      throughput: (size / serviceMs(size)) * 1000,
      samples: 50,
    })),
    strategies: strategies.map((s) => simulate(s, arrivals, durationS * 1000, opts.withGpu ?? false, sloMs)),
    partial: false,
    warnings: ['Synthetic profile for tests: the numbers are simulated, not measured.'],
  };
}
