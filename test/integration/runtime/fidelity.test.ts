/**
 * Fidelity: does the runtime distort what it measures? With a real worker thread that serves
 * each request in exactly S ms (busy-wait, not ORT) and Poisson arrivals at utilization 0.5
 * under `none`, the mean queue wait (scheduled arrival → compute start) must match M/D/1:
 * Wq = ρ / (2μ(1−ρ)). Hand-off costs, late wake-ups or a mis-ordered queue all show up here.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as os from 'os';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';
import { generateArrivals } from '../../../src/engine/workload/arrivals';

/**
 * Service times tried in turn, ms: the first the machine can serve without preemption is judged.
 * A longer service time shrinks the few-ms stalls another process causes relative to it; the
 * rate and duration scale with it (ρ stays 0.5, and the seed's arrival sequence is the same one,
 * stretched in time, so it stays representative). If none can be measured the tests fail with
 * the reason: they never go pending (CI runs mocha with --forbid-pending).
 */
const SERVICE_ATTEMPTS_MS = [20, 40, 80];
const RHO = 0.5;
/** Run length at a 20 ms service time (~500 requests); longer service times run longer. */
const BASE_DURATION_S = 20;
// Seed whose arrival sequence, served ideally (Lindley's recursion with exactly S), waits within
// 1% of the M/D/1 mean: the check below then measures the runtime's error, not sampling luck
// (over ~500 requests, seeds scatter ±25% around the formula).
const SEED = 18;

/** Mean wait of an ideal single server with constant service `s` on these arrivals. */
function idealMeanWait(arrivals: Float64Array, s: number): number {
  let w = 0;
  let sum = 0;
  for (let i = 1; i < arrivals.length; i++) {
    w = Math.max(0, w + s - (arrivals[i] - arrivals[i - 1]));
    sum += w;
  }
  return sum / arrivals.length;
}

/** Mean wait of an ideal single server that serves request i in `service[i]` ms, in order. */
function idealMeanWaitWith(arrivals: Float64Array, service: Float64Array): number {
  let w = 0;
  let sum = 0;
  for (let i = 1; i < arrivals.length; i++) {
    w = Math.max(0, w + service[i - 1] - (arrivals[i] - arrivals[i - 1]));
    sum += w;
  }
  return sum / arrivals.length;
}

interface Measured {
  serviceMs: number;
  n: number;
  meanWait: number;
  meanHop: number;
  meanService: number;
  /** Ideal wait had the server taken exactly the measured service times (no hand-off, no late wake-ups). */
  idealWithMeasuredService: number;
  systemCpu: number;
  /** 1-minute load average just before the run, for the failure message. */
  load: number;
}

/**
 * The check needs the machine to give the worker its core: a constant-time busy-wait that took
 * clearly longer than configured was preempted by another process, and the queue is then neither
 * M/D/1 nor a measure of the runtime. That is judged from the run's own records (the measured
 * service time), not guessed from the load average. The service time is long (20 ms) so that the
 * few-millisecond stalls a virtual machine's scheduler inflicts even on an idle box stay small
 * against it, while any per-request overhead of the runtime still shows.
 */
function machineTooBusy(m: Measured): string | null {
  return m.meanService > m.serviceMs * 1.03
    ? `the ${m.serviceMs} ms busy-wait took ${m.meanService.toFixed(3)} ms on average (another process held the core)`
    : null;
}

/** M/D/1 mean queue wait at utilization RHO with constant service `serviceMs`. */
function md1Wait(serviceMs: number): number {
  const mu = 1 / serviceMs;
  return RHO / (2 * mu * (1 - RHO));
}

/** One run under `none` with a busy-wait service of `serviceMs`, measured from its records. */
async function measure(serviceMs: number): Promise<Measured> {
  const scale = serviceMs / SERVICE_ATTEMPTS_MS[0];
  const rateRps = (RHO * 1000) / serviceMs;
  const durationS = BASE_DURATION_S * scale;
  const expected = md1Wait(serviceMs);
  const loadBefore = os.loadavg()[0];
  const arrivals = generateArrivals({ kind: 'poisson' }, rateRps, durationS, SEED);
  const ideal = idealMeanWait(arrivals, serviceMs);
  assert.ok(
    Math.abs(ideal - expected) / expected < 0.01,
    `seed ${SEED} no longer gives a representative sequence (ideal ${ideal})`,
  );
  const pool = await WorkerPool.start({
    instances: 1,
    maxBatch: 1,
    executor: { kind: 'busyWait', serviceMs },
  });
  let out;
  try {
    out = await runStrategy({
      index: 0,
      label: 'none',
      config: { name: 'none' },
      executor: pool,
      arrival: { kind: 'poisson' },
      rateRps,
      durationS,
      seed: SEED,
      sloMs: null,
    });
  } finally {
    await pool.close();
  }
  assert.strictEqual(out.error, null);
  const { requests: r, batches: b } = out.result;
  assert.strictEqual(r.scheduledMs.length, arrivals.length, 'every scheduled request must be recorded');
  const n = r.scheduledMs.length;
  const service = new Float64Array(n);
  let wait = 0;
  let hop = 0;
  for (let i = 0; i < n; i++) {
    const batch = r.batch[i];
    assert.ok(batch >= 0, `request ${i} never completed`);
    assert.strictEqual(r.scheduledMs[i], arrivals[i], 'requests must keep the scheduled arrival times');
    wait += b.computeStartMs[batch] - r.scheduledMs[i];
    hop += b.computeStartMs[batch] - b.dispatchMs[batch];
    service[i] = b.computeEndMs[batch] - b.computeStartMs[batch];
  }
  return {
    serviceMs,
    n,
    meanWait: wait / n,
    meanHop: hop / n,
    meanService: service.reduce((a, v) => a + v, 0) / n,
    idealWithMeasuredService: idealMeanWaitWith(arrivals, service),
    systemCpu: out.result.summary.systemCpuPercent,
    load: loadBefore,
  };
}

describe('runtime fidelity (M/D/1, busy-wait executor)', function () {
  // Up to 20 + 40 + 80 s of runs when the machine is busy (see SERVICE_ATTEMPTS_MS).
  this.timeout(240_000);
  let m: Measured;
  let expected: number;
  /** Why no attempt could be judged (every busy-wait ran slow), or null once one could. */
  let unmeasurable: string | null = null;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    const tooBusy: string[] = [];
    for (const serviceMs of SERVICE_ATTEMPTS_MS) {
      m = await measure(serviceMs);
      expected = md1Wait(serviceMs);
      const why = machineTooBusy(m);
      if (!why) {
        unmeasurable = null;
        return;
      }
      tooBusy.push(`${why}; ${detail()}`);
      console.log(
        `      the machine is too busy to judge the runtime (${why}); rerunning with a longer service time`,
      );
      unmeasurable = tooBusy.join('\n');
    }
  });

  const detail = (): string =>
    `measured mean queue wait ${m.meanWait.toFixed(3)} ms; M/D/1 ${expected.toFixed(3)} ms; ideal server with the ` +
    `measured service times ${m.idealWithMeasuredService.toFixed(3)} ms; mean hand-off ${m.meanHop.toFixed(3)} ms; ` +
    `mean service ${m.meanService.toFixed(3)} ms (configured ${m.serviceMs}); system CPU ${m.systemCpu.toFixed(0)}%; ` +
    `load average ${m.load.toFixed(1)}; n=${m.n}`;

  /** Fails (never skips) when no service time could be measured without preemption. */
  function requireMeasurable(): void {
    if (unmeasurable === null) return;
    assert.fail(
      `cannot judge the runtime: at every service time tried (${SERVICE_ATTEMPTS_MS.join(', ')} ms) ` +
        `the busy-wait ran more than 3% slow, so another process held the core. Run on a quieter ` +
        `machine (or give the test a core of its own).\n${unmeasurable}`,
    );
  }

  it('adds no more than 10% to the queue wait an ideal server would have had with the same service times', () => {
    requireMeasurable();
    // The runtime's own distortion: hand-off, late enqueue, late wake-up after a completion.
    const ideal = m.idealWithMeasuredService;
    assert.ok(Math.abs(m.meanWait - ideal) / ideal <= 0.1, detail());
  });

  it('measures the M/D/1 mean queue wait within 10% at utilization 0.5', () => {
    requireMeasurable();
    assert.ok(Math.abs(m.meanWait - expected) / expected <= 0.1, detail());
  });
});
