/**
 * Max-queue-delay precision on a real run: dynamic batching at low load with a busy-wait
 * worker, so nearly every batch leaves because its oldest request waited the max queue delay
 * (the batch never fills). Those dispatches must be on time: the scheduler sleeps until
 * SPIN_WINDOW_MS before the deadline and spins the rest (preciseWait.ts). Node's timers alone
 * wake ~1 ms late; with a spin window of 0 this test fails.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as os from 'os';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { WorkerPool } from '../../../src/engine/runtime/workerPool';

const MAX_BATCH = 8;
const MAX_DELAY_MS = 2;
/** Loose on purpose: a spinning scheduler is late by microseconds, a sleeping one by ~1 ms. */
const P50_LATE_LIMIT_MS = 0.1;

/** One attempt: a dynamic run; its lateness figures, or null plus the reason when it is late. */
interface Attempt {
  /** The scheduler's own median lateness (dispatch − the wake-up the policy asked for), ms. */
  schedulerP50: number;
  /** The same from the records: dispatch − (oldest member's enqueue + max delay), ms. */
  recordsP50: number;
  detail: string;
}

async function attempt(seed: number): Promise<Attempt> {
  // 100 req/s against a 1 ms service: a batch of 8 hardly ever forms within 2 ms.
  const pool = await WorkerPool.start({
    instances: 1,
    maxBatch: MAX_BATCH,
    executor: { kind: 'busyWait', serviceMs: 1 },
  });
  let out;
  try {
    out = await runStrategy({
      index: 0,
      label: 'dynamic',
      config: { name: 'dynamic', maxBatch: MAX_BATCH, maxDelayMs: MAX_DELAY_MS, preferredBatch: [] },
      executor: pool,
      arrival: { kind: 'poisson' },
      rateRps: 100,
      durationS: 3,
      seed,
      sloMs: null,
    });
  } finally {
    await pool.close();
  }
  assert.strictEqual(out.error, null);
  const { requests: r, batches: b, summary } = out.result;
  const dh = summary.delayHonour;
  assert.ok(dh, 'no dispatch was timed by the max queue delay');
  assert.ok(
    dh.samples >= 0.8 * summary.batches,
    `only ${dh.samples} of ${summary.batches} batches were delay-timed: the load is not low enough`,
  );
  // Independently of the scheduler's account: the batches that left partial (not full, not an
  // end-of-run flush) left when their oldest member had waited the max queue delay.
  const late: number[] = [];
  for (let i = 0; i < b.size.length; i++) {
    if (b.size[i] >= MAX_BATCH || b.flushed[i] === 1) continue;
    let oldest = Infinity;
    for (let k = 0; k < b.size[i]; k++)
      oldest = Math.min(oldest, r.enqueueMs[b.members[b.firstMember[i] + k]]);
    late.push(b.dispatchMs[i] - (oldest + MAX_DELAY_MS));
  }
  assert.ok(
    late.length >= 0.8 * b.size.length,
    `only ${late.length} of ${b.size.length} batches left partial`,
  );
  late.sort((x, y) => x - y);
  const recordsP50 = late[Math.floor(late.length / 2)];
  const cores = os.cpus().length;
  const others = Math.max(0, (summary.systemCpuPercent * cores - summary.cpuPercent) / 100);
  const detail =
    `scheduler p50 ${dh.p50ErrorMs.toFixed(4)} ms, p99 ${dh.p99ErrorMs.toFixed(4)} ms, max ` +
    `${dh.maxErrorMs.toFixed(4)} ms over ${dh.samples} timed dispatches; from the records p50 ` +
    `${recordsP50.toFixed(4)} ms over ${late.length} partial batches; other processes used ` +
    `${others.toFixed(2)} of ${cores} cores (the scheduler and the worker need 2)`;
  assert.ok(
    recordsP50 > -0.01 && dh.p50ErrorMs >= 0,
    `dispatches went out before the max queue delay: ${detail}`,
  );
  return { schedulerP50: dh.p50ErrorMs, recordsP50, detail };
}

/**
 * Runs tried before the test gives up: lateness from a busy machine (another process taking
 * the scheduler's core) gets another chance; a scheduler that oversleeps is late every time.
 */
const ATTEMPTS = 3;

describe('max queue delay precision (dynamic, busy-wait executor, real run)', function () {
  this.timeout(120_000);
  before(() => execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' }));

  it(`dispatches delay-timed batches less than ${P50_LATE_LIMIT_MS} ms late at the median`, async () => {
    const tries: string[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const a = await attempt(7 + i);
      if (a.schedulerP50 < P50_LATE_LIMIT_MS && a.recordsP50 < P50_LATE_LIMIT_MS) {
        console.log(`      ${a.detail}`);
        return;
      }
      tries.push(a.detail);
    }
    assert.fail(
      `delay-timed dispatches were late at the median in all ${ATTEMPTS} runs (limit ${P50_LATE_LIMIT_MS} ms). ` +
        'Either the scheduler oversleeps (check SPIN_WINDOW_MS in preciseWait.ts) or other processes ' +
        'kept it off its core (see their share below):\n' +
        tries.join('\n'),
    );
  });
});
