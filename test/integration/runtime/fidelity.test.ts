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

const SERVICE_MS = 20;
const RHO = 0.5;
const RATE_RPS = (RHO * 1000) / SERVICE_MS;
const DURATION_S = 20;
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
  return m.meanService > SERVICE_MS * 1.03
    ? `the ${SERVICE_MS} ms busy-wait took ${m.meanService.toFixed(3)} ms on average (another process held the core)`
    : null;
}

describe('runtime fidelity (M/D/1, busy-wait executor)', function () {
  this.timeout(60_000);
  const mu = 1 / SERVICE_MS;
  const expected = RHO / (2 * mu * (1 - RHO));
  let m: Measured;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    const loadBefore = os.loadavg()[0];
    const arrivals = generateArrivals({ kind: 'poisson' }, RATE_RPS, DURATION_S, SEED);
    const ideal = idealMeanWait(arrivals, SERVICE_MS);
    assert.ok(
      Math.abs(ideal - expected) / expected < 0.01,
      `seed ${SEED} no longer gives a representative sequence (ideal ${ideal})`,
    );
    const pool = await WorkerPool.start({
      instances: 1,
      maxBatch: 1,
      executor: { kind: 'busyWait', serviceMs: SERVICE_MS },
    });
    let out;
    try {
      out = await runStrategy({
        index: 0,
        label: 'none',
        config: { name: 'none' },
        executor: pool,
        arrival: { kind: 'poisson' },
        rateRps: RATE_RPS,
        durationS: DURATION_S,
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
    m = {
      n,
      meanWait: wait / n,
      meanHop: hop / n,
      meanService: service.reduce((a, v) => a + v, 0) / n,
      idealWithMeasuredService: idealMeanWaitWith(arrivals, service),
      systemCpu: out.result.summary.systemCpuPercent,
      load: loadBefore,
    };
  });

  const detail = (): string =>
    `measured mean queue wait ${m.meanWait.toFixed(3)} ms; M/D/1 ${expected.toFixed(3)} ms; ideal server with the ` +
    `measured service times ${m.idealWithMeasuredService.toFixed(3)} ms; mean hand-off ${m.meanHop.toFixed(3)} ms; ` +
    `mean service ${m.meanService.toFixed(3)} ms (configured ${SERVICE_MS}); system CPU ${m.systemCpu.toFixed(0)}%; ` +
    `load average ${m.load.toFixed(1)}; n=${m.n}`;

  function skipIfMachineTooBusy(ctx: Mocha.Context): void {
    const why = machineTooBusy(m);
    if (!why) return;
    console.log(`      skipped: the machine is too busy to judge the runtime (${why}; ${detail()})`);
    ctx.skip();
  }

  it('adds no more than 10% to the queue wait an ideal server would have had with the same service times', function () {
    skipIfMachineTooBusy(this);
    // The runtime's own distortion: hand-off, late enqueue, late wake-up after a completion.
    const ideal = m.idealWithMeasuredService;
    assert.ok(Math.abs(m.meanWait - ideal) / ideal <= 0.1, detail());
  });

  it('measures the M/D/1 mean queue wait within 10% at utilization 0.5', function () {
    skipIfMachineTooBusy(this);
    assert.ok(Math.abs(m.meanWait - expected) / expected <= 0.1, detail());
  });
});
