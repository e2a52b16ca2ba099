/**
 * `npm run bench`: the engine's overhead figures, measured side by side in one process
 * on the sample MLP against baselines run in the same process, each printed with its goal and a
 * plain PASS or MISS. Not part of `npm test` (it takes ~half a minute and wants a quiet machine).
 *
 *  (a) pipeline throughput at saturation ÷ a raw session.run loop at the same batch size
 *  (b) added p50 latency at light load under `none` vs a raw single inference
 *  (c) the scheduler alone with a null executor, requests/s
 *  (d) profile bytes per request
 *  (e) max queue delay honoured: p99 lateness of timed dispatches
 *  (f), (g) the viewer at ~1M requests: HTML report bytes ÷ profile bytes, and time until every
 *      chart is drawn in headless Chromium (report and panel); see scripts/viewer/
 *  (h), (i) the what-if simulator: requests simulated per second, and simulated against real on
 *      the same arrivals; see scripts/simulator/
 *
 * Goals (a) and (e) depend on the core count (see goalsFor); the engine's own CPU per request at
 * light, medium and saturating load is printed after them (no goal).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { percentiles } from '../src/engine/metrics/percentiles';
import { RecordBuffer } from '../src/engine/metrics/recordBuffer';
import {
  assembleBatch,
  createSession,
  defaultModelOptions,
  inspectModel,
  makeRequestInputPool,
  requestInputFor,
} from '../src/engine/model';
import { profileBytesPerRequest, writeProfileAtomic } from '../src/engine/profile/profileIo';
import { OpenLoopArrivals } from '../src/engine/runtime/arrivalSource';
import { calibrate } from '../src/engine/runtime/calibration';
import { monotonicMs } from '../src/engine/runtime/clock';
import { NullExecutor } from '../src/engine/runtime/executor';
import { runProfile } from '../src/engine/runtime/runProfile';
import { SchedulerCore } from '../src/engine/runtime/schedulerCore';
import { runStrategy, type StrategyRunOutcome } from '../src/engine/runtime/strategyRun';
import { WorkerPool } from '../src/engine/runtime/workerPool';
import { createPolicy } from '../src/shared/strategies/strategyConfigs';
import type { ModelSummary, StrategyConfig } from '../src/shared/profileTypes';
import { viewerFigures } from './viewer/viewerFigures';
import { simulatorFigures } from './simulator/simulatorFigures';

const MODEL = path.resolve(__dirname, '..', 'samples', 'mlp.onnx');
/** Batch size for the saturation comparison (a): large enough that the model, not Node, dominates. */
const SATURATION_BATCH = 32;
const PHASE_S = 2;

/**
 * Goals by machine size. Below 4 cores the model's thread and the scheduler thread fill the
 * machine (the engine then parks instead of spinning, spinPolicy.ts), and every GC or system
 * thread preempts one of them: (a) and (e) get looser goals there.
 */
function goalsFor(cores: number): { saturation: number; delayP99Us: number; text: string } {
  return cores >= 4
    ? { saturation: 0.97, delayP99Us: 100, text: `${cores} cores (≥ 4): (a) ≥ 0.97, (e) ≤ 100 µs` }
    : { saturation: 0.95, delayP99Us: 150, text: `${cores} cores (< 4): (a) ≥ 0.95, (e) ≤ 150 µs` };
}

/** CPU time this thread has run, ms (Linux /proc/thread-self/schedstat, ns resolution); NaN elsewhere. */
function threadCpuMs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * The engine's own CPU per request under `none` at a given load: the process's CPU time minus
 * the time the worker spent computing batches (building the batch, session.run, splitting the
 * outputs: with one intra-op thread that is its CPU time unless it was preempted), per completed
 * request. What is left is the scheduler thread, the workers' waiting (spins, wake-ups) and the
 * runtime's own threads (GC). The scheduler thread alone is measured directly as well (its CPU
 * time from the kernel).
 */
async function engineCpuAt(
  summary: ModelSummary,
  label: string,
  rateRps: number | null,
): Promise<{ line: string; computeP50Ms: number }> {
  return withPool(summary, 1, async (pool) => {
    const cpu0 = process.cpuUsage();
    const thread0 = threadCpuMs();
    const t0 = monotonicMs();
    const out = await runStrategy({
      index: 0,
      label: 'none',
      config: { name: 'none' },
      executor: pool,
      arrival: rateRps === null ? { kind: 'closed', concurrency: 4 } : { kind: 'poisson' },
      rateRps,
      durationS: PHASE_S,
      seed: 13,
      sloMs: null,
    });
    const wallMs = monotonicMs() - t0;
    const threadMs = threadCpuMs() - thread0;
    const cpu = process.cpuUsage(cpu0);
    const processMs = (cpu.user + cpu.system) / 1000;
    const b = out.result.batches;
    const computes: number[] = [];
    let computeMs = 0;
    for (let i = 0; i < b.size.length; i++) {
      computes.push(b.computeEndMs[i] - b.computeStartMs[i]);
      computeMs += computes[i];
    }
    const n = out.result.summary.completed;
    const perReq = (ms: number): string => ((ms * 1000) / n).toFixed(1);
    const line =
      `${label} (${rateRps === null ? 'closed loop, 4 clients' : `${rateRps} req/s`}, ${n} requests, ` +
      `${pool.coreBudget.mode} waits): engine ${perReq(processMs - computeMs)} µs/request, of which the ` +
      `scheduler thread ${perReq(threadMs)} µs; compute ${perReq(computeMs)} µs/request; process CPU ` +
      `${((100 * processMs) / wallMs).toFixed(0)}% (scheduler thread ${((100 * threadMs) / wallMs).toFixed(0)}%) ` +
      `of ${os.availableParallelism()} cores; p50 ${(out.result.summary.latencyMs.p50 * 1000).toFixed(0)} µs, ` +
      `p99 ${(out.result.summary.latencyMs.p99 * 1000).toFixed(0)} µs`;
    return { line, computeP50Ms: percentiles(computes).p50 };
  });
}

/** Rate of the light-load breakdown, req/s: light enough that every request finds the model idle. */
const BREAKDOWN_RATE = 50;

/**
 * Where a request's time goes at very light load (`none`, BREAKDOWN_RATE req/s, one instance):
 * the records' stages for the requests around the p50 (40th–60th percentile of latency, means, so
 * they add up to their total), beside calibration's batch 1 back to back and after an idle gap at
 * the same pace (the light-load point): the model starting cold, the worker waking up and the
 * engine, told apart.
 */
async function lightLoadBreakdown(summary: ModelSummary): Promise<string[]> {
  return withPool(summary, 1, async (pool) => {
    const [point] = await calibrate(pool, [1], {
      pace: { arrival: { kind: 'poisson' }, rateRps: BREAKDOWN_RATE, instances: 1 },
    });
    const out = await runStrategy({
      index: 0,
      label: 'none',
      config: { name: 'none' },
      executor: pool,
      arrival: { kind: 'poisson' },
      rateRps: BREAKDOWN_RATE,
      durationS: 2 * PHASE_S,
      seed: 17,
      sloMs: null,
    });
    const { requests: r, batches: b } = out.result;
    const rows: number[][] = []; // per request: lag, queue, hand-off, compute, back, total
    for (let i = 0; i < b.size.length; i++) {
      const id = b.members[b.firstMember[i]];
      rows.push([
        r.enqueueMs[id] - r.scheduledMs[id],
        b.dispatchMs[i] - r.enqueueMs[id],
        b.computeStartMs[i] - b.dispatchMs[i],
        b.computeEndMs[i] - b.computeStartMs[i],
        r.doneMs[id] - b.computeEndMs[i],
        r.doneMs[id] - r.scheduledMs[id],
      ]);
    }
    rows.sort((x, y) => x[5] - y[5]);
    const mid = rows.slice(Math.floor(0.4 * rows.length), Math.ceil(0.6 * rows.length));
    const mean = (k: number): string =>
      ((mid.reduce((sum, row) => sum + row[k], 0) / Math.max(1, mid.length)) * 1000).toFixed(0);
    const us = (ms: number): string => (ms * 1000).toFixed(0);
    const l = point.lightLoad;
    return [
      `none at ${BREAKDOWN_RATE} req/s (${rows.length} requests, ${pool.coreBudget.mode} waits), p50 ` +
        `${us(out.result.summary.latencyMs.p50)} µs; requests around the p50, mean µs: arrival lag ${mean(0)}, ` +
        `queue ${mean(1)}, hand-off to worker ${mean(2)}, compute ${mean(3)}, back ${mean(4)}, total ${mean(5)}`,
      `calibration, model alone: batch 1 back to back ${us(point.latencyMs)} µs` +
        (l
          ? `; after ${l.gapMs.toFixed(1)} ms idle ${us(l.latencyMs)} µs (p90 ${us(l.p90Ms)}), worker wake-up ` +
            `from its park ${us(l.wakeUpMs)} µs (${l.samples} runs)`
          : ''),
    ];
  });
}

/**
 * engineCpuAt at light load (`lightRate`, as (b)), at half of what one instance serves at batch 1
 * in the pipeline (from the light run's median compute, which includes building the batch and
 * splitting its output: the raw loop's capacity would overload it), and saturated.
 */
async function engineCpuFigures(summary: ModelSummary, lightRate: number): Promise<string[]> {
  const light = await engineCpuAt(summary, 'light', lightRate);
  const medium = await engineCpuAt(summary, 'medium', Math.round(500 / light.computeP50Ms));
  const saturated = await engineCpuAt(summary, 'saturated', null);
  return [light.line, medium.line, saturated.line];
}

interface Figure {
  name: string;
  value: string;
  goal: string;
  pass: boolean;
  note: string;
}

/**
 * A raw session.run loop on the main thread with a pre-built batch. With `gapMs`, each run
 * follows an idle gap (as requests at light load do: cold caches, a core that dozed off), so
 * the only difference from the pipeline is the pipeline.
 */
async function rawLoop(
  summary: ModelSummary,
  batch: number,
  seconds: number,
  gapMs = 0,
): Promise<{ rps: number; p50Ms: number }> {
  const session = await createSession(MODEL, { provider: 'cpu', threads: 1 });
  const pool = makeRequestInputPool(summary, 1, 64);
  const members = Array.from({ length: batch }, (_, i) => requestInputFor(pool, i));
  const { feeds } = assembleBatch(summary, members);
  for (let i = 0; i < 50; i++) await session.run(feeds); // warm-up
  const times: number[] = [];
  const start = monotonicMs();
  while (monotonicMs() - start < seconds * 1000) {
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const t = monotonicMs();
    await session.run(feeds);
    times.push(monotonicMs() - t);
  }
  const elapsed = monotonicMs() - start;
  await session.release();
  return { rps: (times.length * batch * 1000) / elapsed, p50Ms: percentiles(times).p50 };
}

async function withPool<T>(
  summary: ModelSummary,
  maxBatch: number,
  fn: (pool: WorkerPool) => Promise<T>,
): Promise<T> {
  const pool = await WorkerPool.start({
    instances: 1,
    maxBatch,
    executor: {
      kind: 'inference',
      spec: { modelPath: MODEL, modelOptions: defaultModelOptions, summary, inputSeed: 1, inputPoolSize: 64 },
    },
  });
  try {
    // Warm the worker's session on the sizes used, outside the measurement.
    await runStrategy({
      index: 0,
      label: 'warm-up',
      config: { name: 'static', batchSize: maxBatch },
      executor: pool,
      arrival: { kind: 'closed', concurrency: maxBatch },
      rateRps: null,
      durationS: 0.3,
      seed: 1,
      sloMs: null,
    });
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

function strategy(
  pool: WorkerPool,
  config: StrategyConfig,
  arrival: 'closed' | 'poisson',
  rate: number,
  concurrency = 0,
) {
  return runStrategy({
    index: 0,
    label: config.name,
    config,
    executor: pool,
    arrival: arrival === 'closed' ? { kind: 'closed', concurrency } : { kind: 'poisson' },
    rateRps: arrival === 'closed' ? null : rate,
    durationS: PHASE_S,
    seed: 11,
    sloMs: null,
  });
}

/** Where a run's time goes per batch: medians of arrival lag, hand-off, compute and hand-back, µs. */
function hops(o: StrategyRunOutcome): string {
  const { requests: r, batches: b } = o.result;
  const lag: number[] = [];
  const toWorker: number[] = [];
  const compute: number[] = [];
  const back: number[] = [];
  for (let i = 0; i < b.size.length; i++) {
    const first = b.members[b.firstMember[i]];
    lag.push(r.enqueueMs[first] - r.scheduledMs[first]);
    toWorker.push(b.computeStartMs[i] - b.dispatchMs[i]);
    compute.push(b.computeEndMs[i] - b.computeStartMs[i]);
    back.push(r.doneMs[first] - b.computeEndMs[i]);
  }
  const us = (v: number[]): string => (percentiles(v).p50 * 1000).toFixed(1);
  return (
    `medians: arrival lag ${us(lag)} µs, hand-off to worker ${us(toWorker)} µs, ` +
    `compute (batch built, run, split) ${us(compute)} µs, back ${us(back)} µs`
  );
}

/** Requests per second of wall time, and per second of this process's CPU time (immune to other processes). */
function schedulerAlone(config: StrategyConfig, requests: number): { wall: number; cpu: number } {
  const times = new Float64Array(requests); // all due at 0: the scheduler never waits
  const policy = createPolicy(config, { calibration: [], sloMs: null, instances: 1 });
  // Sized as the engine sizes a run's records (one batch per request when the policy never batches).
  const records = new RecordBuffer(requests, 1, policy.maxBatch === 1 ? requests : undefined);
  const origin = monotonicMs();
  const core = new SchedulerCore({
    policy,
    executor: new NullExecutor(1, policy.maxBatch, () => monotonicMs()),
    arrivals: new OpenLoopArrivals(times),
    records,
    durationMs: 1e9,
    originMs: origin,
    expectedRequests: requests,
  });
  const cpu0 = process.cpuUsage();
  const start = monotonicMs();
  while (!core.finished) core.step(monotonicMs() - origin);
  const elapsed = monotonicMs() - start;
  const cpu = process.cpuUsage(cpu0);
  if (core.completed !== requests)
    throw new Error(`null-executor run completed ${core.completed} of ${requests}`);
  return { wall: (requests * 1000) / elapsed, cpu: (requests * 1e6) / (cpu.user + cpu.system) };
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const summary = await inspectModel(MODEL, defaultModelOptions);
  const load = os.loadavg()[0];
  console.log(
    `Batchscope benchmark on ${path.basename(MODEL)} — ${os.cpus()[0]?.model.trim()} × ${os.cpus().length}, ` +
      `Node ${process.version}, onnxruntime-node ${ort.env.versions.node}, load average ${load.toFixed(2)} at start`,
  );
  const goals = goalsFor(os.availableParallelism());
  console.log(`goals for ${goals.text}\n`);

  // (a) saturation: closed loop with twice the batch in flight keeps the queue full.
  const rawSat = await rawLoop(summary, SATURATION_BATCH, PHASE_S);
  const sat = await withPool(summary, SATURATION_BATCH, (pool) =>
    strategy(pool, { name: 'static', batchSize: SATURATION_BATCH }, 'closed', 0, 2 * SATURATION_BATCH),
  );
  const ratio = sat.result.summary.throughputRps / rawSat.rps;
  figures.push({
    name: `(a) throughput at saturation ÷ raw session.run loop (batch ${SATURATION_BATCH})`,
    value: ratio.toFixed(3),
    goal: `≥ ${goals.saturation}`,
    pass: ratio >= goals.saturation,
    note: `pipeline ${sat.result.summary.throughputRps.toFixed(0)} req/s vs raw ${rawSat.rps.toFixed(0)} req/s; ${hops(sat)}`,
  });

  // (b) light load under none: ~5% of one instance's batch-1 capacity.
  const raw1 = await rawLoop(summary, 1, PHASE_S);
  const lightRate = Math.max(20, Math.round(0.05 * (1000 / raw1.p50Ms)));
  const light = await withPool(summary, 1, (pool) => strategy(pool, { name: 'none' }, 'poisson', lightRate));
  const rawPaced = await rawLoop(summary, 1, PHASE_S, 1000 / lightRate);
  const p50 = light.result.summary.latencyMs.p50;
  const addedUs = (p50 - rawPaced.p50Ms) * 1000;
  figures.push({
    name: '(b) added p50 latency at light load, none vs raw single inference at the same pace',
    value: `${addedUs.toFixed(1)} µs`,
    goal: '≤ 50 µs',
    pass: addedUs <= 50,
    note:
      `p50 ${(p50 * 1000).toFixed(0)} µs at ${lightRate} req/s vs raw ${(rawPaced.p50Ms * 1000).toFixed(0)} µs with the ` +
      `same idle gap between runs (raw back to back: ${(raw1.p50Ms * 1000).toFixed(0)} µs, ` +
      `+${((p50 - raw1.p50Ms) * 1000).toFixed(0)} µs); ${hops(light)}`,
  });

  // (c) the scheduler alone, cold (the first million of each policy: V8 still compiling the hot
  // path) and warm (after three passes, as the engine warms up before measuring). Both must pass.
  const noneConfig: StrategyConfig = { name: 'none' };
  const dynConfig: StrategyConfig = { name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [] };
  const noneCold = schedulerAlone(noneConfig, 1_000_000);
  const dynCold = schedulerAlone(dynConfig, 1_000_000);
  for (let i = 0; i < 3; i++) {
    schedulerAlone(noneConfig, 300_000);
    schedulerAlone(dynConfig, 300_000);
  }
  const none = schedulerAlone(noneConfig, 1_000_000);
  const dyn = schedulerAlone(dynConfig, 1_000_000);
  const m = (v: number): string => `${(v / 1e6).toFixed(2)} M`;
  figures.push({
    name: '(c) scheduler alone, null executor, cold / warm (none / dynamic max 8)',
    value: `cold ${m(noneCold.wall)} / ${m(dynCold.wall)}, warm ${m(none.wall)} / ${m(dyn.wall)} req/s`,
    goal: '≥ 2 M req/s',
    pass: Math.min(noneCold.wall, dynCold.wall, none.wall, dyn.wall) >= 2e6,
    note:
      `per second of CPU time: cold ${m(noneCold.cpu)} / ${m(dynCold.cpu)}, warm ${m(none.cpu)} / ${m(dyn.cpu)}; ` +
      'records, queue, policy, dispatch and the clock included; the goal is applied to the slowest ' +
      '(none: one batch per request)',
  });

  // (d) profile bytes per request: a real profile with many requests, written and measured on disk.
  const profile = await runProfile({
    modelPath: MODEL,
    modelOptions: defaultModelOptions,
    settings: {
      arrival: { kind: 'poisson' },
      rateRps: null,
      rateDerived: false,
      durationS: PHASE_S,
      warmupS: 0.2,
      instances: 1,
      threads: 1,
      provider: 'cpu',
      sloMs: null,
      seed: 5,
      strategies: [{ name: 'dynamic', maxBatch: 16, maxDelayMs: 1, preferredBatch: [] }],
    },
    maxBatchForCalibration: 16,
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-bench-')), 'profile.json');
  writeProfileAtomic(file, profile);
  const size = profileBytesPerRequest(file);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  figures.push({
    name: '(d) profile bytes per request',
    value: size.bytesPerRequest.toFixed(2),
    goal: '≤ 12',
    pass: size.bytesPerRequest <= 12,
    note: `${size.bytes} bytes for ${size.requests} requests (whole file, calibration and time series included)`,
  });

  // (e) delay honour: light load, so most dynamic batches are dispatched by the delay timer.
  const delayed = await withPool(summary, 8, (pool) =>
    strategy(
      pool,
      { name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [] },
      'poisson',
      lightRate * 4,
    ),
  );
  const dh = delayed.result.summary.delayHonour;
  const p99Us = dh ? dh.p99ErrorMs * 1000 : NaN;
  figures.push({
    name: '(e) max queue delay honoured (1 ms), p99 lateness',
    value: `${p99Us.toFixed(1)} µs`,
    goal: `≤ ${goals.delayP99Us} µs`,
    pass: p99Us <= goals.delayP99Us,
    note: dh
      ? `${dh.samples} timed dispatches, p50 ${(dh.p50ErrorMs * 1000).toFixed(1)} µs, max ${(dh.maxErrorMs * 1000).toFixed(0)} µs`
      : 'no timed dispatch',
  });

  const engineCpu = await engineCpuFigures(summary, lightRate);
  const breakdown = await lightLoadBreakdown(summary);

  // (f), (g): the viewer on a ~1M-request profile run with (d)'s settings.
  figures.push(...(await viewerFigures(profile, path.resolve(__dirname, '..'))));

  // (h), (i): the what-if simulator's speed, and its accuracy against real runs on the same arrivals.
  const simulator = await simulatorFigures();
  figures.push(...simulator.figures);

  for (const f of figures) {
    console.log(`${f.pass ? 'PASS' : 'MISS'}  ${f.name}: ${f.value}   (goal ${f.goal})`);
    console.log(`      ${f.note}`);
  }
  console.log('\nEngine CPU per request under none (process CPU − time computing batches; no goal):');
  for (const line of engineCpu) console.log(`      ${line}`);
  console.log('Light-load latency, where the time goes (no goal):');
  for (const line of breakdown) console.log(`      ${line}`);
  console.log('Simulated against real, each pair on the same arrivals (figure i):');
  for (const line of simulator.lines) console.log(`      ${line}`);
  console.log(
    `\nload average ${os.loadavg()[0].toFixed(2)} at the end (other processes share this machine's ${os.cpus().length} cores)`,
  );
  const missed = figures.filter((f) => !f.pass).length;
  console.log(
    missed === 0 ? `All ${figures.length} goals met.` : `${missed} of ${figures.length} goals missed.`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
