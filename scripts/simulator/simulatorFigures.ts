/**
 * The what-if simulator's figures for `npm run bench`:
 *
 *  (h) speed: simulated requests per second of the event loop and records (no summary), for
 *      `none` and `dynamic`, on a constant-cost model; goal ≥ 5 M/s.
 *  (i) accuracy: simulated against real on the same arrivals (same settings, same seed), for
 *      `none` and `dynamic`, at 30%, 60% and 90% of each strategy's capacity, on the bundled
 *      samples. Goal: p50 within 10% and p99 within 20%. Every pair is printed, with the real
 *      run's own stability verdict (an unstable real run is not a fair reference).
 *
 * Also runnable alone: `node dist/simulatorBench.js [speed | MODEL …]` (simulatorBench.ts).
 */
import * as path from 'path';
import { defaultModelOptions } from '../../src/engine/model';
import { describeTarget } from '../../src/engine/target/target';
import { isSyntheticModelRef } from '../../src/shared/syntheticModel';
import { runProfile } from '../../src/engine/runtime/runProfile';
import { LatencyModel } from '../../src/engine/simulate/latencyModel';
import { simulateProfile } from '../../src/engine/simulate/simulateProfile';
import { simulateRecords } from '../../src/engine/simulate/simulateStrategy';
import { generateArrivals } from '../../src/engine/workload/arrivals';
import { parseStrategySpec } from '../../src/shared/strategies/strategySpec';
import type { CalibrationPoint, Profile, RunSettings, StrategyConfig } from '../../src/shared/profileTypes';

export interface Figure {
  name: string;
  value: string;
  goal: string;
  pass: boolean;
  note: string;
}

const SPEED_GOAL = 5_000_000;
/**
 * Beside the samples (fractions of a millisecond per batch, where the engine's own hand-off and
 * the machine's stalls are as large as the model), a model whose cost dominates: a synthetic one
 * at a few ms per batch with 10% jitter, on the real threads and scheduler.
 */
const SYNTHETIC = 'synthetic:base=2ms,per-item=0.5ms,jitter=10%';
const P50_GOAL = 0.1;
const P99_GOAL = 0.2;

/** Requests per second the simulator's loop gets through for `spec` at `rate` (best of 3). */
function simSpeed(spec: string, rate: number, requests: number): number {
  const points: CalibrationPoint[] = [1, 2, 4, 8, 16].map((b) => ({
    batchSize: b,
    latencyMs: 0.2 + 0.05 * b,
    p90Ms: 0.25 + 0.06 * b,
    throughput: (b * 1000) / (0.2 + 0.05 * b),
    samples: 10,
  }));
  const model = new LatencyModel(points);
  const config = parseStrategySpec(spec);
  const durationS = requests / rate;
  const sequence = generateArrivals({ kind: 'poisson' }, rate, durationS, 1);
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    simulateRecords({
      label: spec,
      config,
      context: { calibration: points, sloMs: null, instances: 1 },
      model,
      instances: 1,
      arrival: { kind: 'poisson' },
      sequence,
      segments: [{ fromMs: 0, measureFromMs: 0, toMs: durationS * 1000 }],
      sloMs: null,
      seed: 1,
      timeseries: false,
      viewColumns: true,
    });
    best = Math.max(best, sequence.length / ((performance.now() - t0) / 1000));
  }
  return best;
}

function settingsFor(config: StrategyConfig, rateRps: number | null): RunSettings {
  return {
    arrival: { kind: 'poisson' },
    rateRps,
    rateDerived: false,
    durationS: 4,
    warmupS: 0.5,
    strategyWarmupS: 0.5,
    order: 'fixed',
    instances: 1,
    threads: 1,
    provider: 'cpu',
    sloMs: null,
    seed: 42,
    strategies: [config],
  };
}

interface Pair {
  line: string;
  p50Err: number;
  p99Err: number;
  stable: boolean | null;
}

async function validateSample(file: string): Promise<Pair[]> {
  // A bundled sample, or a synthetic model (a known cost per batch on the real pipeline).
  const modelPath = isSyntheticModelRef(file) ? file : path.resolve(__dirname, '..', 'samples', file);
  const model = await describeTarget(modelPath, defaultModelOptions);
  const strategies = model.batchable ? ['none', 'dynamic(max=8,delay=1)'] : ['none'];
  const pairs: Pair[] = [];
  for (const spec of strategies) {
    const config = parseStrategySpec(spec);
    const size = spec === 'none' ? 1 : 8;
    // Capacity as the pipeline serves it: a closed loop that keeps the queue full (for a model
    // this small the engine, not the model, sets it; the calibration's throughput would overstate it).
    const saturated = await runProfile({
      modelPath,
      modelOptions: defaultModelOptions,
      model,
      settings: {
        ...settingsFor(config, null),
        arrival: { kind: 'closed', concurrency: 2 * size },
        durationS: 2,
      },
      maxBatchForCalibration: size,
    });
    const capacity = saturated.strategies[0].summary.throughputRps;
    for (const load of [0.3, 0.6, 0.9]) {
      const rate = Math.round(load * capacity);
      const real: Profile = await runProfile({
        modelPath,
        modelOptions: defaultModelOptions,
        model,
        settings: settingsFor(config, rate),
        maxBatchForCalibration: size,
        probePipeline: true,
      });
      const sim = simulateProfile({ ...real, strategies: [] });
      const r = real.strategies[0].summary;
      const s = sim.strategies[0].summary;
      const p50Err = s.latencyMs.p50 / r.latencyMs.p50 - 1;
      const p99Err = s.latencyMs.p99 / r.latencyMs.p99 - 1;
      const stable = r.stability?.stable ?? null;
      pairs.push({
        p50Err,
        p99Err,
        stable,
        line:
          `${(isSyntheticModelRef(file) ? 'synthetic 2+0.5n ms' : file).padEnd(19)} ${spec.padEnd(22)} ${String(Math.round(load * 100)).padStart(3)}% ${String(rate).padStart(6)} req/s  ` +
          `p50 real ${r.latencyMs.p50.toFixed(3)} sim ${s.latencyMs.p50.toFixed(3)} (${pct(p50Err)})  ` +
          `p99 real ${r.latencyMs.p99.toFixed(3)} sim ${s.latencyMs.p99.toFixed(3)} (${pct(p99Err)})` +
          `${stable === false ? '  [real run unstable]' : ''}`,
      });
    }
  }
  return pairs;
}

const pct = (e: number): string => `${e >= 0 ? '+' : ''}${(e * 100).toFixed(0)}%`;

/** Figure (h): the simulator's speed. */
export function simulatorSpeedFigure(): Figure {
  const none = simSpeed('none', 2000, 1_000_000);
  const dynamic = simSpeed('dynamic(max=16,delay=1)', 20_000, 2_000_000);
  return {
    name: '(h) simulator speed, dynamic(max=16, delay=1ms) at ~70% of capacity',
    value: `${(dynamic / 1e6).toFixed(2)} M req/s`,
    goal: `≥ ${SPEED_GOAL / 1e6} M req/s`,
    pass: dynamic >= SPEED_GOAL,
    note: `none (a batch and two events per request): ${(none / 1e6).toFixed(2)} M req/s; event loop and records, no summary`,
  };
}

/** Figure (i): simulated against real on the same arrivals, every pair listed. */
export async function simulatorAccuracyFigure(
  samples = ['mlp.onnx', 'convnet.onnx', 'sequence.onnx', SYNTHETIC],
): Promise<{ figure: Figure; lines: string[] }> {
  const pairs: Pair[] = [];
  for (const s of samples) pairs.push(...(await validateSample(s)));
  const p50Miss = pairs.filter((p) => Math.abs(p.p50Err) > P50_GOAL).length;
  const p99Miss = pairs.filter((p) => Math.abs(p.p99Err) > P99_GOAL).length;
  return {
    figure: {
      name: '(i) simulated vs real on the same arrivals (none, dynamic at 30/60/90% of capacity)',
      value: `${pairs.length - p50Miss}/${pairs.length} p50 within 10%, ${pairs.length - p99Miss}/${pairs.length} p99 within 20%`,
      goal: 'all',
      pass: p50Miss === 0 && p99Miss === 0,
      note: `median |error| p50 ${pct(median(pairs.map((p) => Math.abs(p.p50Err))))}, p99 ${pct(median(pairs.map((p) => Math.abs(p.p99Err))))}; every pair below`,
    },
    lines: pairs.map((p) => p.line),
  };
}

export async function simulatorFigures(samples?: string[]): Promise<{ figures: Figure[]; lines: string[] }> {
  const speed = simulatorSpeedFigure();
  const accuracy = await simulatorAccuracyFigure(samples);
  return { figures: [speed, accuracy.figure], lines: accuracy.lines };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}
