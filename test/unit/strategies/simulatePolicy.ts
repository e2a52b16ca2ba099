/**
 * A tiny discrete-event simulation under a fake clock: feeds arrivals to a policy, runs batches on
 * 1..N instances with given service times, and records every dispatch. It asks the policy exactly
 * when the real scheduler does: whenever the queue or the instances change and an instance is
 * idle, and at any `wait.until` the policy asked for. Requests enter the queue at their scheduled time.
 */
import type { BatchingPolicy, QueueView } from '../../../src/engine/strategies/policy';

export interface SimulatedBatch {
  dispatchMs: number;
  /** Request ids (indices into the arrivals), oldest first. */
  ids: number[];
  size: number;
  instance: number;
  flushed: boolean;
}

export interface SimulationOptions {
  /** Sorted arrival times, ms. */
  arrivalsMs: number[];
  /** Service time of a batch of the given size, ms. */
  serviceMs: (size: number) => number;
  instances: number;
}

export function simulatePolicy(policy: BatchingPolicy, options: SimulationOptions): SimulatedBatch[] {
  const { arrivalsMs, serviceMs, instances } = options;
  const queue: number[] = []; // request ids, oldest first
  const view: QueueView = {
    get length() {
      return queue.length;
    },
    scheduledAt: (i) => arrivalsMs[queue[i]],
    enqueuedAt: (i) => arrivalsMs[queue[i]],
  };
  const freeAt: number[] = new Array(instances).fill(-Infinity);
  const batches: SimulatedBatch[] = [];
  let next = 0; // next arrival to enqueue
  let wakeAt = Infinity;
  let now = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    while (next < arrivalsMs.length && arrivalsMs[next] <= now) queue.push(next++);
    const draining = next === arrivalsMs.length;
    if (wakeAt <= now) wakeAt = Infinity;
    // Ask while an instance is idle and the policy keeps dispatching.
    for (;;) {
      const idle = freeAt.filter((t) => t <= now).length;
      if (idle === 0) break;
      const decision = policy.decide(view, { now, idleInstances: idle, draining });
      if (decision.kind === 'wait') {
        if (decision.until !== undefined) {
          if (!(decision.until > now))
            throw new Error(`policy asked to wake at ${decision.until} <= now ${now}`);
          wakeAt = decision.until;
        }
        break;
      }
      if (!(decision.count >= 1 && decision.count <= queue.length && decision.count <= policy.maxBatch)) {
        throw new Error(`policy dispatched ${decision.count} with ${queue.length} queued`);
      }
      const instance = freeAt.findIndex((t) => t <= now);
      const ids = queue.splice(0, decision.count);
      freeAt[instance] = now + serviceMs(ids.length);
      batches.push({ dispatchMs: now, ids, size: ids.length, instance, flushed: decision.flushed === true });
    }
    const nextArrival = next < arrivalsMs.length ? arrivalsMs[next] : Infinity;
    const nextFree = Math.min(...freeAt.filter((t) => t > now), Infinity);
    const upcoming = Math.min(nextArrival, nextFree, wakeAt);
    if (upcoming === Infinity) {
      if (queue.length > 0) throw new Error(`simulation stalled with ${queue.length} requests queued`);
      return batches;
    }
    now = upcoming;
  }
  throw new Error('simulation did not finish');
}
