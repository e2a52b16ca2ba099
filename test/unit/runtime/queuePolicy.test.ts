/**
 * The scheduler core's queue policies (Triton's max queue size and queue timeout), priority
 * levels, and a policy's own `shed` and `select`, under a fake clock: the test decides when each
 * batch finishes and when the core is stepped.
 */
import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { OpenLoopArrivals } from '../../../src/engine/runtime/arrivalSource';
import type { CompletionHandler, Executor } from '../../../src/engine/runtime/executor';
import { queuePolicyOf, type QueuePolicy } from '../../../src/engine/runtime/queuePolicy';
import { RequestQueue } from '../../../src/engine/runtime/requestQueue';
import { SchedulerCore } from '../../../src/engine/runtime/schedulerCore';
import { createRng } from '../../../src/engine/workload/rng';
import { BATCH_REJECTED } from '../../../src/shared/profileTypes';
import type { BatchingPolicy, PolicyDecision, QueueView } from '../../../src/shared/strategies/policy';

/** An executor the test finishes by hand (each submitted batch is kept with its ids). */
class ManualExecutor implements Executor {
  readonly submitted: number[][] = [];
  private done: number[] = [];
  private stamp = 0;
  constructor(
    readonly instances = 1,
    readonly maxBatch = 8,
  ) {}
  submit(instance: number, ids: Int32Array, count: number): void {
    this.submitted.push(Array.from(ids.subarray(0, count)));
    this.done.push(instance);
  }
  /** Finishes every running batch (at time 0..1 of the worker clock: only the order matters here). */
  poll(onDone: CompletionHandler): number {
    const d = this.done;
    this.done = [];
    for (const i of d) onDone(i, 0, 1, 0);
    this.stamp += d.length;
    return d.length;
  }
  completionStamp(): number {
    return this.stamp;
  }
  waitForCompletion(): Promise<void> {
    return Promise.resolve();
  }
  failure(): Error | null {
    return null;
  }
}

/** An executor whose batches never finish: the queue only grows. */
class StuckExecutor extends ManualExecutor {
  override poll(): number {
    return 0;
  }
}

/** Dispatches one request at a time, the first of the view (like `none`). */
const oneAtATime: BatchingPolicy = {
  name: 'one',
  maxBatch: 1,
  decide: (q: QueueView): PolicyDecision =>
    q.length > 0 ? { kind: 'dispatch', count: 1 } : { kind: 'wait' },
};

interface Setup {
  policy?: BatchingPolicy;
  times: number[];
  executor?: ManualExecutor;
  queuePolicy?: QueuePolicy;
  priorities?: number[];
  prioritySeed?: number;
}

function setup(o: Setup) {
  const levels = o.priorities && o.priorities.length > 1 ? o.priorities.length : 1;
  const records = new RecordBuffer(o.times.length, levels);
  const executor = o.executor ?? new ManualExecutor();
  const core: SchedulerCore = new SchedulerCore({
    policy: o.policy ?? oneAtATime,
    executor,
    arrivals: new OpenLoopArrivals(Float64Array.from(o.times)),
    records,
    durationMs: 1000,
    originMs: 0,
    clock: (): number => core['now'],
    queuePolicy: o.queuePolicy,
    priorities: o.priorities,
    prioritySeed: o.prioritySeed,
  });
  return { core, records, executor };
}

const policy = (p: Partial<QueuePolicy>): QueuePolicy => ({
  maxQueue: 0,
  timeoutMs: 0,
  timeoutAction: 'reject',
  ...p,
});

describe('SchedulerCore queue policy', () => {
  it('rejects an arrival at once when the queue already holds maxQueue requests', () => {
    const { core, records, executor } = setup({
      times: [0, 1, 2, 3, 4],
      executor: new StuckExecutor(),
      queuePolicy: policy({ maxQueue: 2 }),
    });
    for (const t of [0, 1, 2, 3, 4]) core.step(t);
    // Request 0 runs; 1 and 2 wait (the queue is full at 2); 3 and 4 are turned away on arrival.
    assert.deepStrictEqual(executor.submitted, [[0]]);
    assert.strictEqual(core.queue.length, 2);
    assert.strictEqual(core.rejected, 2);
    const r = records.toColumns().requests;
    assert.deepStrictEqual(Array.from(r.batch), [-1, -1, -1, BATCH_REJECTED, BATCH_REJECTED]);
    assert.deepStrictEqual(Array.from(r.doneMs).slice(3), [3, 4], 'a rejection is recorded when it happens');
  });

  it('rejects a request that waited timeoutMs in the queue, waking up exactly then', () => {
    const { core, records, executor } = setup({
      times: [0, 1, 2],
      executor: new StuckExecutor(),
      queuePolicy: policy({ timeoutMs: 5 }),
    });
    core.step(0);
    core.step(1);
    const wake = core.step(2);
    // Every instance is busy, yet the core must come back when request 1 (enqueued at 1) times out.
    assert.strictEqual(wake, 6);
    assert.strictEqual(core.step(6), 7);
    assert.strictEqual(core.step(7), Infinity);
    assert.deepStrictEqual(executor.submitted, [[0]]);
    const r = records.toColumns().requests;
    assert.deepStrictEqual(Array.from(r.batch), [-1, BATCH_REJECTED, BATCH_REJECTED]);
    assert.deepStrictEqual(Array.from(r.doneMs).slice(1), [6, 7]);
    assert.strictEqual(core.rejected, 2);
  });

  it('with timeoutAction delay, serves timed-out requests after every request that has not timed out', () => {
    const { core, records, executor } = setup({
      times: [0, 1, 2, 8, 9],
      queuePolicy: policy({ timeoutMs: 5, timeoutAction: 'delay' }),
    });
    // The batch of request 0 "runs" until 10: the core is stepped without polling it until then.
    const poll = executor.poll.bind(executor);
    executor.poll = () => 0;
    for (const t of [0, 1, 2, 6, 7, 8, 9]) core.step(t);
    assert.strictEqual(core.queue.length, 4);
    executor.poll = poll;
    for (let t = 10; !core.finished; t++) core.step(t);
    // 1 and 2 timed out at 6 and 7 and went behind 3 and 4, which had not.
    assert.deepStrictEqual(executor.submitted, [[0], [3], [4], [1], [2]]);
    assert.strictEqual(core.rejected, 0);
    assert.ok(Array.from(records.toColumns().requests.batch).every((b) => b >= 0));
  });

  it('reads the queue policy from a strategy config, with defaults for profiles that lack it', () => {
    assert.deepStrictEqual(
      queuePolicyOf({ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }),
      {
        maxQueue: 0,
        timeoutMs: 0,
        timeoutAction: 'reject',
      },
    );
    assert.deepStrictEqual(
      queuePolicyOf({
        name: 'dynamic',
        maxBatch: 8,
        maxDelayMs: 2,
        preferredBatch: [],
        maxQueue: 64,
        timeoutMs: 5,
        timeoutAction: 'delay',
      }),
      { maxQueue: 64, timeoutMs: 5, timeoutAction: 'delay' },
    );
  });
});

describe('SchedulerCore priority levels', () => {
  const times = Array.from({ length: 40 }, (_, i) => i);

  /** Runs the 40 arrivals with every instance busy until all have arrived, then serves one at a time. */
  function run(priorities: number[], seed: number, p: BatchingPolicy = oneAtATime) {
    const s = setup({ times, priorities, prioritySeed: seed, policy: p });
    const poll = s.executor.poll.bind(s.executor);
    s.executor.poll = () => 0;
    for (const t of times) s.core.step(t);
    s.executor.poll = poll;
    for (let t = 40; !s.core.finished; t++) s.core.step(t);
    const levels = Array.from(s.records.toColumns().requests.priority!);
    return { order: s.executor.submitted.flat(), levels };
  }

  it('draws each request a level and dispatches level 0 first, oldest first within a level', () => {
    const { order, levels } = run([0.3, 0.7], 11);
    assert.ok(levels.includes(0) && levels.includes(1), `both levels drawn: ${levels.join('')}`);
    const waiting = order.slice(1); // request 0 went at once, before the others arrived
    const expected = [0, 1].flatMap((level) =>
      waiting.filter((id) => levels[id] === level).sort((a, b) => a - b),
    );
    assert.deepStrictEqual(waiting, expected);
  });

  it('gives request k the same level for the same seed, whatever the strategy', () => {
    const a = run([0.5, 0.25, 0.25], 5);
    const batching: BatchingPolicy = {
      name: 'pairs',
      maxBatch: 2,
      decide: (q) => (q.length > 0 ? { kind: 'dispatch', count: Math.min(2, q.length) } : { kind: 'wait' }),
    };
    const b = run([0.5, 0.25, 0.25], 5, batching);
    assert.deepStrictEqual(b.levels, a.levels);
    assert.notDeepStrictEqual(run([0.5, 0.25, 0.25], 6).levels, a.levels, 'another seed, other levels');
    assert.ok(a.levels.includes(2));
  });

  it('bounds each level by maxQueue (Triton keeps one queue per level)', () => {
    const s = setup({
      times: Array.from({ length: 30 }, (_, i) => i),
      executor: new StuckExecutor(),
      queuePolicy: policy({ maxQueue: 2 }),
      priorities: [0.5, 0.5],
      prioritySeed: 3,
    });
    for (let t = 0; t < 30; t++) s.core.step(t);
    const r = s.records.toColumns().requests;
    // Request 0 ran; after it, the first two of each level wait and the rest are rejected.
    const held = [0, 0];
    for (let id = 1; id < 30; id++) {
      const level = r.priority![id];
      const expected = held[level] < 2 ? -1 : BATCH_REJECTED;
      if (expected === -1) held[level]++;
      assert.strictEqual(r.batch[id], expected, `request ${id} at level ${level}`);
    }
    assert.strictEqual(s.core.queue.levelLength(0), 2);
    assert.strictEqual(s.core.queue.levelLength(1), 2);
  });
});

describe('SchedulerCore policy shed and select', () => {
  it('records shed requests as rejected and asks the policy again', () => {
    const asked: number[] = [];
    const shedTwo: BatchingPolicy = {
      name: 'shed-two',
      maxBatch: 4,
      decide: (q) => {
        asked.push(q.length);
        if (q.length === 3) return { kind: 'shed', count: 2 };
        return q.length > 0 ? { kind: 'dispatch', count: q.length } : { kind: 'wait' };
      },
    };
    const { core, records, executor } = setup({ policy: shedTwo, times: [0, 0, 0] });
    core.step(0.5);
    assert.deepStrictEqual(asked, [3, 1], 'asked again after the shed');
    assert.deepStrictEqual(executor.submitted, [[2]]);
    core.step(1);
    assert.ok(core.finished);
    const r = records.toColumns().requests;
    assert.deepStrictEqual(Array.from(r.batch), [BATCH_REJECTED, BATCH_REJECTED, 0]);
    assert.deepStrictEqual(Array.from(r.doneMs).slice(0, 2), [0.5, 0.5]);
    assert.strictEqual(core.rejected, 2);
  });

  it('refuses a shed of more requests than are queued', () => {
    const greedy: BatchingPolicy = {
      name: 'greedy',
      maxBatch: 1,
      decide: () => ({ kind: 'shed', count: 2 }),
    };
    const { core } = setup({ policy: greedy, times: [0] });
    assert.throws(() => core.step(0), /greedy asked to shed 2 requests with 1 queued/);
  });

  it('dispatches the selected queue positions and keeps the others in order', () => {
    let first = true;
    const picky: BatchingPolicy = {
      name: 'picky',
      maxBatch: 8,
      decide: (q) => {
        if (q.length === 0) return { kind: 'wait' };
        if (first) {
          first = false;
          return { kind: 'dispatch', count: 2, select: [1, 3] };
        }
        return { kind: 'dispatch', count: q.length };
      },
    };
    const { core, executor } = setup({ policy: picky, times: [0, 0, 0, 0, 0] });
    core.step(0);
    core.step(1);
    assert.deepStrictEqual(executor.submitted, [
      [1, 3],
      [0, 2, 4],
    ]);
  });
});

describe('RequestQueue', () => {
  /** A plain-array model of the queue: per level, the requests that have not timed out, then the delayed ones. */
  class Model {
    readonly sections: number[][];
    constructor(levels: number) {
      this.sections = Array.from({ length: 2 * levels }, () => []);
    }
    view(): number[] {
      return this.sections.flat();
    }
    take(positions: number[]): number[] {
      const view = this.view();
      const taken = positions.map((p) => view[p]);
      for (const s of this.sections) for (const id of taken) if (s.includes(id)) s.splice(s.indexOf(id), 1);
      return taken;
    }
  }

  it('matches a plain-array model through random pushes, takes, selects and delays (ring wrap-around too)', () => {
    const random = createRng(42);
    const levels = 3;
    const q = new RequestQueue(16, levels);
    const m = new Model(levels);
    const enqueuedAt = new Map<number, number>();
    let next = 0;
    const out = new Int32Array(64);
    for (let step = 0; step < 4000; step++) {
      const now = step;
      const op = random();
      if (op < 0.45) {
        const level = Math.floor(random() * levels);
        q.push(next, now - 0.5, now, 1 + (next % 5), level);
        m.sections[2 * level].push(next);
        enqueuedAt.set(next, now);
        next++;
      } else if (op < 0.6 && q.length > 0) {
        const count = 1 + Math.floor(random() * Math.min(q.length, 8));
        q.shiftInto(out, count);
        assert.deepStrictEqual(Array.from(out.subarray(0, count)), m.take([...Array(count).keys()]));
      } else if (op < 0.85 && q.length > 0) {
        const positions = [...Array(q.length).keys()].filter(() => random() < 0.3).slice(0, 32);
        if (positions.length === 0) continue;
        q.takeInto(out, positions, positions.length);
        assert.deepStrictEqual(
          Array.from(out.subarray(0, positions.length)),
          m.take(positions),
          `step ${step}`,
        );
      } else {
        // Requests enqueued more than 20 steps ago move behind their level's others.
        q.expire(now, 20, true, () => assert.fail('delay never rejects'));
        for (let level = 0; level < levels; level++) {
          const main = m.sections[2 * level];
          while (main.length > 0 && enqueuedAt.get(main[0])! + 20 <= now)
            m.sections[2 * level + 1].push(main.shift()!);
        }
      }
      const view = m.view();
      assert.strictEqual(q.length, view.length);
      for (let i = 0; i < view.length; i++) {
        assert.strictEqual(q.idAt(i), view[i], `step ${step}, position ${i}`);
        assert.strictEqual(q.enqueuedAt(i), enqueuedAt.get(view[i]));
        assert.strictEqual(q.scheduledAt(i), enqueuedAt.get(view[i])! - 0.5);
        assert.strictEqual(q.sizeKey(i), 1 + (view[i] % 5));
        assert.strictEqual(q.priority(i), m.sections.findIndex((s) => s.includes(view[i])) >> 1);
      }
    }
  });

  it('answers NaN past its end, as a policy may look before checking the length', () => {
    const q = new RequestQueue(16, 2);
    assert.ok(Number.isNaN(q.scheduledAt(0)));
    q.push(7, 1, 2, 3, 1);
    assert.strictEqual(q.priority(0), 1);
    assert.ok(Number.isNaN(q.enqueuedAt(1)));
  });

  it('refuses positions that are not ascending or lie past the end', () => {
    const q = new RequestQueue(16);
    for (let i = 0; i < 4; i++) q.push(i, i, i);
    const out = new Int32Array(4);
    assert.throws(() => q.takeInto(out, [2, 1], 2), /ascending positions/);
    assert.throws(() => q.takeInto(out, [3, 4], 2), /ascending positions/);
    assert.strictEqual(q.length, 4);
  });
});
