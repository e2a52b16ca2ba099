import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { ClosedLoopArrivals, OpenLoopArrivals } from '../../../src/engine/runtime/arrivalSource';
import { NullExecutor, type CompletionHandler, type Executor } from '../../../src/engine/runtime/executor';
import { SchedulerCore } from '../../../src/engine/runtime/schedulerCore';
import { createPolicy } from '../strategies/policyFor';
import type { StrategyConfig } from '../../../src/shared/profileTypes';
import type { BatchingPolicy } from '../../../src/shared/strategies/policy';

/** An executor the test finishes by hand: `finish(instance, start, end)`. */
class ManualExecutor implements Executor {
  readonly submitted: Array<{ instance: number; ids: number[] }> = [];
  private done: Array<[number, number, number]> = [];
  private stamp = 0;
  constructor(
    readonly instances: number,
    readonly maxBatch: number,
  ) {}
  submit(instance: number, ids: Int32Array, count: number): void {
    this.submitted.push({ instance, ids: Array.from(ids.subarray(0, count)) });
  }
  finish(instance: number, start: number, end: number): void {
    this.done.push([instance, start, end]);
    this.stamp++;
  }
  poll(onDone: CompletionHandler): number {
    const d = this.done;
    this.done = [];
    for (const [i, s, e] of d) onDone(i, s, e, 0);
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

function coreWith(config: StrategyConfig, times: number[], executor: Executor, durationMs = 1000) {
  const records = new RecordBuffer(times.length);
  const core = new SchedulerCore({
    policy: createPolicy(config),
    executor,
    arrivals: new OpenLoopArrivals(Float64Array.from(times)),
    records,
    durationMs,
    originMs: 0,
  });
  return { core, records };
}

describe('SchedulerCore', () => {
  it('completes every request exactly once with the null executor, in arrival order', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 0.5);
    let now = 0;
    const { core, records } = coreWith(
      { name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [] },
      times,
      new NullExecutor(2, 8, () => now),
    );
    while (!core.finished) {
      const wake = core.step(now);
      now = Math.max(now + 0.01, Math.min(wake, now + 0.3));
    }
    const { requests, batches } = records.toColumns();
    assert.strictEqual(requests.scheduledMs.length, 1000);
    const seen = new Uint8Array(1000);
    for (const id of batches.members) seen[id]++;
    assert.ok(
      seen.every((c) => c === 1),
      'a request ran twice or never',
    );
    for (let i = 0; i < 1000; i++) {
      assert.ok(requests.batch[i] >= 0, `request ${i} never completed`);
      assert.ok(
        requests.enqueueMs[i] >= requests.scheduledMs[i],
        `request ${i} enqueued before it was scheduled`,
      );
    }
    assert.ok(Math.max(...batches.size) <= 8);
  });

  it('records batches in dispatch order even when a later batch finishes first', () => {
    const ex = new ManualExecutor(2, 1);
    const { core, records } = coreWith({ name: 'none' }, [0, 0], ex);
    core.step(0);
    assert.deepStrictEqual(
      ex.submitted.map((s) => s.instance),
      [0, 1],
    );
    ex.finish(1, 1, 2); // the second batch finishes first
    core.step(3);
    assert.strictEqual(records.batchCount, 0, 'batch 1 must wait for batch 0 to be recorded');
    ex.finish(0, 1, 4);
    core.step(5);
    const { batches, requests } = records.toColumns();
    assert.deepStrictEqual(Array.from(batches.members), [0, 1]);
    assert.deepStrictEqual(Array.from(batches.instance), [0, 1]);
    assert.deepStrictEqual(Array.from(requests.doneMs), [5, 3]);
    assert.ok(core.finished);
  });

  it('keeps no per-batch state once out-of-order batches are recorded', () => {
    const ex = new ManualExecutor(2, 1);
    const { core, records } = coreWith({ name: 'none' }, new Array<number>(20).fill(0), ex);
    let now = 0;
    core.step(now);
    while (!core.finished) {
      ex.finish(1, now, now + 1); // the later batch always finishes first
      ex.finish(0, now, now + 2);
      now += 3;
      core.step(now);
    }
    assert.strictEqual(records.batchCount, 20);
    // Views are cached per in-flight slot only: a cache entry per reordered batch would grow with the run.
    assert.ok(core['viewCache'].size <= ex.instances, `${core['viewCache'].size} cached member views`);
  });

  it('measures how late a timed dispatch of the dynamic policy was', () => {
    const ex = new ManualExecutor(1, 8);
    const { core } = coreWith(
      { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
      [0, 5],
      ex,
    );
    const wake = core.step(0);
    assert.strictEqual(wake, 2, 'should ask to be woken when the oldest request has waited 2 ms');
    core.step(2.25);
    assert.deepStrictEqual(ex.submitted[0].ids, [0]);
    assert.deepStrictEqual(core.delayErrorsMs, [0.25]);
  });

  it('leaves an end-of-run flush out of the delay statistics, even one past a requested wake-up', () => {
    // A policy that asks to be woken at 5 and, when the run drains after that, flushes what it
    // holds: the flush is the end of the run's doing, not the policy's timing.
    const flusher: BatchingPolicy = {
      name: 'flusher',
      maxBatch: 8,
      decide: (q, s) =>
        s.draining ? { kind: 'dispatch', count: q.length, flushed: true } : { kind: 'wait', until: 5 },
    };
    const ex = new ManualExecutor(1, 8);
    const records = new RecordBuffer(4);
    const core = new SchedulerCore({
      policy: flusher,
      executor: ex,
      // Two closed-loop clients: both send at 0, and nothing completes before the 3 ms window ends.
      arrivals: new ClosedLoopArrivals(2, 3),
      records,
      durationMs: 3,
      originMs: 0,
    });
    assert.strictEqual(core.step(0), 3, 'wakes at the end of the arrival window, before the requested 5');
    core.step(6); // past both the window and the requested wake-up: drains with a flush
    assert.deepStrictEqual(ex.submitted[0].ids, [0, 1]);
    assert.deepStrictEqual(core.delayErrorsMs, [], 'a flush is not a timed dispatch');
  });

  it('asks to be woken at the end of the arrival window when nothing else is due', () => {
    // One closed-loop client: its request waits in static's half-full batch, and its next request
    // comes only after that one completes. Only the end of the window (when static must flush) can
    // change anything, so the core must ask to be woken then.
    const ex = new ManualExecutor(1, 2);
    const records = new RecordBuffer(4);
    const core = new SchedulerCore({
      policy: createPolicy({ name: 'static', batchSize: 2 }),
      executor: ex,
      arrivals: new ClosedLoopArrivals(1, 50),
      records,
      durationMs: 50,
      originMs: 0,
    });
    assert.strictEqual(core.step(0), 50);
    assert.strictEqual(ex.submitted.length, 0, 'static holds a lone request');
    core.step(50);
    assert.deepStrictEqual(ex.submitted[0].ids, [0], 'flushed once the window ended');
  });

  it('runs a closed loop: each client sends its next request when the previous completes', () => {
    const ex = new ManualExecutor(1, 4);
    const records = new RecordBuffer(16);
    const core = new SchedulerCore({
      policy: createPolicy({ name: 'static', batchSize: 2 }),
      executor: ex,
      arrivals: new ClosedLoopArrivals(2, 10),
      records,
      durationMs: 10,
      originMs: 0,
    });
    core.step(0);
    assert.deepStrictEqual(ex.submitted[0].ids, [0, 1]);
    ex.finish(0, 0, 3);
    core.step(4); // both clients send again at 4
    assert.deepStrictEqual(ex.submitted[1].ids, [2, 3]);
    const cols = records.toColumns().requests;
    assert.deepStrictEqual(Array.from(cols.scheduledMs), [0, 0, 4, 4]);
    ex.finish(0, 4, 11);
    core.step(12); // past the duration: no further requests, the run ends
    assert.ok(core.finished);
    assert.strictEqual(records.requestCount, 4);
  });

  it('on abort stops arrivals, keeps queued requests unfinished, and lets running batches end', () => {
    const ex = new ManualExecutor(1, 1);
    const { core, records } = coreWith({ name: 'none' }, [0, 0, 0, 50], ex);
    core.step(0);
    core.abort();
    assert.ok(!core.finished, 'a batch is still running');
    ex.finish(0, 0, 1);
    core.step(2);
    assert.ok(core.finished);
    const r = records.toColumns().requests;
    assert.deepStrictEqual(Array.from(r.batch), [0, -1, -1]);
  });

  it('stamps done after the batch ended even if it finished after the driver read the time', () => {
    const ex = new ManualExecutor(1, 1);
    const records = new RecordBuffer(2);
    let clock = 0;
    const core = new SchedulerCore({
      policy: createPolicy({ name: 'none' }),
      executor: ex,
      arrivals: new OpenLoopArrivals(Float64Array.from([0, 0])),
      records,
      durationMs: 10,
      originMs: 0,
      clock: () => clock,
    });
    core.step(0);
    ex.finish(0, 0.5, 4.2); // ended at 4.2, but the driver read 4.0 before polling
    clock = 4.3;
    core.step(4);
    const { requests, batches } = records.toColumns();
    assert.strictEqual(requests.doneMs[0], 4.3);
    assert.strictEqual(batches.dispatchMs.length, 1);
    assert.deepStrictEqual(ex.submitted[1].ids, [1]);
  });

  it('rejects a policy decision that takes more requests than are queued', () => {
    const ex = new ManualExecutor(1, 8);
    const records = new RecordBuffer(4);
    const core = new SchedulerCore({
      policy: { name: 'broken', maxBatch: 8, decide: () => ({ kind: 'dispatch', count: 5 }) },
      executor: ex,
      arrivals: new OpenLoopArrivals(Float64Array.from([0])),
      records,
      durationMs: 10,
      originMs: 0,
    });
    assert.throws(() => core.step(0), /broken asked to dispatch 5 requests with 1 queued/);
  });
});
