/**
 * A worker with a known service time: it spins on the run's clock for exactly `serviceMs`
 * (+ `perRequestMs` × batch size) per batch, times a seeded jitter factor when asked
 * (busyWaitCost.ts). It is the synthetic model's instance, checks the scheduler against queueing
 * theory (M/D/1) and measures the pipeline's own overhead without ORT's noise.
 */
import { workerData } from 'worker_threads';
import { monotonicMs } from './clock';
import { channelViews } from './channel';
import { batchCostSampler } from './busyWaitCost';
import { postToPool, serveBatches } from './workerLoop';
import type { BusyWaitWorkerData } from './workerProtocol';

const data = workerData as BusyWaitWorkerData;

function spinFor(ms: number): void {
  const end = monotonicMs() + ms;
  while (monotonicMs() < end) {
    // spin: a sleep would round to the OS timer and blur the service time
  }
}

/** Blocks this thread for `ms` (the serving loop below blocks it anyway, so a timer would never fire). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const failAfter = data.dieAfterReadyMs;
if (failAfter !== null && data.instance > 0) sleepSync(2 * failAfter);
postToPool({ kind: 'ready' });
if (failAfter !== null && data.instance === 0) {
  sleepSync(failAfter);
  process.exit(9);
}
const costOf = batchCostSampler(data, data.seed);
let served = 0;
void serveBatches(channelViews(data.channel), data.failurePort, (_ids, count) => {
  const batch = served++;
  if (data.dieAfterBatches !== null && batch >= data.dieAfterBatches) process.exit(7);
  if (data.throwAfterBatches !== null && batch >= data.throwAfterBatches)
    throw new Error(`busy-wait test failure in batch ${batch + 1} (as ORT throws on a bad input)`);
  spinFor(costOf(count));
  return 0;
});
