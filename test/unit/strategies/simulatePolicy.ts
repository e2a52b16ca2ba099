/**
 * A tiny discrete-event simulation under a fake clock: feeds arrivals to a policy, runs batches on
 * 1..N instances with given service times, and records every dispatch and every shed request. It
 * asks the policy exactly when the real scheduler does: whenever the queue or the instances
 * change and an instance is idle, and at any `wait.until` the policy asked for. Requests enter
 * the queue at their scheduled time. When a batch finishes, the policy's `onBatchComplete` hears
 * of it (at its completion time), as under the real scheduler.
 */
import type { BatchingPolicy, PolicyState, QueueView } from '../../../src/shared/strategies/policy';

export interface SimulatedBatch {
  dispatchMs: number;
  /** When the batch finished. */
  doneMs: number;
  /** Request ids (indices into the arrivals), in the order taken. */
  ids: number[];
  size: number;
  instance: number;
  flushed: boolean;
}

export interface SimulationOptions {
  /** Sorted arrival times, ms. */
  arrivalsMs: number[];
  /** Service time of a batch of the given size, ms (may depend on the batch's size keys). */
  serviceMs: (size: number, sizeKeys: number[]) => number;
  instances: number;
  /** Size key per request (default 1). */
  sizeKeys?: number[];
}

export interface SimulationResult {
  batches: SimulatedBatch[];
  /** Ids of requests the policy shed, with when. */
  shed: Array<{ id: number; atMs: number }>;
  /** The policy's `observe()` after each completion (empty when it has none). */
  states: Array<{ atMs: number; state: PolicyState }>;
  /** Latency (arrival to done) per request id; NaN for shed ones. */
  latencyMs: number[];
}

/** Runs the simulation; returns only the batches (the original, simpler interface). */
export function simulatePolicy(policy: BatchingPolicy, options: SimulationOptions): SimulatedBatch[] {
  return simulate(policy, options).batches;
}

export function simulate(policy: BatchingPolicy, options: SimulationOptions): SimulationResult {
  const { arrivalsMs, serviceMs, instances } = options;
  const keys = options.sizeKeys ?? [];
  const queue: number[] = []; // request ids, oldest first
  const view: QueueView = {
    get length() {
      return queue.length;
    },
    scheduledAt: (i) => arrivalsMs[queue[i]],
    enqueuedAt: (i) => arrivalsMs[queue[i]],
    sizeKey: (i) => keys[queue[i]] ?? 1,
    priority: () => 0,
  };
  const freeAt: number[] = new Array(instances).fill(-Infinity);
  const running: Array<SimulatedBatch | null> = new Array(instances).fill(null);
  const result: SimulationResult = {
    batches: [],
    shed: [],
    states: [],
    latencyMs: new Array(arrivalsMs.length).fill(NaN),
  };
  let next = 0; // next arrival to enqueue
  let wakeAt = Infinity;
  let now = 0;
  for (let guard = 0; guard < 10_000_000; guard++) {
    // Completions first, as the real scheduler polls them before enqueueing arrivals.
    for (let i = 0; i < instances; i++) {
      const b = running[i];
      if (b && b.doneMs <= now) {
        running[i] = null;
        const lat = b.ids.map((id) => b.doneMs - arrivalsMs[id]);
        b.ids.forEach((id, k) => (result.latencyMs[id] = lat[k]));
        policy.onBatchComplete?.({
          size: b.size,
          computeMs: b.doneMs - b.dispatchMs,
          latenciesMs: lat,
          completedAt: b.doneMs,
        });
        if (policy.observe) result.states.push({ atMs: b.doneMs, state: policy.observe() });
      }
    }
    while (next < arrivalsMs.length && arrivalsMs[next] <= now) queue.push(next++);
    const draining = next === arrivalsMs.length;
    if (wakeAt <= now) wakeAt = Infinity;
    // Ask while an instance is idle and the policy keeps dispatching.
    for (;;) {
      const idle = freeAt.filter((t) => t <= now).length;
      if (idle === 0 || queue.length === 0) break;
      const decision = policy.decide(view, { now, idleInstances: idle, draining });
      if (decision.kind === 'wait') {
        if (decision.until !== undefined) {
          if (!(decision.until > now))
            throw new Error(`policy asked to wake at ${decision.until} <= now ${now}`);
          wakeAt = decision.until;
        }
        break;
      }
      if (decision.kind === 'shed') {
        if (!(decision.count >= 1 && decision.count <= queue.length))
          throw new Error(`policy shed ${decision.count} with ${queue.length} queued`);
        const shedIds = decision.select
          ? takePositions(queue, decision.select, decision.count)
          : queue.splice(0, decision.count);
        for (const id of shedIds) result.shed.push({ id, atMs: now });
        continue;
      }
      if (!(decision.count >= 1 && decision.count <= queue.length && decision.count <= policy.maxBatch)) {
        throw new Error(`policy dispatched ${decision.count} with ${queue.length} queued`);
      }
      const ids = decision.select
        ? takePositions(queue, decision.select, decision.count)
        : queue.splice(0, decision.count);
      const instance = freeAt.findIndex((t) => t <= now);
      const doneMs =
        now +
        serviceMs(
          ids.length,
          ids.map((id) => keys[id] ?? 1),
        );
      freeAt[instance] = doneMs;
      const batch: SimulatedBatch = {
        dispatchMs: now,
        doneMs,
        ids,
        size: ids.length,
        instance,
        flushed: decision.flushed === true,
      };
      running[instance] = batch;
      result.batches.push(batch);
    }
    const nextArrival = next < arrivalsMs.length ? arrivalsMs[next] : Infinity;
    const nextFree = Math.min(...freeAt.filter((t) => t > now), Infinity);
    const upcoming = Math.min(nextArrival, nextFree, wakeAt);
    if (upcoming === Infinity) {
      if (queue.length > 0) throw new Error(`simulation stalled with ${queue.length} requests queued`);
      return result;
    }
    now = upcoming;
  }
  throw new Error('simulation did not finish');
}

/** Removes and returns the ids at `select` (ascending positions, `count` of them), as the real queue does. */
function takePositions(queue: number[], select: ArrayLike<number>, count: number): number[] {
  const positions = Array.from(select);
  if (positions.length !== count) throw new Error('select length differs from count');
  for (let k = 1; k < positions.length; k++)
    if (!(positions[k] > positions[k - 1])) throw new Error('select positions must ascend');
  if (positions[positions.length - 1] >= queue.length) throw new Error('select position past the queue');
  const ids = positions.map((p) => queue[p]);
  for (let k = positions.length - 1; k >= 0; k--) queue.splice(positions[k], 1);
  return ids;
}
