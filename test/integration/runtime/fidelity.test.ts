/**
 * Fidelity: does the runtime distort what it measures? A synthetic model (`synthetic:base=S ms`)
 * runs through the whole profile pipeline — the target, a real worker thread that busy-waits
 * exactly S ms per request, the real scheduler — under `none` with Poisson arrivals at
 * utilization ρ = 0.5 and 0.8. The mean queue wait (scheduled arrival → compute start) must
 * match M/D/1, Wq = ρ / (2μ(1−ρ)), within 5%. Hand-off costs, late wake-ups or a mis-ordered
 * queue all show up here, and more so at 0.8, where every extra microsecond per request stretches
 * the busy periods.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as os from 'os';
import { defaultModelOptions } from '../../../src/engine/model/modelOptions';
import { runProfile } from '../../../src/engine/runtime/runProfile';
import type { Profile, RunSettings } from '../../../src/shared/profileTypes';

/**
 * Service times tried in turn, ms: the first the machine can serve without preemption is judged.
 * A longer service time shrinks the few-ms stalls another process causes relative to it, and so
 * it does the runtime's own hand-off from one request to the next (0.15–0.3 ms on a 2-core VM,
 * where no core is spare and both sides park; at ρ = 0.8 it adds about 6 × hand-off / S to the
 * wait: 4% at 40 ms, under 3% at 60 ms, so 60 ms leaves the sequence's own 1% room). The rate and
 * duration scale with it (ρ stays the same, and the seed's arrival sequence is the same one,
 * stretched in time, so it stays representative). If none can be measured the tests fail with
 * the reason: they never go pending (CI runs mocha with --forbid-pending).
 */
const SERVICE_ATTEMPTS_MS = [60, 120];
/** Largest error allowed against theory, and against an ideal server with the measured service times. */
const TOLERANCE = 0.05;
/** Other processes may use at most this share of one core during a run that is judged. */
const OTHERS_MAX_CORE = 0.25;

interface Case {
  rho: number;
  /**
   * Seed whose arrival sequence, served ideally (Lindley's recursion with exactly S), waits within
   * 1% of the M/D/1 mean: the check then measures the runtime's error, not sampling luck (over
   * ~400 requests, seeds scatter ±25% around the formula at 0.5, more at 0.8). The first such
   * seed from 0 up, for the run's own arrival stream (runProfile's).
   */
  seed: number;
  /** Run length at the first service time (~350–450 requests); longer service times run longer. */
  baseDurationS: number;
}

const CASES: Case[] = [
  { rho: 0.5, seed: 49, baseDurationS: 42 },
  { rho: 0.8, seed: 61, baseDurationS: 33 },
];

/** Mean wait of an ideal single server that serves request i in `service[i]` ms, in order. */
function idealMeanWait(arrivals: Float64Array, service: (i: number) => number): number {
  let w = 0;
  let sum = 0;
  for (let i = 1; i < arrivals.length; i++) {
    w = Math.max(0, w + service(i - 1) - (arrivals[i] - arrivals[i - 1]));
    sum += w;
  }
  return sum / arrivals.length;
}

/** M/D/1 mean queue wait at utilization `rho` with constant service `serviceMs`. */
function md1Wait(rho: number, serviceMs: number): number {
  return (rho * serviceMs) / (2 * (1 - rho));
}

interface Measured {
  serviceMs: number;
  n: number;
  meanWait: number;
  meanHop: number;
  meanService: number;
  /** Ideal wait with exactly the configured service time, on the run's own arrivals. */
  ideal: number;
  /** Ideal wait had the server taken exactly the measured service times (no hand-off, no late wake-ups). */
  idealWithMeasuredService: number;
  systemCpu: number;
  /** Cores' worth of CPU other processes used during the run (system CPU less this process's). */
  othersCores: number;
  /** 1-minute load average just before the run, for the failure message. */
  load: number;
}

/**
 * The check needs the machine to give the worker and the scheduler their cores. A constant-time
 * busy-wait that ran longer than configured was preempted by another process, and the queue is
 * then neither M/D/1 nor a measure of the runtime: judged from the run's own records, by how far
 * the measured service times alone move an ideal server's wait (at ρ = 0.8 a busy-wait 0.4% slow
 * on average already moves it 5%), not guessed from the load average. Other processes' CPU during
 * the run (from the profile) says whether the scheduler thread had to share its core. The service
 * time is long (tens of ms) so that the few-millisecond stalls a virtual machine's scheduler
 * inflicts even on an idle box stay small against it, while any per-request overhead of the
 * runtime still shows.
 */
function machineTooBusy(m: Measured): string | null {
  const moved = (m.idealWithMeasuredService - m.ideal) / m.ideal;
  if (moved > TOLERANCE / 2)
    return (
      `the ${m.serviceMs} ms busy-wait took ${m.meanService.toFixed(3)} ms on average (another process held the core), ` +
      `which alone moves an ideal server's wait by ${(moved * 100).toFixed(1)}%`
    );
  if (m.othersCores > OTHERS_MAX_CORE)
    return `other processes used ${(m.othersCores * 100).toFixed(0)}% of a core during the run (the scheduler shared its core)`;
  return null;
}

/** One profile of the synthetic model under `none` at utilization `rho`, measured from its records. */
async function measure(c: Case, serviceMs: number): Promise<Measured> {
  const scale = serviceMs / SERVICE_ATTEMPTS_MS[0];
  const settings: RunSettings = {
    arrival: { kind: 'poisson' },
    rateRps: (c.rho * 1000) / serviceMs,
    rateDerived: false,
    durationS: c.baseDurationS * scale,
    warmupS: 0,
    strategyWarmupS: 0,
    order: 'fixed',
    instances: 1,
    threads: 1,
    provider: 'cpu',
    sloMs: null,
    seed: c.seed,
    strategies: [{ name: 'none' }],
    priorities: null,
  };
  const loadBefore = os.loadavg()[0];
  const profile: Profile = await runProfile({
    modelPath: `synthetic:base=${serviceMs}ms`,
    modelOptions: defaultModelOptions,
    settings,
    maxBatchForCalibration: 1,
  });
  assert.deepStrictEqual(profile.model.target?.baseMs, serviceMs, 'the profile records the synthetic target');
  const { requests: r, batches: b, summary } = profile.strategies[0];
  // systemCpuPercent is of all cores, cpuPercent (this process: scheduler and worker) of one.
  const othersCores = Math.max(
    0,
    (summary.systemCpuPercent * profile.machine.cpuCount - summary.cpuPercent) / 100,
  );
  const n = r.scheduledMs.length;
  assert.ok(n > 300, `only ${n} requests were scheduled`);
  const service = new Float64Array(n);
  let wait = 0;
  let hop = 0;
  for (let i = 0; i < n; i++) {
    const batch = r.batch[i];
    assert.ok(batch >= 0, `request ${i} never completed`);
    wait += b.computeStartMs[batch] - r.scheduledMs[i];
    hop += b.computeStartMs[batch] - b.dispatchMs[batch];
    service[i] = b.computeEndMs[batch] - b.computeStartMs[batch];
  }
  const ideal = idealMeanWait(r.scheduledMs, () => serviceMs);
  const expected = md1Wait(c.rho, serviceMs);
  assert.ok(
    Math.abs(ideal - expected) / expected < 0.01,
    `seed ${c.seed} no longer gives a representative sequence at ρ=${c.rho} (ideal ${ideal.toFixed(3)} ms, ` +
      `M/D/1 ${expected.toFixed(3)} ms): pick the first seed whose ideal is within 1% again`,
  );
  return {
    serviceMs,
    n,
    meanWait: wait / n,
    meanHop: hop / n,
    meanService: service.reduce((a, v) => a + v, 0) / n,
    ideal,
    idealWithMeasuredService: idealMeanWait(r.scheduledMs, (i) => service[i]),
    systemCpu: summary.systemCpuPercent,
    othersCores,
    load: loadBefore,
  };
}

describe('runtime fidelity (M/D/1, synthetic model through the profile pipeline)', function () {
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  for (const c of CASES) {
    describe(`at utilization ${c.rho}`, function () {
      // 33–42 s of runs on a quiet machine, 3x that when the first service time was preempted.
      this.timeout((c.baseDurationS * 3 + 60) * 1000);
      let m: Measured;
      let expected: number;
      /** Why no attempt could be judged (every busy-wait ran slow), or null once one could. */
      let unmeasurable: string | null = null;

      before(async () => {
        const tooBusy: string[] = [];
        for (const serviceMs of SERVICE_ATTEMPTS_MS) {
          m = await measure(c, serviceMs);
          expected = md1Wait(c.rho, serviceMs);
          const why = machineTooBusy(m);
          if (!why) {
            unmeasurable = null;
            console.log(`      ${detail()}`);
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
        `ρ=${c.rho}: measured mean queue wait ${m.meanWait.toFixed(3)} ms; M/D/1 ${expected.toFixed(3)} ms; ` +
        `ideal server ${m.ideal.toFixed(3)} ms, with the measured service times ${m.idealWithMeasuredService.toFixed(3)} ms; ` +
        `mean hand-off ${m.meanHop.toFixed(3)} ms; mean service ${m.meanService.toFixed(3)} ms (configured ${m.serviceMs}); ` +
        `system CPU ${m.systemCpu.toFixed(0)}%, other processes ${(m.othersCores * 100).toFixed(0)}% of a core; ` +
        `load average ${m.load.toFixed(1)}; n=${m.n}`;

      /** Fails (never skips) when no service time could be measured without preemption. */
      function requireMeasurable(): void {
        if (unmeasurable === null) return;
        assert.fail(
          `cannot judge the runtime: at every service time tried (${SERVICE_ATTEMPTS_MS.join(', ')} ms) ` +
            `other processes took the cores the worker or the scheduler needed. Run on a quieter ` +
            `machine (or give the test cores of its own).\n${unmeasurable}`,
        );
      }

      it(`adds no more than ${TOLERANCE * 100}% to the queue wait an ideal server would have had with the same service times`, () => {
        requireMeasurable();
        // The runtime's own distortion: hand-off, late enqueue, late wake-up after a completion.
        const ideal = m.idealWithMeasuredService;
        assert.ok(Math.abs(m.meanWait - ideal) / ideal <= TOLERANCE, detail());
      });

      it(`measures the M/D/1 mean queue wait within ${TOLERANCE * 100}%`, () => {
        requireMeasurable();
        assert.ok(Math.abs(m.meanWait - expected) / expected <= TOLERANCE, detail());
      });
    });
  }
});
